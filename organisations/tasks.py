"""Background work about accounts: invitations and closing the accounts of leavers.

Tasks run in the ``db_worker`` (django-tasks-db); tests use the immediate backend.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from core.mail import absolute_url

from .importing.uploads import run_upload
from .models import Employee, EmployeeImport

logger = logging.getLogger(__name__)

#: Invitations are enqueued as tasks of this many accounts each: 50,000 tasks after
#: a first import would keep the worker's table busy for minutes.
INVITATION_BATCH = 500


@task()
def send_invitation(user_id: int) -> None:
    """Invite a new user to set their password (a password-reset link, in German).

    The import now enqueues ``send_invitations``; this stays for tasks already queued.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        _invite(user)


@task()
def send_invitations(user_ids: list[int]) -> int:
    """Invite a batch of new users (the import enqueues hundreds per task, not one
    task per person); returns how many were invited."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
    invited = 0
    for user in users:
        invited += _invite(user)
    return invited


def invite_on_commit(user_ids: list[int]) -> None:
    """Enqueue ``send_invitations`` for ``user_ids`` in batches once the current
    transaction commits; nothing is enqueued if it rolls back."""
    for start in range(0, len(user_ids), INVITATION_BATCH):
        batch = user_ids[start : start + INVITATION_BATCH]
        transaction.on_commit(partial(send_invitations.enqueue, batch))


def _invite(user) -> bool:
    if not user.email:
        return False
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "url": absolute_url(path)}
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=render_to_string("organisations/email/invitation_subject.txt", context).strip(),
            message=render_to_string("organisations/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    return True


@task()
def deactivate_leavers() -> int:
    """Close the accounts of everyone whose leaving date has passed; returns how many."""
    today = timezone.localdate()
    user_ids = Employee.objects.filter(leaving_date__lt=today, user__is_active=True).values(
        "user_id"
    )
    return get_user_model().objects.filter(pk__in=user_ids).update(is_active=False)


@task()
def run_employee_import(import_id: int) -> str:
    """Check and apply an uploaded staff file (``EmployeeImport``); idempotent."""
    return run_upload(import_id)


@task()
def prune_employee_imports() -> int:
    """Delete uploaded staff files and their per-line errors after the retention period
    (``LERNWERK_IMPORT_RETENTION_DAYS``); the counts stay. Returns how many runs."""
    return EmployeeImport.objects.past_retention(settings.LERNWERK_IMPORT_RETENTION_DAYS).update(
        data=b"", errors=[], purged_at=timezone.now()
    )


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died too often while running it."""


def requeue_stale_tasks(now=None) -> dict[str, int]:
    """Find tasks left "running" by a dead worker and queue them again.

    A worker that is killed (deploy, out of memory, a rebooted server) leaves its task
    in ``RUNNING`` for ever, and django-tasks-db has no heartbeat to notice. A task still
    running ``LERNWERK_TASK_STALE_AFTER`` after it started is taken for such a task and
    made ``READY`` again, so the next worker runs it; after ``LERNWERK_TASK_MAX_ATTEMPTS``
    starts (one worker id per start) it is marked failed with a message instead, so a
    task that kills its worker does not loop. Our tasks are idempotent, so a task that
    was in fact only slow is merely done twice. Runs in the calling process, not as a
    task: when no worker is alive, a task could not do it.
    """
    now = now or timezone.now()
    cutoff = now - settings.LERNWERK_TASK_STALE_AFTER
    counts = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        stale = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
        )
        for result in stale:
            if len(result.worker_ids) >= settings.LERNWERK_TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                result.traceback = (
                    f"Worker lost: still running {now - result.started_at} after its start, "
                    f"{len(result.worker_ids)} attempts (workers {', '.join(result.worker_ids)})."
                )
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                counts["failed"] += 1
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                counts["requeued"] += 1
    if counts["requeued"] or counts["failed"]:
        logger.warning(
            "Stale tasks of dead workers: %(requeued)d re-queued, %(failed)d failed", counts
        )
    return counts
