"""Receivers of organisations: language at login, provisioning of new municipalities,
invitations to accounts created by the staff import."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.users.models import UserProfile

from .importing import accounts_created
from .middleware import LANGUAGE_SESSION_KEY
from .models import Municipality
from .provisioning import provision_municipality
from .tasks import invite_on_commit


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    """Copy the user's chosen language into the session when they log in."""
    if request is None or not hasattr(request, "session"):
        return
    language = UserProfile.get_for_user(user).preferred_language
    if language:
        request.session[LANGUAGE_SESSION_KEY] = language


@receiver(post_save, sender=Municipality, dispatch_uid="organisations_provision_municipality")
def provision_saved_municipality(sender, instance, raw=False, **kwargs):
    """Every save of a municipality brings its groups, collection and section in step
    (``provisioning`` is idempotent); fixtures loaded raw are left as they are."""
    if not raw:
        provision_municipality(instance)


@receiver(accounts_created, dispatch_uid="organisations_invite_created_accounts")
def invite_created_accounts(sender, user_ids, **kwargs):
    """New accounts get their invitation once the import has committed."""
    invite_on_commit(user_ids)
