"""The test harness every app shares: the database policy and the browser fixtures.

Browser tests drive Debian's Chromium through Playwright against pytest-django's
``live_server``; the helpers they use (``login``, ``assert_no_axe_violations``) live in
``tests/browser/helpers.py``. A browser test only has to ask for the ``page`` fixture.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API leaves its asyncio loop registered as running on the main thread
# from the first browser test to the end of the session. Django takes that for async
# code, with two effects on every later test, browser or not:
# 1. ORM calls raise SynchronousOnlyOperation. Nothing runs concurrently here (test code
#    and browser take turns), so the guard is switched off.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# 2. Database connections are kept per async context instead of per thread, so tests
#    get a new connection that lacks the state the test database was set up with; the
#    snapshot for ``serialized_rollback`` is silently skipped and the next test finds an
#    empty database (pytest-django issue #1117). Tests are synchronous code: keep
#    connections strictly per thread, as Django does when no loop is running.
connections._connections = threading.local()

#: Debian's Chromium; Playwright never downloads a browser of its own for Lernwerk.
CHROMIUM = Path(os.environ.get("LERNWERK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No calls home: the tests run on machines without internet access.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Records Content-Security-Policy violations in the page, where the console may not.
_RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
  );
});
"""


def _uses_transactional_db(item: pytest.Item) -> bool:
    from pytest_django.fixtures import validate_django_db

    fixtures = getattr(item, "fixturenames", ())
    if {"transactional_db", "live_server", "django_db_reset_sequences"} & set(fixtures):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    transaction, reset_sequences, *_ = validate_django_db(marker)
    return transaction or reset_sequences


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every transactional test starts from the migrated database, not from an empty one.

    A transactional test (any test using ``live_server``, so every browser test) ends by
    flushing all tables, which also wipes the rows the data migrations created: the page
    tree with the start and legal pages, the Site and the role groups. Django's
    ``serialized_rollback`` snapshots the migrated database once and reloads it before
    such a test; pytest-django already runs all non-transactional tests first, so they
    see the migration data too. Whatever order tests are selected in, each one sees the
    rows the migrations made.
    """
    from django.test import TestCase, TransactionTestCase

    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        test_class = getattr(item, "cls", None)
        if isinstance(test_class, type) and issubclass(test_class, TransactionTestCase):
            # Django's test classes ignore markers. TestCase rolls back, so only
            # TransactionTestCase and LiveServerTestCase need the snapshot.
            if not issubclass(test_class, TestCase):
                test_class.serialized_rollback = True
            continue
        if not _uses_transactional_db(item):
            continue
        marker = item.get_closest_marker("django_db")
        options = dict(marker.kwargs) if marker else {}
        if options.get("serialized_rollback"):
            continue
        options.update(transaction=True, serialized_rollback=True)
        # Prepended, so it is the closest marker and pytest-django reads this one.
        item.add_marker(
            pytest.mark.django_db(*(marker.args if marker else ()), **options), append=False
        )


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for the whole session; each test gets its own context.

    A missing Chromium fails the browser tests instead of skipping them: a green run
    must mean the pages were really checked in a browser.
    """
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package `chromium` "
            "(./lernwerk test does so when run as root).",
            pytrace=False,
        )
    # Like the actions' timeout below: generous, for a loaded two-core CI machine.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def console_messages() -> list:
    """The browser console's messages of the current test (``ConsoleMessage`` objects)."""
    return []


@pytest.fixture
def page(browser, live_server, console_messages) -> Iterator:
    """A fresh browser tab with no cookies, pointed at the live server.

    The context asks for German like a staff browser in a town hall would; the app
    ignores Accept-Language anyway and speaks German until a user picks otherwise.
    Relative URLs work: ``page.goto("/konto/profil/")``.
    """
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    context.add_init_script(script=_RECORD_CSP_VIOLATIONS)
    tab = context.new_page()
    tab.on("console", lambda message: console_messages.append(message))
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each test starts with empty worker caches (``core.versions``, ``core.cache``).

    A test's database is rolled back, and with it the cache versions, while the process
    keeps what it cached; a later test could find an entry under the same numbers.
    """
    from django.core.cache import caches  # noqa: PLC0415 (settings are ready only in tests)

    from core.versions import forget_process_caches  # noqa: PLC0415 (imports models)

    forget_process_caches()
    for alias in ("default", "shared"):
        caches[alias].clear()
    yield
