"""Version numbers in the database for caches held in each worker's memory.

A page needs the same facts on every request: the site's root paths, the header links,
who the user is (municipality, roles, hidden sections, whether the admin link shows).
Reading them from the database costs a handful of queries per request; a cache shared
through the database would cost one each. Instead each worker process keeps them in
memory under a *version*: ``site`` for what all users share, ``user:<id>`` for one
user. ``VersionsMiddleware`` reads both numbers in one query at the start of a request;
whatever changes such a fact bumps its number (signals in ``core.signals`` and
``organisations.signals``), and every worker sees the change on its next request.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CacheVersion

SITE = "site"

T = TypeVar("T")

#: The site version of the request being served (None outside a request: no caching).
current_site_version: ContextVar[int | None] = ContextVar("lernwerk_site_version", default=None)

#: Further keys read with the site's and the user's at the start of every request
#: (``register_request_key``), and their numbers for the request being served.
REQUEST_KEYS: list[str] = []
current_numbers: ContextVar[dict[str, int] | None] = ContextVar(
    "lernwerk_request_versions", default=None
)


def register_request_key(key: str) -> str:
    """Have ``key`` read in the request's one version query (``VersionsMiddleware``).

    For a fact many pages ask about that changes with data of its own (open handovers),
    not with the page tree: its own number spares everybody's site caches its changes.
    Called by an app when it is loaded; returns the key.
    """
    if key not in REQUEST_KEYS:
        REQUEST_KEYS.append(key)
    return key


def request_number(key: str) -> int | None:
    """The number of a registered key as read for this request (None outside one)."""
    numbers = current_numbers.get()
    return None if numbers is None else numbers.get(key)


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def read(*keys: str) -> dict[str, int]:
    """The current numbers of ``keys`` in one query (0 for a key never bumped)."""
    found = dict(CacheVersion.objects.filter(key__in=keys).values_list("key", "number"))
    return {key: found.get(key, 0) for key in keys}


def bump(key: str) -> None:
    """Invalidate everything cached under ``key``, in every worker, from its next request.

    An update first (the usual case); the row is created on the first bump. Inside a
    transaction the new number becomes visible with the commit, together with the change
    that caused it.
    """
    if CacheVersion.objects.filter(key=key).update(number=F("number") + 1):
        return
    try:
        with transaction.atomic():
            CacheVersion.objects.create(key=key, number=1)
    except IntegrityError:  # created meanwhile by a concurrent bump
        CacheVersion.objects.filter(key=key).update(number=F("number") + 1)


def bump_users(user_ids) -> None:
    for user_id in set(user_ids):
        if user_id is not None:
            bump(user_key(user_id))


class ProcessCache:
    """A small least-recently-used map in the worker's memory, keyed with versions.

    Entries of an old version are never read again and fall out as new ones come in;
    ``maxsize`` bounds the memory (a few hundred bytes per user).
    """

    #: Every instance, so that ``forget_process_caches`` reaches them all.
    instances: weakref.WeakSet[ProcessCache] = weakref.WeakSet()

    def __init__(self, maxsize: int = 5000):
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        ProcessCache.instances.add(self)

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_USER_FACTS = ProcessCache()


def user_fact(user, name: str, compute: Callable[[], T]) -> T:
    """A fact about ``user`` (their municipality, a role, the sections they may not see),
    computed once per user and version in this worker and once per request otherwise.

    The versions come from ``VersionsMiddleware`` (``user.lernwerk_versions``); without
    them (management commands, tasks, a user object made during the request) the fact is
    computed fresh and kept on the user object for the rest of the request only.
    ``compute`` must return a value that is never changed afterwards (a bool, a tuple,
    a frozen dataclass): the same object serves many requests.
    """
    memo = user.__dict__.setdefault("_lernwerk_facts", {})
    if name in memo:
        return memo[name]
    numbers = getattr(user, "lernwerk_versions", None)
    if numbers is None:
        value = compute()
    else:
        value = _USER_FACTS.get_or_compute((user.pk, *numbers, name), compute)
    memo[name] = value
    return value


def forget_process_caches() -> None:
    """Drop what this worker keeps in every ``ProcessCache`` (tests, whose rolled-back
    database takes the version numbers back while the worker keeps its entries)."""
    for store in list(ProcessCache.instances):
        store.clear()
