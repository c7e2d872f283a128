"""Request plumbing shared by every app."""

from __future__ import annotations

import time

from django.conf import settings

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
