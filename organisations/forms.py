"""Front-end forms of accounts under /konto/: the language choice and the password reset.

The admin's forms (people and structure, the staff import) are in
``organisations.admin_forms``, next to the viewsets that use them.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Sprache"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class InvitationAwarePasswordResetForm(PasswordResetForm):
    """Also reaches invited people who never set a password.

    Django skips accounts without a usable password; for Lernwerk those are the staff
    whose invitation link expired, and "Passwort vergessen?" is how they get a new one.
    """

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if (user.email or "").casefold() == email.casefold())
