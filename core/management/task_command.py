"""The shape every periodic command shares: enqueue a background task, or run it now.

Periodic commands (``LERNWERK_PERIODIC_COMMANDS``) only hand their work to the worker
(``manage.py db_worker``), so it runs like all background work and its result is kept
with the other task results; ``--now`` runs it in the calling process instead. With a
backend that runs tasks at once (the test settings) the result is there immediately.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

NOT_DONE = object()


class TaskCommand(BaseCommand):
    """Subclasses set ``task`` and ``failure_message`` and may override ``report``."""

    task = None
    failure_message = "Die Aufgabe ist fehlgeschlagen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Sofort in diesem Prozess ausführen statt im Worker.",
        )

    def handle(self, *args, now: bool, verbosity: int, **options):
        result = self.run_task(now, verbosity)
        if result is not NOT_DONE:
            self.report(result, verbosity)

    def run_task(self, now: bool, verbosity: int):
        """The task's return value, or ``NOT_DONE`` when the worker will run it later."""
        if now:
            return self.task.call()
        result = self.task.enqueue()
        if result.status == TaskResultStatus.FAILED:
            raise CommandError(self.failure_message)
        if result.status != TaskResultStatus.SUCCESSFUL:
            if verbosity:
                self.stdout.write(
                    f"Aufgabe eingereiht ({result.id}); der Worker (manage.py db_worker) "
                    "führt sie aus."
                )
            return NOT_DONE
        return result.return_value

    def report(self, result, verbosity: int) -> None:
        if verbosity:
            self.stdout.write(str(result))


class CountingTaskCommand(TaskCommand):
    """For tasks that return ``{kind: count}``: one line with German labels, and the
    number of failed e-mails on stderr, so that cron mails it."""

    labels: dict[str, str] = {}
    heading = ""
    failure_log = "lernwerk"

    def report(self, counts: dict[str, int], verbosity: int) -> None:
        if verbosity:
            parts = ", ".join(f"{self.labels.get(k, k)}: {n}" for k, n in counts.items())
            self.stdout.write(f"{self.heading}: {parts}" if self.heading else parts)
        if counts.get("failed"):
            self.stderr.write(
                f"{counts['failed']} E-Mails konnten nicht gesendet werden; siehe Log "
                f"({self.failure_log}). Sie werden beim nächsten Lauf erneut versucht."
            )
