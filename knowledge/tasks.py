"""Background work of process knowledge.

Thin wrappers around the modules that do the work and take ``today`` for tests. Tasks run
in the ``db_worker`` (django-tasks-db); tests use the immediate backend. Return values are
kept with the task results.
"""

from django_tasks import task

from . import reviews


@task()
def send_review_reminders() -> dict[str, int]:
    """Review reminders to the owners (or deputies) of articles due for review."""
    return reviews.send_review_reminders()
