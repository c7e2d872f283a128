"""An employee's first visit: sign in, find her pages, switch language, sign out.

Every page on the way is checked with axe-core against WCAG 2.1 A/AA (BITV 2.0).
"""

import pytest
from playwright.sync_api import expect

from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
    make_user,
)
from tests.browser.helpers import assert_no_axe_violations, csp_violations, login, path_of

PASSWORD = "lernwerk-test-1"
LOGIN_PATH = "/konto/anmelden/"


@pytest.fixture
def erika(transactional_db):
    """An employee of Lügde with a unit and a post, as HR would have set her up."""
    municipality = make_municipality("Lügde", slug="luegde")
    unit = make_unit(municipality, "Bürgerbüro", short_name="FB 1")
    position = make_position(unit, "Sachbearbeitung Meldewesen")
    user = make_user("erika", password=PASSWORD, first_name="Erika", last_name="Mustermann")
    return make_employee(user=user, unit=unit, position=position, personnel_number="P-4711")


def heading(page):
    return page.get_by_role("heading", level=1)


def test_employee_signs_in_finds_her_pages_switches_language_and_signs_out(
    page, live_server, erika
):
    page.goto("/")
    assert path_of(page) == LOGIN_PATH, "anonymous visitors are sent to the login form"
    expect(heading(page)).to_have_text("Bei Lernwerk anmelden")
    assert_no_axe_violations(page)

    login(page, live_server, "erika", PASSWORD)
    assert path_of(page) == "/"
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(heading(page)).to_have_text("Guten Tag, Erika")
    expect(page.get_by_role("link", name="Mein Lernen")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("region", name="Meine Verwaltung")).to_contain_text("Lügde")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Mein Profil").click()
    page.wait_for_url("**/konto/profil/")
    expect(heading(page)).to_have_text("Mein Profil")
    expect(page.locator("main")).to_contain_text("P-4711")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Erklärung zur Barrierefreiheit").click()
    expect(heading(page)).to_have_text("Erklärung zur Barrierefreiheit")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Datenschutzhinweise").click()
    expect(heading(page)).to_have_text("Datenschutzhinweise")
    assert_no_axe_violations(page)

    # English may not be translated yet, so the checks rest on what the switch itself
    # sets: the document language and the Content-Language header.
    page.locator("#header-language").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Wechseln").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    response = page.goto("/")
    assert response.headers["content-language"] == "en"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)

    # Back to German through the same form, found by structure rather than its
    # (possibly translated) button label.
    page.locator("#header-language").select_option("de")
    with page.expect_navigation():
        page.locator("form.language-form [type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")

    with page.expect_navigation():
        page.get_by_role("button", name="Abmelden").click()
    assert path_of(page) == LOGIN_PATH
    expect(heading(page)).to_have_text("Bei Lernwerk anmelden")
    page.goto("/")
    assert path_of(page) == LOGIN_PATH, "after signing out the start page needs a login again"


def test_front_end_policy_forbids_inline_script_and_start_page_keeps_to_it(
    page, live_server, erika, console_messages
):
    login(page, live_server, "erika", PASSWORD)
    response = page.goto("/")
    page.wait_for_load_state("load")

    policy = response.headers.get("content-security-policy")
    assert policy, "front-end pages send an enforced Content-Security-Policy"
    directives = {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }
    assert "'unsafe-inline'" not in directives["script-src"]
    assert csp_violations(page) == []
    assert [m.text for m in console_messages if "Content Security Policy" in m.text] == []
