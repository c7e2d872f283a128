"""The default cache: each worker's memory, under the site version of the request.

What Django and Wagtail keep in the default cache (Wagtail's site root paths above all,
read by every page URL) is the same for all workers and changes only when pages are
published, moved or deleted or a site is edited. Kept in the worker's memory it costs no
query; keyed with the site version (``core.versions``) a change reaches every worker
with its next request. Outside a request (management commands, background tasks) there
is no version to key with, so nothing is cached there: those read the database.

Counters that must be shared between workers (rate limits) use the ``shared`` cache.
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

from .versions import current_site_version


class SiteVersionedLocMemCache(LocMemCache):
    def make_key(self, key, version=None):
        site_version = current_site_version.get()
        return super().make_key(f"s{site_version}:{key}", version=version)

    @staticmethod
    def _active() -> bool:
        return current_site_version.get() is not None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._active() and super().add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return super().get(key, default, version) if self._active() else default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._active():
            super().set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._active() and super().touch(key, timeout, version)

    def incr(self, key, delta=1, version=None):
        if not self._active():
            raise ValueError(f"Key '{key}' not found")
        return super().incr(key, delta, version)

    def has_key(self, key, version=None):
        return self._active() and super().has_key(key, version)
