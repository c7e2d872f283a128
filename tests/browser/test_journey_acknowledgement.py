"""An owner changes a process and asks for a new acknowledgement; a reader confirms it.

The owner of "Abmeldung eines Fahrzeugs" holds the post "Sachgebietsleitung Zulassung"
and is no trainer: she opens her article in the Wagtail admin (as from the review
reminder's link), changes the trigger, ticks "Erneute Kenntnisnahme erforderlich" and
submits the change to the Redaktion, which approves it. The reader, a clerk whose post
must acknowledge the article and who acknowledged the earlier revision, finds it on her
start page as changed, reads the new revision and acknowledges it. axe-core checks the
start page and the article page, before and after.
"""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from courses.tests.factories import section_of
from knowledge.models import Acknowledgement, ProcessArticlePage
from knowledge.tests.factories import make_article, make_library, step
from organisations.roles import Role
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
    make_user,
)
from tests.browser.helpers import assert_no_axe_violations, csp_violations, login
from tests.browser.test_journey_authoring import (
    ADMIN_TIMEOUT,
    click_and_load,
    footer_action,
    heading,
    log_out,
    textbox,
)

PASSWORD = "lernwerk-test-1"
TITLE = "Abmeldung eines Fahrzeugs"
NEW_TRIGGER = "Der Antrag geht über das i-Kfz-Portal ein."
WORKFLOW = "Freigabe durch die Redaktion (Blomberg)"
#: Wagtail: "Submit to %(workflow_name)s" and "%(label)s and Publish" with "Approve".
SUBMIT = f"In {WORKFLOW} einreichen"
APPROVE = "Freigeben und Veröffentlichen"


@pytest.fixture
def blomberg(transactional_db, settings):
    """The article with its owner, a clerk who acknowledged it, and the Redaktion."""
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "knowledge.reviews.StewardAdminAccessBackend",
    ]
    municipality = make_municipality("Blomberg", slug="blomberg")
    office = make_unit(municipality, "Straßenverkehrsamt")
    lead = make_position(office, "Sachgebietsleitung Zulassung")
    clerk_post = make_position(office, "Sachbearbeitung Zulassung")
    owner = make_user("olga", password=PASSWORD, first_name="Olga", last_name="Ortmann")
    make_employee(municipality, unit=office, position=lead, user=owner)
    reader = make_user("clara", password=PASSWORD, first_name="Clara", last_name="Claasen")
    make_employee(municipality, unit=office, position=clerk_post, user=reader)
    editor = make_user("rolf", password=PASSWORD, first_name="Rolf", last_name="Redakteur")
    make_employee(municipality, user=editor, roles=[Role.EDITOR])

    library = make_library(section_of(municipality), "Prozesse der Stadt Blomberg")
    article = make_article(
        library,
        TITLE,
        steps=[step("Antrag prüfen", "Sachbearbeitung Zulassung", category="eingang")],
        trigger="Der Antrag kommt per Post.",
        owner_position=lead,
        publish=False,
    )
    article.acknowledgement_positions = [clerk_post]
    article.save_revision().publish()
    article = ProcessArticlePage.objects.get(pk=article.pk)
    Acknowledgement.objects.create(
        article=article, user=reader, revision_id=article.acknowledgement_revision_id
    )
    return SimpleNamespace(article=article, owner=owner, reader=reader, editor=editor)


def test_owner_asks_for_a_new_acknowledgement_and_the_reader_gives_it(page, live_server, blomberg):
    page.set_default_timeout(ADMIN_TIMEOUT)
    article = blomberg.article
    first_revision = article.acknowledgement_revision_id

    # 1. The owner edits her article in the admin and submits it with the tick.
    login(page, live_server, "olga", PASSWORD)
    page.goto(f"/admin/pages/{article.pk}/edit/")
    expect(heading(page)).to_contain_text(TITLE)
    textbox(page, "Auslöser").fill(NEW_TRIGGER)
    page.get_by_role("checkbox", name="Erneute Kenntnisnahme erforderlich").check()
    footer_action(page, SUBMIT)
    # Owners hold no page permissions: they stay in their article's editor.
    expect(heading(page)).to_contain_text(TITLE)
    expect(page.get_by_role("status").first).to_contain_text("zur Moderation eingereicht")
    state = WorkflowState.objects.for_instance(article).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == blomberg.owner
    assert ProcessArticlePage.objects.get(pk=article.pk).acknowledgement_revision_id == (
        first_revision
    )
    log_out(page)

    # 2. The Redaktion approves the change from its dashboard.
    login(page, live_server, "rolf", PASSWORD)
    page.goto("/admin/")
    review = page.get_by_role("region", name="Ihre Überprüfung steht aus")
    click_and_load(page, review.get_by_role("link", name=TITLE, exact=True))
    footer_action(page, APPROVE)
    expect(page.get_by_role("status").first).to_contain_text(TITLE)
    article = ProcessArticlePage.objects.get(pk=article.pk)
    assert article.trigger == NEW_TRIGGER
    assert article.acknowledgement_revision_id == article.live_revision_id != first_revision
    log_out(page)

    # 3. The reader finds the changed article on her start page ...
    login(page, live_server, "clara", PASSWORD)
    page.goto("/")
    pending = page.get_by_role("region", name="Zur Kenntnisnahme")
    expect(pending.get_by_role("listitem")).to_have_count(1)
    expect(pending).to_contain_text("Geändert seit Ihrer letzten Kenntnisnahme")
    assert_no_axe_violations(page)

    # ... reads the new revision and acknowledges it.
    click_and_load(page, pending.get_by_role("link", name=TITLE))
    expect(heading(page)).to_have_text(TITLE)
    expect(page.get_by_text(NEW_TRIGGER)).to_be_visible()
    box = page.get_by_role("region", name="Kenntnisnahme erforderlich")
    expect(box).to_contain_text("Geändert seit Ihrer letzten Kenntnisnahme")
    assert_no_axe_violations(page)
    click_and_load(page, box.get_by_role("button", name="Zur Kenntnis genommen"))

    expect(page.get_by_text(f"Sie haben „{TITLE}“ zur Kenntnis genommen.")).to_be_visible()
    done = page.get_by_role("region", name="Kenntnisnahme")
    expect(done).to_contain_text("Zur Kenntnis genommen am")
    expect(done.get_by_role("button")).to_have_count(0)
    assert_no_axe_violations(page)
    assert csp_violations(page) == []
    assert Acknowledgement.objects.filter(
        article=article, user=blomberg.reader, revision_id=article.acknowledgement_revision_id
    ).exists()

    page.goto("/")
    expect(page.get_by_role("region", name="Zur Kenntnisnahme")).to_have_count(0)
