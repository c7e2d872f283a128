"""``manage.py requeue_stale_tasks``: re-queue the tasks of workers that died.

Runs in this process (not as a task: the point is to help when no worker is alive);
listed in ``LERNWERK_PERIODIC_COMMANDS``. See ``organisations.tasks.requeue_stale_tasks``.
"""

from django.core.management.base import BaseCommand

from organisations.tasks import requeue_stale_tasks


class Command(BaseCommand):
    help = "Stellt Aufgaben erneut ein, die ein abgestürzter Worker als „läuft“ hinterlassen hat."

    def handle(self, *args, verbosity: int, **options):
        counts = requeue_stale_tasks()
        if verbosity:
            self.stdout.write(
                f"Hängende Aufgaben: {counts['requeued']} erneut eingereiht, "
                f"{counts['failed']} als fehlgeschlagen markiert"
            )
