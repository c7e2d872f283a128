"""Cache versions: what workers keep in memory is dropped when its version moves."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from core import versions
from core.models import CacheVersion


@pytest.mark.django_db
def test_a_key_never_bumped_reads_zero_and_each_bump_adds_one():
    assert versions.read("site", "user:7") == {"site": 0, "user:7": 0}
    versions.bump("user:7")
    versions.bump("user:7")
    assert versions.read("site", "user:7") == {"site": 0, "user:7": 2}
    assert CacheVersion.objects.count() == 1


def _user(pk, numbers=None):
    user = SimpleNamespace(pk=pk)
    if numbers is not None:
        user.lernwerk_versions = numbers
    return user


def test_a_fact_is_computed_once_per_user_and_version():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert versions.user_fact(_user(1, (0, 0)), "count", compute) == 1
    assert versions.user_fact(_user(1, (0, 0)), "count", compute) == 1  # a later request
    assert versions.user_fact(_user(1, (0, 1)), "count", compute) == 2  # user bumped
    assert versions.user_fact(_user(1, (1, 1)), "count", compute) == 3  # site bumped
    assert versions.user_fact(_user(2, (1, 1)), "count", compute) == 4  # another user


def test_without_versions_a_fact_is_kept_for_the_request_only():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    user = _user(1)
    assert versions.user_fact(user, "count", compute) == 1
    assert versions.user_fact(user, "count", compute) == 1
    assert versions.user_fact(_user(1), "count", compute) == 2


def test_the_process_cache_forgets_the_least_recently_used_entry():
    store = versions.ProcessCache(maxsize=2)
    store.get_or_compute("a", lambda: 1)
    store.get_or_compute("b", lambda: 2)
    store.get_or_compute("a", lambda: 0)  # used again: stays
    store.get_or_compute("c", lambda: 3)
    assert store.get_or_compute("a", lambda: "again") == 1
    assert store.get_or_compute("b", lambda: "again") == "again"


def test_the_default_cache_keeps_values_per_site_version_and_nothing_outside_a_request():
    cache.set("answer", 42)
    assert cache.get("answer") is None  # no request, no version: nothing kept
    token = versions.current_site_version.set(3)
    try:
        cache.set("answer", 42)
        assert cache.get("answer") == 42
    finally:
        versions.current_site_version.reset(token)
    token = versions.current_site_version.set(4)
    try:
        assert cache.get("answer") is None  # the site changed: every worker starts over
    finally:
        versions.current_site_version.reset(token)
