"""A clerk of Lügde looks up how Blomberg deregisters vehicles and compares it with her
own process: library, article with its diagram, and the side-by-side comparison. A clerk
of Blomberg reads the same process embedded in a module of a course.

axe-core checks the library, the article and the compare page; the CSP must hold on
all of them (the diagram is inline SVG without inline styles).
"""

import pytest
from playwright.sync_api import expect

from courses.tests.factories import make_course, make_course_index, make_module, section_of
from knowledge.tests.factories import decision, make_article, make_library, step
from organisations.tests.factories import make_employee, make_municipality, make_unit, make_user
from tests.browser.helpers import assert_no_axe_violations, csp_violations, login, path_of

PASSWORD = "lernwerk-test-1"
LEIKA = "99036011000000"
TITLE = "Abmeldung eines Fahrzeugs (i-Kfz)"


@pytest.fixture
def two_towns(transactional_db):
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    clerk = make_user("lena", password=PASSWORD, first_name="Lena", last_name="Lüdtke")
    make_employee(luegde, unit=make_unit(luegde, "Bürgerbüro"), user=clerk)
    make_library(section_of(None), "Prozessbibliothek")
    common = {
        "leika_key": LEIKA,
        "ozg_service": "Fahrzeugabmeldung",
        "maturity": "fachlich_freigegeben_gold",
    }
    make_article(
        make_library(section_of(blomberg), "Prozesse der Stadt Blomberg"),
        TITLE,
        slug="kfz-abmeldung",
        steps=[
            step(
                "Antrag annehmen",
                "Bürgerbüro",
                category="eingang",
                system_kind="fachverfahren",
                system_name="i-Kfz-Portal",
                duration_minutes=5,
            ),
            decision(
                "Unterlagen vollständig",
                "Bürgerbüro",
                branches=[("Ja", "Abmeldung buchen"), ("Nein", "Unterlagen nachfordern")],
                category="pruefung",
            ),
            step("Unterlagen nachfordern", "Bürgerbüro", system_kind="email"),
            step(
                "Abmeldung buchen",
                "Zulassungsstelle",
                category="bescheid",
                system_kind="fachverfahren",
                system_name="VOIS",
                duration_minutes=10,
            ),
        ],
        **common,
    )
    make_article(
        make_library(section_of(luegde), "Prozesse der Stadt Lügde"),
        TITLE,
        slug="kfz-abmeldung",
        steps=[
            step(
                "Antrag annehmen",
                "Servicecenter",
                category="eingang",
                system_kind="papier",
                duration_minutes=8,
            ),
            step(
                "Abmeldung buchen",
                "Zulassungsstelle",
                category="bescheid",
                system_kind="fachverfahren",
                system_name="VOIS",
                duration_minutes=15,
            ),
        ],
        **common,
    )


def test_clerk_finds_another_towns_process_and_compares_it(page, live_server, two_towns):
    login(page, live_server, "lena", PASSWORD)
    page.get_by_role("link", name="Prozesse", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    figure = page.locator("figure").filter(has=page.locator("svg.process-diagram"))
    expect(figure.locator("ol > li")).not_to_have_count(0)
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/wissen/vergleich/{LEIKA}/")
    assert path_of(page) == f"/wissen/vergleich/{LEIKA}/"
    table = page.get_by_role("table")
    expect(table).to_contain_text("Blomberg")
    expect(table).to_contain_text("Lügde")
    expect(table).to_contain_text("abweichend")
    assert_no_axe_violations(page)
    assert csp_violations(page) == []


def test_clerk_reads_a_process_embedded_in_a_module(page, live_server, transactional_db):
    """A module of Blomberg's course shows Blomberg's live process with its steps
    (courses.embeds, knowledge.embeds); the page passes axe and keeps the CSP."""
    blomberg = make_municipality("Blomberg", slug="blomberg")
    clerk = make_user("jonas", password=PASSWORD, first_name="Jonas", last_name="Berg")
    make_employee(blomberg, unit=make_unit(blomberg, "Bürgerbüro"), user=clerk)
    article = make_article(
        make_library(section_of(blomberg), "Prozesse der Stadt Blomberg"),
        TITLE,
        slug="kfz-abmeldung",
        steps=[
            step("Antrag annehmen", "Bürgerbüro", category="eingang"),
            step("Abmeldung buchen", "Zulassungsstelle", category="bescheid"),
        ],
        leika_key=LEIKA,
    )
    course = make_course(make_course_index(section_of(blomberg)), "Kfz-Zulassung im Bürgerbüro")
    module = make_module(
        course,
        "So melden wir ein Fahrzeug ab",
        body=[{"type": "embedded_page", "value": {"page": article.pk}, "id": "embed-1"}],
    )

    login(page, live_server, "jonas", PASSWORD)
    page.goto(f"{live_server.url}{module.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("So melden wir ein Fahrzeug ab")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(".module-body")).to_contain_text("Abmeldung buchen")
    expect(page.get_by_role("link", name=TITLE)).not_to_have_count(0)
    assert_no_axe_violations(page)
    assert csp_violations(page) == []
