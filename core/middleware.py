"""Request plumbing shared by every app."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site

from . import versions

#: Session key holding when the session's expiry was last pushed forward (Unix seconds).
REFRESHED_KEY = "_lernwerk_refreshed"


class SessionRefreshMiddleware:
    """Keep an active session alive without writing it on every request.

    Sessions end after ``SESSION_COOKIE_AGE`` of inactivity. Django's
    ``SESSION_SAVE_EVERY_REQUEST`` gets there by saving the session on every request:
    three statements and a commit each time, and a user's parallel requests queue on the
    row lock. Saving when the last refresh is ``SESSION_REFRESH_INTERVAL`` old gives the
    same idle timeout, at most that interval shorter, for one write per interval.

    Placed after ``SessionMiddleware``, so that on the way out it marks the session
    before ``SessionMiddleware`` decides whether to save it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.interval = settings.SESSION_REFRESH_INTERVAL

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (anonymous, no cookie) has nothing to keep alive.
        if session is None or session.modified or session.is_empty() or not session.keys():
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_KEY, 0) >= self.interval:
            session[REFRESHED_KEY] = now
        return response


class VersionsMiddleware:
    """Read the site's, the user's and the registered cache versions (``core.versions``)
    in one query.

    Placed after ``AuthenticationMiddleware``. The site version keys the default cache
    for the rest of the request (``core.cache``); both numbers go onto the user object,
    where ``organisations.roles.user_facts`` finds them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        keys = [versions.SITE, *versions.REQUEST_KEYS]
        if user.is_authenticated:
            keys.append(versions.user_key(user.pk))
        numbers = versions.read(*keys)
        if user.is_authenticated:
            user.lernwerk_versions = (numbers[versions.SITE], numbers[keys[-1]])
        token = versions.current_site_version.set(numbers[versions.SITE])
        numbers_token = versions.current_numbers.set(numbers)
        try:
            request._wagtail_site = _site_for(request)
            return self.get_response(request)
        finally:
            versions.current_numbers.reset(numbers_token)
            versions.current_site_version.reset(token)


def _site_for(request):
    """Wagtail's site for the request, with its root page already specific, from the
    site-versioned cache: Wagtail asks once per request (``Site.find_for_request`` keeps
    it on the request) and then loads the root page's own row to route from it."""
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"lernwerk_site:{hostname}:{request.get_port()}"

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    return cache.get_or_set(key, find, timeout=None)
