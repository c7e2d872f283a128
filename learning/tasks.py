"""Background work of mandatory training: e-mails and deleting old learning records.

Thin wrappers: the work is done in ``learning.notifications`` and ``learning.retention``,
which take ``today`` for tests. Tasks run in the ``db_worker`` (django-tasks-db); tests
use the immediate backend. Return values are kept with the task results.
"""

from django_tasks import task

from . import notifications, retention


@task()
def send_training_notifications() -> dict[str, int]:
    """Today's assigned, reminder and overdue mails, and on its weekday the digests."""
    return notifications.send_training_notifications()


@task()
def notify_assignment(assignment_id: int) -> int:
    """The assigned mails of one new assignment; enqueue with ``transaction.on_commit``
    after ``sync_assignment``. Returns how many were sent."""
    return notifications.send_assigned_mails(assignment_id=assignment_id)


@task()
def apply_retention() -> dict[str, int]:
    """Delete learning records whose retention period has passed; counts per kind."""
    return retention.apply_retention()
