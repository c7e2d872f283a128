"""Request-wide rules of the intranet: login everywhere, the user's language, CSP, and
no caching of what a signed-in user sees."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from wagtail.views import serve as wagtail_serve

#: Session key holding the language the user chose (copied from their profile at login).
LANGUAGE_SESSION_KEY = "lernwerk_language"


def _is_admin_path(path: str) -> bool:
    return path.startswith(settings.ADMIN_URL_PREFIXES)


class IntranetLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login, except views marked ``login_not_required``.

    Two exceptions are delegated: the Wagtail admin has its own login, and Wagtail pages
    decide for themselves (``Page.login_required``, checked in a ``before_serve_page``
    hook), because one URL pattern serves both public and internal pages.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _is_admin_path(request.path_info) or view_func is wagtail_serve:
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivateResponsesMiddleware:
    """Every response to a signed-in user says ``Cache-Control: private, no-store``.

    What a signed-in user sees is theirs: the start page with their trainings, a module
    with their quiz result, reports, exports, documents of their municipality. No proxy
    of a town hall's network and no shared workstation's browser cache may keep it.
    This holds for the public pages too (accessibility statement, privacy notice): the
    header shows the user's name. Anonymous responses are left alone, so the public
    pages stay cacheable for everyone else. Static files never get here: WhiteNoise
    (production, placed before this middleware) and ``runserver`` (quick start) answer
    them first.

    Headers a view set itself (``never_cache``, ``max-age``) are kept; ``private``
    replaces a ``public``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: the login view signs in, the logout view signs out.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class UserLanguageMiddleware(MiddlewareMixin):
    """German unless the user chose otherwise.

    The browser's Accept-Language header is deliberately ignored: staff browsers are
    often set up in English, yet the platform's language is German.
    """

    def process_request(self, request):
        language = None
        if hasattr(request, "session"):
            language = request.session.get(LANGUAGE_SESSION_KEY)
        if not language:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class LernwerkCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, the Wagtail admin's looser one under its prefix."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
