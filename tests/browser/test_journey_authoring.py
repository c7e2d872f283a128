"""A trainer authors a course with a module and a quiz; the Redaktion approves it.

Everything an author and a reviewer do goes through the real Wagtail admin: the page
explorer, the course and module forms (Draftail rich text and the nested StreamField of
the quiz), "submit to workflow" and "approve". The admin speaks German, the users'
language; its labels are Wagtail's own translations (``wagtail/admin/locale/de`` and
``wagtail/locale/de``). The admin is Wagtail's, not ours, so axe-core checks only the
front-end pages the approved course appears on.
"""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from courses.models import CoursePage, ModulePage
from courses.tests.factories import make_course_index, section_of
from organisations.roles import Role
from organisations.tests.factories import make_employee, make_municipality, make_user
from tests.browser.helpers import assert_no_axe_violations, login

PASSWORD = "lernwerk-test-1"
COURSE = "E-Akte im Bürgerbüro"
MODULE = "Das Aktenzeichen"
QUESTION = "Wo liegen die Dokumente eines Vorgangs?"

#: The section's workflow (``organisations.provisioning.ensure_section_workflow``).
WORKFLOW = "Freigabe durch die Redaktion (Blomberg)"
#: Wagtail: "Submit to %(workflow_name)s" and "%(label)s and Publish" with "Approve".
SUBMIT = f"In {WORKFLOW} einreichen"
APPROVE = "Freigeben und Veröffentlichen"
#: Wagtail's StreamField and Draftail "+" button: "Insert a block".
INSERT_BLOCK = "Einen Block einfügen"

#: The Wagtail admin loads a lot of JavaScript; give it time on a loaded CI machine.
ADMIN_TIMEOUT = 30_000


@pytest.fixture
def blomberg(transactional_db):
    """Blomberg with its catalogue, a trainer and a member of its Redaktion."""
    municipality = make_municipality("Blomberg", slug="blomberg")
    catalogue = make_course_index(
        section_of(municipality), "Kurse der Stadt Blomberg", slug="kurse"
    )
    trainer = make_user("tina", password=PASSWORD, first_name="Tina", last_name="Trainer")
    make_employee(municipality, user=trainer, roles=[Role.TRAINER])
    editor = make_user("rolf", password=PASSWORD, first_name="Rolf", last_name="Redakteur")
    make_employee(municipality, user=editor, roles=[Role.EDITOR])
    return SimpleNamespace(catalogue=catalogue, trainer=trainer, editor=editor)


def heading(page):
    return page.get_by_role("heading", level=1)


def click_and_load(page, target) -> None:
    """Click something that opens another page and wait until that page has loaded.

    The admin's menus, editors and workflow buttons work only once its scripts have
    run; a click that lands earlier is lost (or, on a workflow button, merely saves).
    On the front end, axe-core needs the style sheets applied to judge contrast.
    """
    with page.expect_navigation(timeout=ADMIN_TIMEOUT):
        target.click()


def textbox(scope, label):
    """An admin form field by its label; required fields carry a "*" in their name."""
    return scope.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def type_rich_text(page, editor, text: str, field_name: str, stored_as: str) -> None:
    """Type into a Draftail editor and wait until it has stored the text in its field.

    Draftail writes its content to the hidden form field ``field_name`` a moment after
    each keystroke; a form submitted before that would silently lose the text (drafts
    may be saved with required fields empty).
    """
    editor.click()
    page.keyboard.type(text)
    expect(page.locator(f'input[name="{field_name}"]')).to_have_value(
        re.compile(re.escape(stored_as))
    )


def insert_block(page, button, block: str) -> None:
    """Open the block chooser with ``button`` and pick ``block``.

    Like ``click_until_count``: on a loaded machine the click may come before Wagtail's
    block chooser is connected and open nothing; then it is clicked again.
    """
    option = page.get_by_role("option", name=block, exact=True)
    for _ in range(3):
        button.click()
        try:
            option.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeoutError:
            continue
        break
    option.click()


def click_until_count(button, items, count: int) -> None:
    """Click ``button`` until ``items`` number ``count``; on a loaded machine Wagtail's
    block controllers may connect after the button is visible, and the first click is
    then lost. The count is read before each click, so no click adds one too many."""
    for _ in range(3):
        if items.count() >= count:
            break
        button.click()
        try:
            expect(items).to_have_count(count, timeout=5_000)
        except AssertionError:
            continue
    expect(items).to_have_count(count)


def save_draft(page) -> None:
    click_and_load(page, page.get_by_role("button", name="Entwurf speichern"))


def footer_action(page, label: str) -> None:
    """Click an action of the editor's footer menu, behind its "Mehr Aktionen" toggle."""
    footer = page.get_by_role("navigation", name="Aktionen (Fußzeile)")
    footer.get_by_role("button", name="Mehr Aktionen").click()
    click_and_load(page, footer.get_by_role("button", name=label, exact=True))


def listing_row(page, title: str):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))


def log_out(page) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Abmelden").click()


def create_course(page) -> CoursePage:
    """The trainer finds the catalogue in the page explorer and adds a course to it."""
    page.goto("/admin/")
    page.get_by_role("navigation", name="Hauptmenü").get_by_role("button", name="Seiten").click()
    explorer = page.get_by_role("dialog", name="Seitenübersicht")
    click_and_load(page, explorer.get_by_role("link", name="Kurse der Stadt Blomberg", exact=True))
    expect(heading(page)).to_have_text("Erkunden: Kurse der Stadt Blomberg")
    # A catalogue holds only courses, so Wagtail skips the choice of page type.
    click_and_load(page, page.get_by_role("link", name="Unterseite hinzufügen"))
    expect(heading(page)).to_have_text("Neu: Kurs")

    textbox(page, "Titel").fill(COURSE)
    textbox(page, "Kurzbeschreibung").fill("Wie die elektronische Akte den Alltag verändert.")
    # "- " starts a bullet list in Draftail, as the help text asks for.
    type_rich_text(
        page,
        page.get_by_role("region", name="Lernziele*").get_by_role("textbox"),
        "- Sie legen eine E-Akte an.",
        field_name="objectives",
        stored_as='"text":"Sie legen eine E-Akte an.","type":"unordered-list-item"',
    )
    textbox(page, "Zielgruppe").fill("Sachbearbeitende in Bürgerbüros")
    save_draft(page)
    expect(heading(page)).to_have_text(f"Bearbeite Kurs: {COURSE}")

    course = CoursePage.objects.get(title=COURSE)
    draft = course.get_latest_revision_as_object()
    assert not course.live
    assert draft.objectives.startswith("<ul><li")
    assert "Sie legen eine E-Akte an." in draft.objectives
    assert draft.target_group == "Sachbearbeitende in Bürgerbüros"
    return course


def create_module(page, course: CoursePage) -> ModulePage:
    """The trainer adds a module with a text and a one-question quiz to the draft course."""
    page.goto(f"/admin/pages/{course.pk}/")
    expect(heading(page)).to_have_text(f"Erkunden: {COURSE}")
    click_and_load(page, page.get_by_role("link", name="Unterseite hinzufügen"))
    expect(heading(page)).to_have_text("Neu: Modul")

    textbox(page, "Titel").fill(MODULE)
    textbox(page, "Zusammenfassung").fill("Woraus ein Aktenzeichen besteht.")
    page.get_by_role("spinbutton", name="Geschätzte Dauer (Minuten)*").fill("15")
    page.get_by_role("combobox", name="Abschluss*").select_option(label="Quiz bestanden")

    body = page.get_by_role("region", name="Inhalt*")
    insert_block(page, body.get_by_role("button", name=INSERT_BLOCK), "Text")
    text_block = body.get_by_role("region", name=re.compile(r"^Text"))
    type_rich_text(
        page,
        text_block.get_by_role("textbox"),
        "Jedes Schriftstück bekommt ein Aktenzeichen.",
        field_name="body-0-value",
        stored_as="Jedes Schriftstück bekommt ein Aktenzeichen.",
    )

    # The last "+" of the stream appends after the text block.
    insert_block(page, body.get_by_role("button", name=INSERT_BLOCK).last, "Quiz")
    quiz = body.get_by_role("region", name=re.compile(r"^Quiz"))
    expect(textbox(quiz, "Titel")).to_have_value("Wissenstest")
    insert_block(page, quiz.get_by_role("button", name=INSERT_BLOCK).last, "Einfachauswahl")

    question = quiz.get_by_role("region", name=re.compile(r"^Einfachauswahl"))
    textbox(question, "Frage").fill(QUESTION)
    answers = textbox(question, "Antwort")
    expect(answers).to_have_count(1)  # Wagtail starts the list with one answer
    click_until_count(question.get_by_role("button", name="Hinzufügen").last, answers, 2)
    answers.nth(0).fill("In der E-Akte")
    answers.nth(1).fill("Im Keller")
    question.get_by_role("checkbox", name="Richtig").first.check()

    save_draft(page)
    expect(heading(page)).to_have_text(f"Bearbeite Modul: {MODULE}")

    module = ModulePage.objects.get(title=MODULE)
    draft = module.get_latest_revision_as_object()
    assert not module.live
    assert draft.estimated_minutes == 15
    assert draft.completion_rule == ModulePage.CompletionRule.QUIZ
    assert [child.block_type for child in draft.body] == ["text", "quiz"]
    (question_value,) = [q.value for q in draft.quiz.value["questions"]]
    assert question_value["question"] == QUESTION
    assert [(a["text"], a["correct"]) for a in question_value["answers"]] == [
        ("In der E-Akte", True),
        ("Im Keller", False),
    ]
    return module


def submit(page, title: str, parent_title: str) -> None:
    """Submit the page open in the editor to the section's workflow."""
    expect(heading(page)).to_contain_text(title)
    footer_action(page, SUBMIT)
    # Wagtail returns to the parent's listing, where the page now shows as in moderation.
    expect(heading(page)).to_have_text(f"Erkunden: {parent_title}")
    expect(page.get_by_role("status").first).to_contain_text(
        f"Seite ‚{title}‘ wurde zur Moderation eingereicht."
    )
    expect(listing_row(page, title)).to_contain_text("in Moderation")


def approve(page, title: str, parent_title: str) -> None:
    """Open a page from the dashboard's review list and approve it."""
    page.goto("/admin/")
    review = page.get_by_role("region", name="Ihre Überprüfung steht aus")
    click_and_load(page, review.get_by_role("link", name=title, exact=True))
    expect(heading(page)).to_contain_text(title)
    footer_action(page, APPROVE)
    expect(heading(page)).to_have_text(f"Erkunden: {parent_title}")
    expect(listing_row(page, title)).to_contain_text("Veröffentlicht")


def test_trainer_authors_a_course_with_a_quiz_and_the_redaktion_approves_it(
    page, live_server, blomberg
):
    page.set_default_timeout(ADMIN_TIMEOUT)

    # 1. The trainer writes the course and its module as drafts and submits both.
    login(page, live_server, "tina", PASSWORD)
    course = create_course(page)
    module = create_module(page, course)
    submit(page, MODULE, parent_title=COURSE)  # still in the module's editor
    page.goto(f"/admin/pages/{course.pk}/edit/")
    submit(page, COURSE, parent_title="Kurse der Stadt Blomberg")
    # The course is the Redaktion's now: its editor says so to the trainer.
    page.goto(f"/admin/pages/{course.pk}/edit/")
    expect(page.get_by_role("status").first).to_contain_text("wartet derzeit auf Moderation")

    state = WorkflowState.objects.for_instance(course).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW
    assert state.requested_by == blomberg.trainer
    assert WorkflowState.objects.for_instance(module).get().status == state.STATUS_IN_PROGRESS
    assert not CoursePage.objects.get(pk=course.pk).live
    log_out(page)

    # 2. The Redaktion finds both on the dashboard and approves the course, then the module.
    login(page, live_server, "rolf", PASSWORD)
    approve(page, COURSE, parent_title="Kurse der Stadt Blomberg")
    approve(page, MODULE, parent_title=COURSE)
    expect(page.get_by_role("region", name="Ihre Überprüfung steht aus")).to_have_count(0)

    course = CoursePage.objects.get(pk=course.pk)
    assert course.live
    assert ModulePage.objects.get(pk=module.pk).live
    assert course.duration_minutes == 15, "the published module's minutes count"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    # 3. The course is on the front end, in the catalogue, with its module and quiz.
    page.goto(course.url)
    expect(heading(page)).to_have_text(COURSE)
    objectives = page.get_by_role("region", name="Lernziele")
    expect(objectives.get_by_role("listitem")).to_have_text(["Sie legen eine E-Akte an."])
    modules = page.get_by_role("region", name="Module")
    expect(modules).to_contain_text("Mit Abschlusstest")
    assert_no_axe_violations(page)

    expect(modules.get_by_role("link", name=f"Modul 1: {MODULE}")).to_be_visible()
    click_and_load(page, page.get_by_role("link", name="Kurs starten"))
    expect(heading(page)).to_have_text(MODULE)
    expect(page.get_by_text("Jedes Schriftstück bekommt ein Aktenzeichen.")).to_be_visible()
    quiz = page.get_by_role("region", name="Wissenstest")
    question = quiz.get_by_role("group", name=f"Frage 1: {QUESTION}")
    expect(question.get_by_role("radio")).to_have_count(2)
    assert_no_axe_violations(page)

    breadcrumb = page.get_by_role("navigation", name="Brotkrumen")
    click_and_load(page, breadcrumb.get_by_role("link", name="Kurse der Stadt Blomberg"))
    expect(heading(page)).to_have_text("Kurse der Stadt Blomberg")
    expect(page.get_by_role("region", name="Kurse").get_by_role("article")).to_contain_text(
        [COURSE]
    )
    assert_no_axe_violations(page)
