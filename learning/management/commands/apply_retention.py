"""Delete learning records whose retention period has passed (``learning.retention``).

Meant to run daily at night (see ``LERNWERK_PERIODIC_COMMANDS``). The work itself is the
task ``learning.tasks.apply_retention``, so it runs in the worker like all background
work; ``--now`` runs it in this process, ``--dry-run`` only counts what is due.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from learning.retention import apply_retention as apply_retention_now
from learning.tasks import apply_retention

LABELS = {
    "quiz_attempts": "Quizversuche",
    "module_progress": "Modulfortschritte",
    "exemptions": "Befreiungen",
    "obligations": "Schulungspflichten",
    "external_completions": "Externe Abschlüsse",
    "course_completions": "Kursabschlüsse",
    "manager_digests": "Protokoll der Wochenübersichten",
}


class Command(BaseCommand):
    help = (
        "Reiht die Aufgabe ein, die Lerndaten nach Ablauf ihrer Aufbewahrungsfrist löscht "
        "(siehe docs/privacy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Sofort in diesem Prozess ausführen statt im Worker.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur zählen, was gelöscht würde; nichts löschen.",
        )

    def handle(self, *args, now: bool, dry_run: bool, verbosity: int, **options):
        if dry_run:
            self.write_counts("Zu löschen", apply_retention_now(dry_run=True), verbosity=1)
            return
        if now:
            counts = apply_retention.call()
        else:
            result = apply_retention.enqueue()
            # Backends that run tasks at once (the test settings) have the answer already.
            if result.status == TaskResultStatus.FAILED:
                raise CommandError("Das Löschen nach Aufbewahrungsfrist ist fehlgeschlagen.")
            if result.status != TaskResultStatus.SUCCESSFUL:
                if verbosity:
                    self.stdout.write(
                        f"Aufgabe eingereiht ({result.id}); der Worker (manage.py db_worker) "
                        "führt sie aus."
                    )
                return
            counts = result.return_value
        self.write_counts("Gelöscht", counts, verbosity)

    def write_counts(self, heading: str, counts: dict[str, int], verbosity: int) -> None:
        if verbosity:
            parts = ", ".join(f"{LABELS.get(kind, kind)}: {n}" for kind, n in counts.items())
            self.stdout.write(f"{heading}: {parts}")
