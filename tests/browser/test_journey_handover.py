"""A clerk leaves; her manager starts the handover and her successor works through it.

Lena Lange, clerk at Blomberg's registration office, owns two process articles. Her
contract ends in a month (known since she was hired, so no handover started by
itself). Her manager starts the handover on "Meine Übergaben"; Sara Sommer, who has held
the same post for two weeks, is recognised as the successor. Lena writes a note for her
successor. Sara reads it, takes over ownership, acknowledges both articles, completes
the related course (which ticks its item by itself) and the checklist, until the
handover is complete. The handover pages are checked with axe-core (WCAG 2.1 A/AA) and
must report no Content-Security-Policy violation.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from courses.tests.factories import make_course, make_course_index, make_module, text_block
from handovers.models import Handover
from knowledge.models import Acknowledgement
from knowledge.tests.factories import make_article, make_library, step
from organisations.models import PositionHolding, SectionPage
from organisations.roles import Role
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
    make_user,
)
from tests.browser.helpers import assert_no_axe_violations, csp_violations, login

PASSWORD = "lernwerk-test-1"
COURSE = "i-Kfz sicher bedienen"
ARTICLES = ["Abmeldung eines Fahrzeugs (i-Kfz)", "Reitkennzeichen ausgeben"]
OWN = "Prozessverantwortung übernehmen: "
NOTE = "Offene Abmeldungen liegen im Postfach „Zulassung“, Rückfragen an Herrn Brandt."


@pytest.fixture
def handover_world(transactional_db):
    blomberg = make_municipality("Blomberg", slug="blomberg")
    department = make_unit(blomberg, "Fachbereich 2 Bürgerdienste")
    office = make_unit(blomberg, "Zulassungsstelle", parent=department)
    clerk = make_position(office, "Sachbearbeitung Zulassung")

    manager = make_employee(
        user=make_user("martin", password=PASSWORD, first_name="Martin", last_name="Meier"),
        unit=department,
        roles=[Role.MANAGER],
    )
    department.leaders.add(manager)
    today = datetime.date.today()
    leaver = make_employee(
        user=make_user("lena", password=PASSWORD, first_name="Lena", last_name="Lange"),
        unit=office,
        position=clerk,
        entry_date=today - datetime.timedelta(days=700),
        leaving_date=today + datetime.timedelta(days=30),
    )
    make_employee(
        user=make_user("sara", password=PASSWORD, first_name="Sara", last_name="Sommer"),
        unit=office,
        position=clerk,
    )
    # Sara has held the post for two weeks: the overlap for the handover.
    PositionHolding.objects.filter(employee__user__username="sara").update(
        started_on=today - datetime.timedelta(days=14)
    )
    assert not Handover.objects.filter(leaver=leaver).exists()

    shared = SectionPage.objects.get(municipality__isnull=True)
    course = make_course(make_course_index(shared, "Kurskatalog", slug="kurse"), COURSE)
    make_module(course, "Das i-Kfz-Portal", body=[text_block("<p>So melden Sie ab.</p>")])
    library = make_library(SectionPage.objects.get(municipality=blomberg))
    make_article(
        library,
        ARTICLES[0],
        owner_position=clerk,
        related_courses=[course],
        steps=[
            step("Antrag im Portal prüfen", category="eingang", system_name="i-Kfz-Portal"),
            step("Abmeldung bestätigen", category="bescheid"),
        ],
    )
    make_article(library, ARTICLES[1], owner_position=clerk)


def submit(page, button) -> None:
    """Click a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()


def progress_text(page, done: int, total: int):
    expect(page.get_by_role("progressbar", name=f"{done} von {total} erledigt")).to_have_attribute(
        "value", str(done)
    )


def test_manager_starts_a_handover_and_the_successor_completes_it(
    page, live_server, handover_world
):
    # The manager starts the handover on "Meine Übergaben".
    login(page, live_server, "martin", PASSWORD)
    page.goto("/wissen/uebergaben/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Übergaben")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Übergabe starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Übergabe starten")
    assert_no_axe_violations(page)
    page.get_by_label("Wer übergibt?").select_option(label="Lena Lange (Sachbearbeitung Zulassung)")
    page.get_by_role("radio", name="Austritt").check()
    submit(page, page.get_by_role("button", name="Übergabe starten"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Übergabe: Sachbearbeitung Zulassung")
    expect(page.locator(".messages")).to_contain_text("Die Übergabe von Lena Lange ist begonnen.")
    facts = page.locator(".handover-header .facts")
    expect(facts).to_contain_text("Sara Sommer")  # the successor, from the position history
    progress_text(page, 0, 10)
    for title in ARTICLES:
        expect(page.get_by_role("heading", level=3, name=title)).to_be_visible()
    assert_no_axe_violations(page)
    handover_url = page.url
    page.get_by_role("button", name="Abmelden").click()

    # The leaver writes a note for her successor.
    login(page, live_server, "lena", PASSWORD)
    page.goto(handover_url)
    notes = page.get_by_role("textbox", name=f"Ihre Hinweise zu „{ARTICLES[0]}“")
    notes.fill(NOTE)
    assert_no_axe_violations(page)
    submit(
        page,
        page.get_by_role("button", name=f"Hinweise speichern („{ARTICLES[0]}“)"),
    )
    expect(page.locator(".messages")).to_contain_text("Ihre Hinweise sind gespeichert.")
    page.get_by_role("button", name="Abmelden").click()

    # The successor works through the handover.
    login(page, live_server, "sara", PASSWORD)
    page.goto("/wissen/uebergaben/")
    taking = page.get_by_role("region", name="Ich übernehme")
    expect(taking).to_contain_text("von Lena Lange")
    taking.get_by_role("link", name="Sachbearbeitung Zulassung").click()
    expect(page.get_by_role("main")).to_contain_text(NOTE)
    assert_no_axe_violations(page)

    for title in ARTICLES:
        submit(page, page.get_by_role("button", name=f"Verantwortung übernehmen („{title}“)"))
        expect(page.locator(".messages")).to_contain_text(f"Erledigt: {OWN}{title}")
        submit(
            page,
            page.get_by_role("button", name=f"Gelesen und zur Kenntnis genommen („{title}“)"),
        )
        expect(page.locator(".messages")).to_contain_text("Erledigt: Prozessbeschreibung")
    progress_text(page, 4, 10)

    checklist = page.get_by_role("region", name="Checkliste")
    while checklist.get_by_role("button", name=re.compile("^Erledigt \\(")).count():
        submit(page, checklist.get_by_role("button", name=re.compile("^Erledigt \\(")).first)
        expect(page.locator(".messages")).to_contain_text("Erledigt:")
    progress_text(page, 9, 10)

    # The course item is ticked by completing the course itself.
    submit(page, page.get_by_role("button", name=f"Kursabschluss prüfen („{COURSE}“)"))
    expect(page.locator(".messages")).to_contain_text("Der Kurs ist noch nicht abgeschlossen.")
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name="Kurs starten").click()
    submit(page, page.get_by_role("button", name="Als erledigt markieren"))
    expect(page.locator(".messages")).to_contain_text(
        f"Sie haben den Kurs „{COURSE}“ abgeschlossen"
    )

    page.goto(handover_url)
    progress_text(page, 10, 10)
    expect(page.locator(".handover-complete")).to_contain_text("Übergabe abgeschlossen am")
    expect(page.locator(".handover-item .status--open")).to_have_count(0)
    assert_no_axe_violations(page)
    page.goto("/wissen/uebergaben/")
    expect(page.get_by_role("region", name="Abgeschlossene Übergaben")).to_contain_text(
        "Sachbearbeitung Zulassung"
    )
    assert_no_axe_violations(page)
    assert csp_violations(page) == []

    handover = Handover.objects.get()
    assert handover.completed_at is not None
    assert Acknowledgement.objects.filter(user__username="sara").count() == 2
