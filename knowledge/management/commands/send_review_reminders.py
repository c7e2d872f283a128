"""Remind owners of process articles whose review is due (``knowledge.reviews``).

Meant to run daily in the morning (see ``LERNWERK_PERIODIC_COMMANDS``). The work itself
is the task ``knowledge.tasks.send_review_reminders``, so it runs in the worker like all
background work and its result is kept with the other task results; ``--now`` runs it in
this process instead. Running it twice a day sends nothing twice.
"""

from core.management.task_command import CountingTaskCommand
from knowledge.tasks import send_review_reminders

LABELS = {
    "sent": "Erinnerungen gesendet",
    "failed": "Fehlgeschlagen",
    "nobody": "Prozesse ohne erreichbare verantwortliche Stelle",
}


class Command(CountingTaskCommand):
    help = (
        "Reiht die Aufgabe ein, die Prozessverantwortliche an fällige Prüfungen ihrer "
        "Prozessbeschreibungen erinnert."
    )
    task = send_review_reminders
    failure_message = "Das Senden der Prüferinnerungen ist fehlgeschlagen."
    labels = LABELS
    failure_log = "lernwerk.knowledge"
