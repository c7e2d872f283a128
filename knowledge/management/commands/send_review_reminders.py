"""Remind owners of process articles whose review is due (``knowledge.reviews``).

Meant to run daily in the morning (see ``LERNWERK_PERIODIC_COMMANDS``). The work itself
is the task ``knowledge.tasks.send_review_reminders``, so it runs in the worker like all
background work and its result is kept with the other task results; ``--now`` runs it in
this process instead. Running it twice a day sends nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from knowledge.tasks import send_review_reminders

LABELS = {
    "sent": "Erinnerungen gesendet",
    "failed": "Fehlgeschlagen",
    "nobody": "Prozesse ohne erreichbare verantwortliche Stelle",
}


class Command(BaseCommand):
    help = (
        "Reiht die Aufgabe ein, die Prozessverantwortliche an fällige Prüfungen ihrer "
        "Prozessbeschreibungen erinnert."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Sofort in diesem Prozess ausführen statt im Worker.",
        )

    def handle(self, *args, now: bool, verbosity: int, **options):
        if now:
            counts = send_review_reminders.call()
        else:
            result = send_review_reminders.enqueue()
            # Backends that run tasks at once (the test settings) have the answer already.
            if result.status == TaskResultStatus.FAILED:
                raise CommandError("Das Senden der Prüferinnerungen ist fehlgeschlagen.")
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
                "(lernwerk.knowledge). Sie werden beim nächsten Lauf erneut versucht."
            )
