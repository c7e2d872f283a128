"""Refresh the cooperation-wide course figures of the course overview.

Meant to run daily (see ``LERNWERK_PERIODIC_COMMANDS``). The work is the task
``learning.statistics.refresh_course_statistics_task``, so it runs in the worker like
all background work and its result is kept with the other task results; ``--now`` runs
it here instead, e.g. right after an import.
"""

from core.management.task_command import TaskCommand
from learning.statistics import refresh_course_statistics_task


class Command(TaskCommand):
    help = "Aktualisiert die Kursstatistik für Kommunen und Kooperation (als Aufgabe)."
    task = refresh_course_statistics_task
    failure_message = "Die Aktualisierung der Kursstatistik ist fehlgeschlagen."

    def report(self, rows: int, verbosity: int) -> None:
        if verbosity:
            self.stdout.write(f"Kursstatistik aktualisiert: {rows} Zeilen.")
