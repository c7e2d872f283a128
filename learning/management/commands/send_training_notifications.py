"""Send today's e-mails about mandatory training, and on its weekday the managers' digest.

Meant to run daily in the morning (see ``LERNWERK_PERIODIC_COMMANDS``). The work itself
is the task ``learning.tasks.send_training_notifications``, so it runs in the worker like
all background work and its result is kept with the other task results; ``--now`` runs
it in this process instead. Running it twice a day sends nothing twice.
"""

from core.management.task_command import CountingTaskCommand
from learning.tasks import send_training_notifications

LABELS = {
    "assigned": "Zuweisungen",
    "reminders": "Erinnerungen",
    "overdue": "Überfällig-Hinweise",
    "digests": "Wochenübersichten",
    "failed": "Fehlgeschlagen",
}


class Command(CountingTaskCommand):
    help = (
        "Reiht die Aufgabe ein, die E-Mails zu Pflichtschulungen sendet (Zuweisung, "
        "Erinnerung, Überfälligkeit, Wochenübersicht für Führungskräfte)."
    )
    task = send_training_notifications
    failure_message = "Das Senden der E-Mails ist fehlgeschlagen."
    labels = LABELS
    failure_log = "lernwerk.notifications"
