"""The browser harness checks what it claims to, and keeps the migration data intact."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from home.models import AccessibilityStatementPage, HomePage, PrivacyNoticePage
from organisations.models import RoleGroup
from organisations.roles import COOPERATION_ADMIN_GROUP
from organisations.tests.factories import make_municipality
from tests.browser.helpers import assert_no_axe_violations, csp_violations


def assert_migration_data_present():
    """The rows the data migrations create, which a flushing test must not take along."""
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert AccessibilityStatementPage.objects.live().exists()
    assert PrivacyNoticePage.objects.live().exists()
    assert Group.objects.filter(name=COOPERATION_ADMIN_GROUP).exists()
    assert RoleGroup.objects.filter(municipality__isnull=True).count() == 2


def test_browser_test_sees_migration_data_and_may_change_it(page, live_server):
    assert_migration_data_present()
    make_municipality("Blomberg", slug="blomberg")  # more rows for the flush to remove
    page.goto("/barrierefreiheit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Erklärung zur Barrierefreiheit"


@pytest.mark.django_db
def test_normal_test_sees_migration_data():
    assert_migration_data_present()


@pytest.mark.django_db(transaction=True)
def test_transactional_test_sees_migration_data():
    assert_migration_data_present()


def test_axe_check_reports_violations(page, live_server):
    page.goto("/barrierefreiheit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Erklärung zur Barrierefreiheit"
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        assert_no_axe_violations(page)


def test_csp_check_notices_inline_script(page, live_server, console_messages):
    page.goto("/barrierefreiheit/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.head.append(script);
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("() => window.inlineRan") is None
    assert csp_violations(page) == ["script-src-elem blocked inline"]
    assert any("Content Security Policy" in message.text for message in console_messages)
