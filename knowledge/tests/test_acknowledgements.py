"""Read and acknowledge: who must confirm which revision, and when they are asked again.

An owner names positions and units; their staff must acknowledge the revision that was
current when the article was first published with those requirements. Publishing a
change asks again only when the editor ticked "erneute Kenntnisnahme erforderlich",
whether the editor publishes directly or the Redaktion approves a submitted change.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.tests.factories import data_for_module, section_of
from knowledge import acknowledgements
from knowledge.models import Acknowledgement, ProcessArticlePage
from organisations.roles import Role
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
)

from .factories import articles_to_acknowledge, make_article, make_library

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """Blomberg's Fachbereich with an Amt; an owner, staff in and outside the targets,
    a leaver, a trainer and the Redaktion; Lügde with a reader."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            department = make_unit(blomberg, "Fachbereich Bürgerdienste")
            office = make_unit(blomberg, "Straßenverkehrsamt", parent=department)
            other = make_unit(blomberg, "Kämmerei")
            luegde_unit = make_unit(luegde, "Bürgerbüro Lügde")
            lead = make_position(office, "Sachgebietsleitung Zulassung")
            clerk_post = make_position(office, "Sachbearbeitung Zulassung")
            data = {
                "blomberg": blomberg,
                "luegde": luegde,
                "department": department,
                "office": office,
                "luegde_unit": luegde_unit,
                "lead": lead,
                "clerk_post": clerk_post,
                "owner": make_employee(unit=office, position=lead, first_name="Olga"),
                "clerk": make_employee(unit=office, position=clerk_post, first_name="Clara"),
                # In the department's subtree by unit, without one of the positions.
                "colleague": make_employee(unit=department, first_name="Kai"),
                "outsider": make_employee(unit=other, first_name="Otto"),
                "leaver": make_employee(
                    unit=office,
                    position=clerk_post,
                    leaving_date=timezone.localdate() - datetime.timedelta(days=3),
                ),
                "neighbour": make_employee(unit=luegde_unit, first_name="Nina"),
                "trainer": make_employee(blomberg, roles=[Role.TRAINER]).user,
                "editor": make_employee(blomberg, roles=[Role.EDITOR]).user,
                "library": make_library(section_of(blomberg), slug="prozesse"),
            }
        yield data


def required_article(town, publish=True, positions=None, units=(), **fields):
    """An article of Blomberg owned by the lead position that the clerks' position and
    ``units`` must acknowledge."""
    fields.setdefault("owner_position", town["lead"])
    article = make_article(town["library"], publish=False, **fields)
    article.acknowledgement_positions = (
        [town["clerk_post"]] if positions is None else list(positions)
    )
    article.acknowledgement_units = list(units)
    revision = article.save_revision()
    if publish:
        revision.publish()
    return ProcessArticlePage.objects.get(pk=article.pk)


def publish_change(article, reacknowledge: bool, **changes):
    """Publish a new revision as an editor would, with or without the tick."""
    page = article.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(page, field, value)
    page.reacknowledge_on_publish = reacknowledge
    revision = page.save_revision()
    revision.publish()
    return ProcessArticlePage.objects.get(pk=article.pk), revision


def state(article, employee):
    return acknowledgements.state_for(article, employee.user)


def test_first_publication_fixes_the_revision_to_acknowledge(town):
    article = required_article(town)
    assert article.acknowledgement_revision_id == article.live_revision_id
    draft = required_article(town, publish=False)
    assert draft.acknowledgement_revision_id is None


def test_article_without_requirements_asks_nobody(town):
    article = make_article(town["library"], owner_position=town["lead"])
    assert article.acknowledgement_revision_id is None
    assert not acknowledgements.affected_employees(article).exists()
    assert not state(article, town["clerk"]).show
    # Anyone who reads it may still acknowledge it, at its live revision.
    ack, created = acknowledgements.acknowledge(article, town["clerk"].user)
    assert created and ack.revision_id == article.live_revision_id


def test_affected_are_position_holders_and_unit_staff_but_not_owner_or_leavers(town):
    article = required_article(town, units=[town["department"]])
    affected = set(acknowledgements.affected_employees(article))
    assert affected == {town["clerk"], town["colleague"]}
    assert state(article, town["clerk"]).required
    assert state(article, town["colleague"]).required, "units count with their subtree"
    assert not state(article, town["outsider"]).show
    assert not state(article, town["owner"]).required, "the owner counts as having read it"
    assert acknowledgements.pending_for(town["owner"].user) == []


def test_internal_article_asks_only_its_own_municipality(town):
    article = required_article(
        town, positions=[], units=[town["department"], town["luegde_unit"]], intern=True
    )
    assert town["neighbour"] not in set(acknowledgements.affected_employees(article))
    assert town["colleague"] in set(acknowledgements.affected_employees(article))
    assert acknowledgements.pending_for(town["neighbour"].user) == []


def test_acknowledgement_is_per_revision_and_survives_a_change_without_the_tick(town):
    article = required_article(town)
    clerk = town["clerk"]
    acknowledgements.acknowledge(article, clerk.user)
    first = article.acknowledgement_revision_id
    assert state(article, clerk).acknowledged_at is not None

    article, revision = publish_change(article, reacknowledge=False, trigger="Tippfehler")
    assert article.live_revision_id == revision.pk
    assert article.acknowledgement_revision_id == first
    assert state(article, clerk).acknowledged_at is not None
    assert not state(article, clerk).open
    assert acknowledgements.pending_for(clerk.user) == []


def test_publishing_with_the_tick_asks_again(town):
    article = required_article(town)
    clerk = town["clerk"]
    acknowledgements.acknowledge(article, clerk.user)

    article, revision = publish_change(article, reacknowledge=True, trigger="Neuer Ablauf")
    assert article.acknowledgement_revision_id == revision.pk
    assert not article.reacknowledge_on_publish, "the tick is used up"
    now = state(article, clerk)
    assert now.open and now.changed_since
    assert now.revision_id == revision.pk
    assert [a.pk for a in acknowledgements.pending_for(clerk.user)] == [article.pk]

    acknowledgements.acknowledge(article, clerk.user)
    assert Acknowledgement.objects.filter(article=article, user=clerk.user).count() == 2
    assert not state(article, clerk).open

    # The next change starts unticked again.
    article, later = publish_change(article, reacknowledge=False, trigger="Noch ein Satz")
    assert article.acknowledgement_revision_id == revision.pk


def test_review_dates_and_revision_to_acknowledge_belong_to_the_page_not_a_revision(town):
    article = required_article(town)
    original = article.live_revision
    begun_before_review = article.get_latest_revision_as_object().save_revision()
    today = timezone.localdate()
    next_date = article.mark_reviewed(today)
    begun_before_review.publish()
    article = ProcessArticlePage.objects.get(pk=article.pk)
    assert (article.last_reviewed_on, article.next_review_date) == (today, next_date)

    article, ticked = publish_change(article, reacknowledge=True)
    original.publish()  # a revert to the first revision's content
    article = ProcessArticlePage.objects.get(pk=article.pk)
    assert article.live_revision_id == original.pk
    assert article.acknowledgement_revision_id == ticked.pk


# --- Through the Wagtail admin -------------------------------------------------------


def list_block(items: list) -> dict:
    """Form data of a ListBlock (Wagtail's test utilities have none)."""
    data = {str(i): {"value": v, "deleted": "", "order": str(i)} for i, v in enumerate(items)}
    data["count"] = str(len(items))
    return data


def edit_form_data(article, town, reacknowledge: bool, action: str, trigger: str) -> dict:
    data = {
        "title": article.title,
        "slug": article.slug,
        "purpose": article.purpose,
        "trigger": trigger,
        "legal_basis": rich_text(""),
        "inputs": "",
        "outputs": "",
        "steps": streamfield(
            [
                (
                    "step",
                    {
                        "title": "Antrag erfassen",
                        "category": "eingang",
                        "responsible": "Sachbearbeitung",
                        "action": "Erfassen.",
                        "system_kind": "",
                        "system_name": "",
                        "documents": list_block([]),
                        "duration_minutes": "",
                        "notes": "",
                    },
                )
            ]
        ),
        "contacts": streamfield([]),
        "tags": "",
        "leika_key": "",
        "ozg_service": "",
        "maturity": "entwurf",
        "owner_position": str(town["lead"].pk),
        "review_interval_months": "12",
        "next_review_date": article.next_review_date.isoformat(),
        "comments": inline_formset([]),
        action: "1",
    }
    if reacknowledge:
        data["reacknowledge"] = "on"
    data = nested_form_data(data)
    # A multiple choice is a list; nested_form_data would number its items.
    data["acknowledgement_positions"] = [str(town["clerk_post"].pk)]
    return data


def post_edit(client, user, article, town, reacknowledge, action, trigger):
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        edit_form_data(article, town, reacknowledge, action, trigger),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    return ProcessArticlePage.objects.get(pk=article.pk)


def test_redaktion_publishes_with_the_tick_in_the_editor(client, town):
    article = required_article(town)
    first = article.acknowledgement_revision_id
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    client.force_login(town["editor"])
    form = client.get(url).context["form"]
    assert "reacknowledge" in form.fields and not form["reacknowledge"].initial

    article = post_edit(client, town["editor"], article, town, False, "action-publish", "A")
    assert article.trigger == "A"
    assert article.acknowledgement_revision_id == first, "unticked: no new acknowledgement"

    article = post_edit(client, town["editor"], article, town, True, "action-publish", "B")
    assert article.trigger == "B"
    assert article.acknowledgement_revision_id == article.live_revision_id != first
    assert not client.get(url).context["form"]["reacknowledge"].initial, "starts unticked"


def test_tick_travels_through_the_redaktion_workflow(client, town):
    article = required_article(town)
    first = article.acknowledgement_revision_id
    assert article.get_workflow().name == "Freigabe durch die Redaktion (Blomberg)"

    article = post_edit(client, town["trainer"], article, town, True, "action-submit", "Neu")
    assert article.acknowledgement_revision_id == first, "nothing changes before approval"
    # The pending tick stays ticked for whoever opens the editor before approval.
    client.force_login(town["editor"])
    form = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).context["form"]
    assert form["reacknowledge"].initial is True

    workflow_state = WorkflowState.objects.for_instance(article).get(
        status=WorkflowState.STATUS_IN_PROGRESS
    )
    task_state = workflow_state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    article = ProcessArticlePage.objects.get(pk=article.pk)
    assert article.trigger == "Neu"
    assert article.acknowledgement_revision_id == task_state.revision_id != first
    assert state(article, town["clerk"]).open


def test_two_revisions_can_be_compared_in_the_admin(client, town):
    article = required_article(town)
    first = article.live_revision
    article, second = publish_change(article, reacknowledge=False, trigger="Geändert")
    revisions = Revision.page_revisions.filter(object_id=str(article.pk))
    assert {first.pk, second.pk} <= set(revisions.values_list("pk", flat=True))
    client.force_login(town["editor"])
    url = reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Geändert" in response.content.decode()


# --- The button and the view ---------------------------------------------------------


def acknowledge_url(article) -> str:
    return reverse("knowledge:acknowledge", args=[article.pk])


def test_acknowledging_twice_stores_one_acknowledgement(client, town):
    article = required_article(town)
    client.force_login(town["clerk"].user)
    data = {"fassung": str(article.acknowledgement_revision_id)}
    first = client.post(acknowledge_url(article), data)
    second = client.post(acknowledge_url(article), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"].endswith(f"{article.url}#kenntnisnahme")
    assert Acknowledgement.objects.filter(article=article, user=town["clerk"].user).count() == 1


def test_acknowledging_a_revision_that_was_replaced_meanwhile_stores_nothing(client, town):
    article = required_article(town)
    seen = article.acknowledgement_revision_id
    article, _revision = publish_change(article, reacknowledge=True, trigger="Neu")
    client.force_login(town["clerk"].user)
    response = client.post(acknowledge_url(article), {"fassung": str(seen)})
    assert response.status_code == 302
    assert not Acknowledgement.objects.filter(article=article).exists()
    assert "inzwischen geändert" in str(list(get_messages(response.wsgi_request))[0])


def test_reader_of_another_municipality_may_acknowledge_a_public_article(client, town):
    article = required_article(town)
    client.force_login(town["neighbour"].user)
    assert client.post(acknowledge_url(article)).status_code == 302
    assert Acknowledgement.objects.filter(article=article, user=town["neighbour"].user).exists()


def test_foreign_internal_article_answers_404(client, town):
    article = required_article(town, intern=True)
    client.force_login(town["neighbour"].user)
    assert client.post(acknowledge_url(article)).status_code == 404
    assert client.post(reverse("knowledge:acknowledge", args=[999999])).status_code == 404
    client.force_login(town["clerk"].user)
    assert client.get(acknowledge_url(article)).status_code == 405
    assert not Acknowledgement.objects.filter(article=article).exists()


def test_unpublished_article_answers_404(client, town):
    article = required_article(town, publish=False)
    client.force_login(town["clerk"].user)
    assert client.post(acknowledge_url(article)).status_code == 404


# --- What readers see ----------------------------------------------------------------


def render_box(template: str, article, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, {"page": article, "request": request}, request=request)


def test_box_asks_then_confirms_then_asks_again_after_a_ticked_change(town):
    article = required_article(town)
    user = town["clerk"].user
    box = "knowledge/includes/acknowledgement_box.html"
    html = render_box(box, article, user)
    assert "Kenntnisnahme erforderlich" in html
    assert f'action="{acknowledge_url(article)}"' in html
    assert f'name="fassung" value="{article.acknowledgement_revision_id}"' in html

    acknowledgements.acknowledge(article, user)
    html = render_box(box, article, user)
    assert "Zur Kenntnis genommen am" in html and "<form" not in html

    article, _revision = publish_change(article, reacknowledge=True)
    html = render_box(box, article, user)
    assert "Geändert seit Ihrer letzten Kenntnisnahme" in html and "<form" in html

    assert render_box(box, article, town["outsider"].user).strip() == ""
    assert render_box(box, article, town["owner"].user).strip() == ""


def test_start_page_lists_what_is_to_acknowledge_with_a_fixed_number_of_queries(town):
    user = town["clerk"].user
    first = required_article(town, title="Abmeldung eines Fahrzeugs")
    template = "knowledge/includes/my_acknowledgements.html"

    def render() -> tuple[str, int]:
        fresh = type(user).objects.get(pk=user.pk)  # no per-request caches
        with CaptureQueriesContext(connection) as queries:
            html = render_box(template, None, fresh)
        return html, len(queries)

    render()  # warms Wagtail's cache of site root paths
    html, one = render()
    assert "Zur Kenntnisnahme" in html and "Abmeldung eines Fahrzeugs" in html

    articles_to_acknowledge(
        town["library"],
        town["clerk_post"],
        first.acknowledgement_revision_id,
        30,
        prefix="massen",
        owner_position=town["lead"],
    )
    html, thirty_one = render()
    assert html.count('<li class="learning-card') == 31
    assert thirty_one == one

    acknowledgements.acknowledge(first, user)
    html, _count = render()
    assert "Abmeldung eines Fahrzeugs" not in html
    assert render_box(template, None, town["outsider"].user).strip() == ""


def test_start_page_follows_publications_acknowledgements_and_moves(client, town):
    """Which articles ask a position or unit is cached until the next publication or
    change of the unit tree, per position and unit: each of these shows on the
    reader's very next request."""
    client.force_login(town["colleague"].user)  # in the department, no position asked

    def to_acknowledge() -> str:
        html = client.get("/").content.decode()
        return html if "Zur Kenntnisnahme" in html else ""

    assert "Kfz-Kennzeichen reservieren" not in to_acknowledge()
    article = required_article(
        town, title="Kfz-Kennzeichen reservieren", units=[town["office"]], positions=[]
    )
    assert "Kfz-Kennzeichen reservieren" not in to_acknowledge()  # the office, not above

    assert "Kenntnisnahme erforderlich" not in client.get(article.url).content.decode()

    town["colleague"].org_unit = town["office"]
    town["colleague"].save()
    assert "Kfz-Kennzeichen reservieren" in to_acknowledge()
    assert "Kenntnisnahme erforderlich" in client.get(article.url).content.decode()

    client.post(acknowledge_url(article), {"fassung": str(article.acknowledgement_revision_id)})
    assert "Kfz-Kennzeichen reservieren" not in to_acknowledge()

    assert "Kenntnisnahme erforderlich" not in client.get(article.url).content.decode()

    publish_change(article, reacknowledge=True, purpose="Neuer Zweck.")
    assert "Kfz-Kennzeichen reservieren" in to_acknowledge()
    assert "Geändert seit Ihrer letzten" in client.get(article.url).content.decode()

    article.unpublish()
    assert "Kfz-Kennzeichen reservieren" not in to_acknowledge()
