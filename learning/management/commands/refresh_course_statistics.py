"""Refresh the cooperation-wide course figures of the course overview.

Meant to run daily (see ``LERNWERK_PERIODIC_COMMANDS``). The work is the task
``learning.statistics.refresh_course_statistics_task``, so it runs in the worker like
all background work and its result is kept with the other task results; ``--now`` runs
it here instead, e.g. right after an import.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from learning.statistics import refresh_course_statistics, refresh_course_statistics_task


class Command(BaseCommand):
    help = "Aktualisiert die Kursstatistik für Kommunen und Kooperation (als Aufgabe)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Sofort in diesem Prozess rechnen, statt die Aufgabe einzureihen.",
        )

    def handle(self, *args, now: bool, verbosity: int, **options):
        if now:
            rows = refresh_course_statistics()
            if verbosity:
                self.stdout.write(f"Kursstatistik aktualisiert: {rows} Zeilen.")
            return
        result = refresh_course_statistics_task.enqueue()
        # Backends that run tasks at once (the test settings) have the answer already.
        if result.status == TaskResultStatus.FAILED:
            raise CommandError("Die Aktualisierung der Kursstatistik ist fehlgeschlagen.")
        if verbosity == 0:
            return
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"Kursstatistik aktualisiert: {result.return_value} Zeilen.")
        else:
            self.stdout.write(
                f"Aufgabe eingereiht ({result.id}); der Worker (manage.py db_worker) führt sie aus."
            )
