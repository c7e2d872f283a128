"""Delete learning records whose retention period has passed (``learning.retention``).

Meant to run daily at night (see ``LERNWERK_PERIODIC_COMMANDS``). The work itself is the
task ``learning.tasks.apply_retention``, so it runs in the worker like all background
work; ``--now`` runs it in this process, ``--dry-run`` only counts what is due.
"""

from core.management.task_command import CountingTaskCommand
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


class Command(CountingTaskCommand):
    help = (
        "Reiht die Aufgabe ein, die Lerndaten nach Ablauf ihrer Aufbewahrungsfrist löscht "
        "(siehe docs/privacy.md)."
    )
    task = apply_retention
    failure_message = "Das Löschen nach Aufbewahrungsfrist ist fehlgeschlagen."
    labels = LABELS
    heading = "Gelöscht"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur zählen, was gelöscht würde; nichts löschen.",
        )

    def handle(self, *args, dry_run: bool, **options):
        if dry_run:
            self.heading = "Zu löschen"
            self.report(apply_retention_now(dry_run=True), verbosity=1)
            return
        super().handle(*args, **options)
