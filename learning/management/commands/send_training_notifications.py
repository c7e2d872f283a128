"""Send today's e-mails about mandatory training, and on its weekday the managers' digest.

Meant to run daily in the morning (see ``LERNWERK_PERIODIC_COMMANDS``). The work itself
is the task ``learning.tasks.send_training_notifications``, so it runs in the worker like
all background work and its result is kept with the other task results; ``--now`` runs
it in this process instead. Running it twice a day sends nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from learning.tasks import send_training_notifications

LABELS = {
    "assigned": "Zuweisungen",
    "reminders": "Erinnerungen",
    "overdue": "Überfällig-Hinweise",
    "digests": "Wochenübersichten",
    "failed": "Fehlgeschlagen",
}


class Command(BaseCommand):
    help = (
        "Reiht die Aufgabe ein, die E-Mails zu Pflichtschulungen sendet (Zuweisung, "
        "Erinnerung, Überfälligkeit, Wochenübersicht für Führungskräfte)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Sofort in diesem Prozess ausführen statt im Worker.",
        )

    def handle(self, *args, now: bool, verbosity: int, **options):
        if now:
            counts = send_training_notifications.call()
        else:
            result = send_training_notifications.enqueue()
            # Backends that run tasks at once (the test settings) have the answer already.
            if result.status == TaskResultStatus.FAILED:
                raise CommandError("Das Senden der E-Mails ist fehlgeschlagen.")
            if result.status != TaskResultStatus.SUCCESSFUL:
                if verbosity:
                    self.stdout.write(
                        f"Aufgabe eingereiht ({result.id}); der Worker (manage.py db_worker) "
                        "führt sie aus."
                    )
                return
            counts = result.return_value
        if verbosity:
            self.stdout.write(
                ", ".join(f"{LABELS.get(kind, kind)}: {count}" for kind, count in counts.items())
            )
        if counts.get("failed"):
            self.stderr.write(
                f"{counts['failed']} E-Mails konnten nicht gesendet werden; siehe Log "
                "(lernwerk.notifications). Sie werden beim nächsten Lauf erneut versucht."
            )
