"""Close the accounts of staff whose leaving date has passed.

Meant to run daily (see ``LERNWERK_PERIODIC_COMMANDS``). The work itself is the task
``organisations.tasks.deactivate_leavers``, so it runs in the worker like all background
work and its result is kept with the other task results.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from organisations.tasks import deactivate_leavers


class Command(BaseCommand):
    help = "Reiht die Aufgabe ein, die Konten ausgeschiedener Beschäftigter zu deaktivieren."

    def handle(self, *args, verbosity: int, **options):
        result = deactivate_leavers.enqueue()
        # Backends that run tasks at once (the test settings) have the answer already.
        if result.status == TaskResultStatus.FAILED:
            raise CommandError("Das Deaktivieren ist fehlgeschlagen.")
        if verbosity == 0:
            return
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"Deaktivierte Konten: {result.return_value}")
        else:
            self.stdout.write(
                f"Aufgabe eingereiht ({result.id}); der Worker (manage.py db_worker) führt sie aus."
            )
