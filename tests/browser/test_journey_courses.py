"""An employee finds a course, reads a module and passes its quiz at the second try.

Catalogue, course, module and quiz pages (before and after answering) are checked with
axe-core against WCAG 2.1 A/AA.
"""

import pytest
from playwright.sync_api import expect

from courses.models import ModulePage
from courses.tests.factories import make_course, make_course_index, make_module, sample_quiz
from learning.models import QuizAttempt
from organisations.models import SectionPage
from organisations.tests.factories import make_employee, make_municipality, make_unit, make_user
from tests.browser.helpers import assert_no_axe_violations, login

PASSWORD = "lernwerk-test-1"


@pytest.fixture
def course_world(transactional_db):
    blomberg = make_municipality("Blomberg", slug="blomberg")
    shared = SectionPage.objects.get(municipality__isnull=True)
    catalogue = make_course_index(shared, "Kurskatalog", slug="kurse")
    course = make_course(
        catalogue,
        "Digital arbeiten mit der E-Akte",
        slug="e-akte",
        teaser="Posteingang, Ablage und Aufbewahrung in der elektronischen Akte.",
        tags=["E-Akte"],
    )
    make_module(
        course,
        "Was ist eine E-Akte?",
        slug="grundlagen",
        estimated_minutes=10,
        body=[{"type": "text", "value": "<p>Die E-Akte bündelt alle Dokumente.</p>"}],
    )
    make_module(
        course,
        "Wissenstest",
        slug="test",
        estimated_minutes=5,
        completion_rule=ModulePage.CompletionRule.QUIZ,
        body=[sample_quiz(pass_mark=75)],
    )
    user = make_user("erika", password=PASSWORD, first_name="Erika")
    make_employee(user=user, unit=make_unit(blomberg, "Bürgerbüro"))
    return {"course": course}


def answer(page, question_text: str, option_text: str):
    page.get_by_role("group", name=question_text).get_by_label(option_text, exact=True).check()


def test_employee_finds_course_reads_module_and_passes_quiz(page, live_server, course_world):
    login(page, live_server, "erika", PASSWORD)

    page.get_by_role("link", name="Kurse", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurskatalog")
    assert_no_axe_violations(page)

    page.get_by_label("Suchbegriff").fill("Aufbewahrung")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_role("status")).to_contain_text("1 Kurs")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Digital arbeiten mit der E-Akte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Digital arbeiten mit der E-Akte")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Kurs starten").click()
    expect(page.get_by_role("main")).to_contain_text("Die E-Akte bündelt alle Dokumente.")
    assert_no_axe_violations(page)

    # On to the quiz with the keyboard alone, as many staff work.
    page.get_by_role("link", name="Nächstes Modul").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Wissenstest", level=2)).to_be_visible()
    assert "RUECKMELDUNG-RICHTIG-Q1" not in page.content(), "no answers before submission"
    assert_no_axe_violations(page)

    # First try: one question wrong -> 75 % needed, 3 of 4 right would pass, so two wrong.
    answer(page, "Frage 1: Wo liegen die Dokumente eines Vorgangs?", "Im Keller")
    answer(page, "Frage 2: Was gehört zu einem Aktenzeichen?", "Die Aktenplannummer")
    answer(page, "Frage 3: Papierakten dürfen sofort vernichtet werden.", "Falsch")
    answer(page, "Frage 4: Wer darf eine E-Akte einsehen?", "Berechtigte")
    page.get_by_role("button", name="Antworten abgeben").click()
    result = page.locator("#quiz-ergebnis")
    expect(result).to_contain_text("Nicht bestanden")
    expect(result).to_contain_text("RUECKMELDUNG-FALSCH-Q1")
    expect(result).to_contain_text("ERKLAERUNG-Q1")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Quiz wiederholen").click()
    answer(page, "Frage 1: Wo liegen die Dokumente eines Vorgangs?", "In der E-Akte")
    answer(page, "Frage 2: Was gehört zu einem Aktenzeichen?", "Die Aktenplannummer")
    answer(page, "Frage 2: Was gehört zu einem Aktenzeichen?", "Die laufende Nummer")
    answer(page, "Frage 3: Papierakten dürfen sofort vernichtet werden.", "Falsch")
    answer(page, "Frage 4: Wer darf eine E-Akte einsehen?", "Berechtigte")
    page.get_by_role("button", name="Antworten abgeben").click()
    expect(page.locator("#quiz-ergebnis")).to_contain_text("Bestanden: 100 %")
    assert_no_axe_violations(page)

    attempts = list(QuizAttempt.objects.order_by("submitted_at").values_list("score", "passed"))
    assert attempts == [(50, False), (100, True)]


def test_incomplete_quiz_keeps_the_answers_and_explains(page, live_server, course_world):
    login(page, live_server, "erika", PASSWORD)
    page.goto(f"{live_server.url}/gemeinsam/kurse/e-akte/test/")
    answer(page, "Frage 1: Wo liegen die Dokumente eines Vorgangs?", "In der E-Akte")
    page.get_by_role("button", name="Antworten abgeben").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte beantworten Sie alle Fragen.")
    expect(
        page.get_by_role(
            "group", name="Frage 1: Wo liegen die Dokumente eines Vorgangs?"
        ).get_by_label("In der E-Akte", exact=True)
    ).to_be_checked()
    assert_no_axe_violations(page)
    assert not QuizAttempt.objects.exists()
