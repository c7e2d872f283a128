"""Background work about accounts: invitations and closing the accounts of leavers.

Tasks run in the ``db_worker`` (django-tasks-db); tests use the immediate backend.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .models import Employee


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
    context = {"user": user, "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path}
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
