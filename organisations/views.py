"""Account views of the front end: profile and language choice.

Login, logout and password views are Django's own (see ``organisations.urls``).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.users.models import UserProfile

from .forms import LanguageForm
from .middleware import LANGUAGE_SESSION_KEY
from .roles import employee_of


def profile(request):
    """The signed-in user's own record; HR data is read-only here (it comes from HR)."""
    employee = employee_of(request.user)
    if employee is not None:
        employee = (
            type(employee)
            .objects.select_related("municipality", "org_unit", "position__org_unit")
            .get(pk=employee.pk)
        )
    form = LanguageForm(initial={"language": translation.get_language()})
    return render(
        request,
        "organisations/profile.html",
        {"employee": employee, "language_form": form, "page_title": _("Mein Profil")},
    )


@require_POST
def set_language(request):
    """Store the chosen language on the profile (so the admin follows) and the session."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if not form.is_valid():
        messages.error(request, _("Diese Sprache wird nicht angeboten."))
        return redirect(next_url)
    language = form.cleaned_data["language"]
    profile = UserProfile.get_for_user(request.user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    request.session[LANGUAGE_SESSION_KEY] = language
    translation.activate(language)
    messages.success(request, _("Die Sprache wurde geändert."))
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response
