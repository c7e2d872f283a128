"""A guard that stays (issue 10): every URL pattern, requested as every role.

The walk takes each URL pattern of the project and of the Wagtail admin (from the
resolver, so a new pattern is walked without anybody listing it), fills its ids from a
world of two municipalities (``tests/url_walk.py``) and requests it with GET as the ten
roles of issue 10, all people of Blomberg, and anonymously. Each pattern is asked for
Blomberg's and for Lügde's objects. A request fails the walk when

- it answers 5xx;
- it shows one of Lügde's sentinel titles (drafts, courses, internal articles, documents,
  images) to anyone but the Kooperations-Admin, who sees every municipality;
- it answers a logged-in user without ``Cache-Control: private``: a shared proxy must
  never keep what one person saw. Every answer counts, redirects and error pages too,
  since they may carry the person's name or the address of their data.

A pattern the walk cannot fill fails ``test_every_url_pattern_is_walked`` until it gets
a filling in ``tests/url_walk.py`` or an entry with a reason in ``ALLOWLIST``.

One world for the module, each request in a savepoint that is rolled back: a GET that
writes (a progress record, an access log row) leaves the world as it was for the next.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings

from courses.tests.factories import data_for_module

from .url_walk import (
    ALLOWLIST,
    ANONYMOUS,
    PDF_ROLES,
    ROLES,
    SEES_EVERY_MUNICIPALITY,
    build_world,
    probes_for,
    problems_of,
    unfilled,
    url_patterns,
)

pytestmark = pytest.mark.django_db

#: Requests that end the session go last, so the rest of the walk stays logged in.
LAST = ("logout",)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            w = build_world()
            w.patterns = url_patterns()
            w.probes = {p.key: probes_for(p, w) for p in w.patterns}
        yield w


#: Answers that refuse a role before any object is looked up.
REFUSALS = {403, 405}


def refused(response) -> bool:
    location = response.get("Location", "")
    login = location.startswith((settings.LOGIN_URL, "/admin/login/"))
    return response.status_code in REFUSALS or (response.status_code == 302 and login)


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")
def walk(world, role: str) -> tuple[list[str], int]:
    """Request every probe as ``role``; the failures and the number of requests.

    Sessions live in signed cookies during the walk: a session row read and written on
    each of thousands of requests would cost a third of the time, and sessions are not
    what the walk checks.

    Lügde's ids are asked only by a role that got past the door with Blomberg's: when
    every probe of Blomberg's objects was refused (login, 403, 405), the refusal came
    before any object was looked up, and Lügde's ids would be refused the same way. The
    Kooperations-Admin sees both municipalities alike and asks Lügde's ids only. In the
    same way, an address refused without a query string is not asked again with one
    (the searches): the door does not look at the query.
    """
    client = Client(raise_request_exception=False)
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    patterns = sorted(world.patterns, key=lambda p: any(word in p.name for word in LAST))
    failures, count = [], 0
    for pattern in patterns:
        if pattern.key in ALLOWLIST:
            continue
        if role not in PDF_ROLES.get(pattern.name, {role}):
            continue
        probes = sorted(world.probes[pattern.key] or (), key=lambda p: p.label == "other")
        if role in SEES_EVERY_MUNICIPALITY:
            probes = [probe for probe in probes if probe.label != "own"]
        own_answers, refused_paths = [], set()
        for probe in probes:
            if probe.label == "other" and own_answers and all(own_answers):
                break
            path, _, query = probe.url.partition("?")
            if query and path in refused_paths:
                continue
            with transaction.atomic():
                response = client.get(probe.url)
                problems = problems_of(response, role, world)
                transaction.set_rollback(True)
            count += 1
            if refused(response):
                refused_paths.add(probe.url)
            if probe.label == "own":
                own_answers.append(refused(response))
            failures += [f"{role} GET {probe.url} ({probe.label}): {p}" for p in problems]
            if session is not None:  # a login or logout view replaced the session
                client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    return failures, count


def test_every_url_pattern_is_walked(world):
    missing = unfilled(world.patterns, world)

    assert not missing, (
        "The URL walk cannot fill these patterns. Teach tests/url_walk.py which objects "
        "their parameters stand for (SUBJECTS_BY_NAME or MODEL_SUBJECTS), or add them to "
        "ALLOWLIST with the reason:\n" + "\n".join(p.key for p in missing)
    )


def test_allowlist_names_only_existing_patterns(world):
    keys = {p.key for p in world.patterns}

    assert not set(ALLOWLIST) - keys, "Allowlisted patterns that no longer exist"


@pytest.mark.parametrize("role", [*ROLES, ANONYMOUS])
def test_no_500_no_leak_and_private_caching(world, role):
    failures, count = walk(world, role)

    assert not failures, f"{len(failures)} of {count} requests failed:\n" + "\n".join(failures)


def test_the_walk_would_see_a_leak(world):
    """The Kooperations-Admin sees Lügde's drafts: the checks find them in that answer."""
    client = Client()
    client.force_login(world.users["cooperation_admin"])

    response = client.get(f"/admin/pages/{world.other.course_index.pk}/")
    problems = problems_of(response, "employee", world)

    assert response.status_code == 200
    assert any(world.other.course_draft.title in problem for problem in problems), problems


def test_the_walk_would_see_a_shared_cache_header(world):
    response = HttpResponse("Erika Blomberg")
    response["Cache-Control"] = "max-age=600"

    assert problems_of(response, "employee", world) == [
        "status 200 without Cache-Control: private (has 'max-age=600')"
    ]
