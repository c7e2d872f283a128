"""An employee works through a course over two sessions and gets her certificate.

She reads two modules, logs out, finds the course under "Weiterlernen" after logging in
again, continues at the exact module where she stopped, passes the final quiz, downloads
the certificate (a PDF naming her and the course) and checks its code on the public
verification page. The start page, the course page and the verification page are
checked with axe-core against WCAG 2.1 A/AA.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect
from pypdf import PdfReader

from courses.models import ModulePage
from courses.tests.factories import (
    make_course,
    make_course_index,
    make_module,
    sample_quiz,
    text_block,
)
from learning.models import CourseCompletion
from organisations.models import SectionPage
from organisations.tests.factories import make_employee, make_municipality, make_unit, make_user
from tests.browser.helpers import assert_no_axe_violations, csp_violations, login, path_of

PASSWORD = "lernwerk-test-1"
COURSE = "Digital arbeiten mit der E-Akte"
READ_MODULES = [
    ("Was ist eine E-Akte?", "grundlagen", "Die E-Akte bündelt alle Dokumente."),
    ("Posteingang scannen", "posteingang", "Jeder Brief wird am Tag des Eingangs gescannt."),
    ("Ablegen und wiederfinden", "ablage", "Das Aktenzeichen ordnet jedes Dokument zu."),
]


@pytest.fixture
def progress_world(transactional_db):
    blomberg = make_municipality("Blomberg", slug="blomberg")
    shared = SectionPage.objects.get(municipality__isnull=True)
    catalogue = make_course_index(shared, "Kurskatalog", slug="kurse")
    course = make_course(catalogue, COURSE, slug="e-akte")
    modules = [
        make_module(course, title, slug=slug, body=[text_block(f"<p>{text}</p>")])
        for title, slug, text in READ_MODULES
    ]
    modules.append(
        make_module(
            course,
            "Wissenstest",
            slug="test",
            completion_rule=ModulePage.CompletionRule.QUIZ,
            body=[sample_quiz(pass_mark=75)],
        )
    )
    user = make_user("erika", password=PASSWORD, first_name="Erika", last_name="Mustermann")
    make_employee(user=user, unit=make_unit(blomberg, "Bürgerbüro"))
    return {"course": course, "modules": modules}


def heading(page):
    return page.get_by_role("heading", level=1)


def mark_as_done(page, next_title: str) -> None:
    """Click "Als erledigt markieren" and land on the next module."""
    page.get_by_role("button", name="Als erledigt markieren").click()
    expect(heading(page)).to_have_text(next_title)


def pass_the_quiz(page) -> None:
    def answer(question: str, option: str) -> None:
        page.get_by_role("group", name=question).get_by_label(option, exact=True).check()

    answer("Frage 1: Wo liegen die Dokumente eines Vorgangs?", "In der E-Akte")
    answer("Frage 2: Was gehört zu einem Aktenzeichen?", "Die Aktenplannummer")
    answer("Frage 2: Was gehört zu einem Aktenzeichen?", "Die laufende Nummer")
    answer("Frage 3: Papierakten dürfen sofort vernichtet werden.", "Falsch")
    answer("Frage 4: Wer darf eine E-Akte einsehen?", "Berechtigte")
    page.get_by_role("button", name="Antworten abgeben").click()


def test_employee_continues_a_course_later_and_gets_a_verifiable_certificate(
    page, live_server, progress_world, tmp_path
):
    modules = progress_world["modules"]
    login(page, live_server, "erika", PASSWORD)

    # Nothing started yet: the start page points to the catalogue.
    continue_learning = page.get_by_role("region", name="Weiterlernen")
    expect(continue_learning).to_contain_text("Sie haben gerade keinen Kurs in Bearbeitung.")
    continue_learning.get_by_role("link", name="Kurskatalog").click()
    page.get_by_role("link", name=COURSE).click()
    expect(heading(page)).to_have_text(COURSE)
    expect(page.get_by_role("region", name="Module")).not_to_contain_text("Erledigt")
    assert_no_axe_violations(page)

    # First session: two modules read and marked as done.
    page.get_by_role("link", name="Kurs starten").click()
    expect(heading(page)).to_have_text(READ_MODULES[0][0])
    mark_as_done(page, READ_MODULES[1][0])
    mark_as_done(page, READ_MODULES[2][0])
    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator("#id_username")).to_be_visible()

    # Second session: the start page knows where she stopped.
    login(page, live_server, "erika", PASSWORD)
    assert path_of(page) == "/"
    continue_learning = page.get_by_role("region", name="Weiterlernen")
    expect(continue_learning.get_by_role("heading", name=COURSE)).to_be_visible()
    expect(continue_learning).to_contain_text("2 von 4 Pflichtmodulen erledigt")
    bar = continue_learning.get_by_role("progressbar", name="2 von 4 Pflichtmodulen erledigt")
    expect(bar).to_have_attribute("value", "2")
    expect(bar).to_have_attribute("max", "4")
    resume = continue_learning.get_by_role("link", name=f"Fortsetzen: {READ_MODULES[2][0]}")
    expect(resume).to_have_attribute("href", modules[2].url)
    assert_no_axe_violations(page)

    resume.click()
    expect(heading(page)).to_have_text(READ_MODULES[2][0])
    expect(page.get_by_role("main")).to_contain_text(READ_MODULES[2][2])
    mark_as_done(page, "Wissenstest")
    expect(page.get_by_role("main")).to_contain_text(
        "Dieses Modul ist erledigt, sobald Sie den Abschlusstest bestanden haben."
    )
    expect(page.get_by_role("button", name="Als erledigt markieren")).to_have_count(0)
    pass_the_quiz(page)
    expect(page.locator("#quiz-ergebnis")).to_contain_text("Bestanden: 100 %")
    expect(page.locator(".messages")).to_contain_text(
        f"Glückwunsch! Sie haben den Kurs „{COURSE}“ abgeschlossen."
    )
    expect(page.get_by_role("region", name="Abschluss des Moduls")).to_contain_text("Erledigt")

    completion = CourseCompletion.objects.get()
    completed_on = date_format(timezone.localtime(completion.completed_at), "DATE_FORMAT")

    # The course page now shows the completion, every module done.
    page.get_by_role("link", name="Zur Kursübersicht").click()
    expect(page.locator(".course-action")).to_contain_text(f"Abgeschlossen am {completed_on}")
    expect(page.locator(".module-list .status--done")).to_have_count(4)
    expect(page.get_by_role("link", name="Kurs fortsetzen")).to_have_count(0)
    assert_no_axe_violations(page)

    # The start page moves the course from "Weiterlernen" to "Abgeschlossene Kurse".
    page.get_by_role("link", name="Mein Lernen").click()
    expect(page.get_by_role("region", name="Weiterlernen")).to_contain_text(
        "Sie haben gerade keinen Kurs in Bearbeitung."
    )
    completed = page.get_by_role("region", name="Abgeschlossene Kurse")
    expect(completed.get_by_role("heading", name=COURSE)).to_be_visible()
    expect(completed).to_contain_text(f"Abgeschlossen am {completed_on}")
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        completed.get_by_role("link", name=f"Zertifikat herunterladen für „{COURSE}“").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf_path = tmp_path / download.suggested_filename
    download.save_as(pdf_path)
    text = "\n".join(pdf_page.extract_text() for pdf_page in PdfReader(pdf_path).pages)
    assert "Erika Mustermann" in text
    assert COURSE in " ".join(text.split()), text
    printed_code = re.search(r"Prüfcode:\s*([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})", text)
    assert printed_code, text
    assert printed_code[1].replace("-", "") == completion.verification_code

    # Whoever receives the certificate checks it without an account.
    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator("#id_username")).to_be_visible()
    page.goto(f"{reverse('verify_certificate')}?code={printed_code[1]}")
    result = page.get_by_role("status")
    expect(result.get_by_role("heading", name="Dieses Zertifikat ist echt.")).to_be_visible()
    expect(result).to_contain_text("Erika Mustermann")
    expect(result).to_contain_text(COURSE)
    expect(result).to_contain_text(completed_on)
    assert_no_axe_violations(page)
    assert csp_violations(page) == []
