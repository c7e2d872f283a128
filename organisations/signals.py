"""Copy the user's chosen language into the session when they log in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from wagtail.users.models import UserProfile

from .middleware import LANGUAGE_SESSION_KEY


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    language = UserProfile.get_for_user(user).preferred_language
    if language:
        request.session[LANGUAGE_SESSION_KEY] = language
