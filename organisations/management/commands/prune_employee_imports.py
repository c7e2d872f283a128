"""``manage.py prune_employee_imports [--now]``: delete old uploaded staff files.

Uploaded files and their per-line errors hold names and e-mail addresses; they are
deleted ``LERNWERK_IMPORT_RETENTION_DAYS`` after the upload (docs/privacy.md). Listed
in ``LERNWERK_PERIODIC_COMMANDS``.
"""

from core.management.task_command import TaskCommand
from organisations.tasks import prune_employee_imports


class Command(TaskCommand):
    help = "Löscht hochgeladene Personaldateien und ihre Fehlerlisten nach der Aufbewahrungsfrist."
    task = prune_employee_imports
    failure_message = "Das Löschen alter Importdateien ist fehlgeschlagen."

    def report(self, result, verbosity: int) -> None:
        if verbosity:
            self.stdout.write(f"Importdateien gelöscht: {result}")
