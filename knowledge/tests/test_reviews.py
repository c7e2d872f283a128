"""Ownership and review: reminders before the review date, "geprüft am", owners editing.

The holders of the owner position are reminded once per review date (the deputy's
holders when the post is vacant); marking the article as reviewed starts the next
interval, and a new review date brings a new reminder. Owners and deputies may edit
their article in the admin without being trainers; publication stays with the Redaktion.
"""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.dates import add_months
from courses.tests.factories import data_for_module, section_of
from knowledge import reviews
from knowledge.models import ProcessArticlePage
from knowledge.wagtail_hooks import mark_reviewed_header_button
from organisations.roles import Role
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
)

from .factories import make_article, make_library

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "knowledge.reviews.StewardAdminAccessBackend",
]


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            office = make_unit(blomberg, "Straßenverkehrsamt")
            lead = make_position(office, "Sachgebietsleitung Zulassung")
            deputy = make_position(office, "Stellvertretung Zulassung")
            vacant = make_position(office, "Sachbearbeitung (unbesetzt)")
            clerk_post = make_position(office, "Sachbearbeitung Zulassung")
            data = {
                "blomberg": blomberg,
                "lead": lead,
                "deputy": deputy,
                "vacant": vacant,
                "owner": make_employee(
                    unit=office, position=lead, first_name="Olga", last_name="Owner"
                ),
                "stand_in": make_employee(
                    unit=office, position=deputy, first_name="Dieter", last_name="Deputy"
                ),
                "clerk": make_employee(unit=office, position=clerk_post, first_name="Clara"),
                "trainer": make_employee(blomberg, roles=[Role.TRAINER]).user,
                "editor": make_employee(blomberg, roles=[Role.EDITOR]).user,
                "other_trainer": make_employee(luegde, roles=[Role.TRAINER]).user,
                "neighbour": make_employee(luegde).user,
                "library": make_library(section_of(blomberg), slug="prozesse"),
            }
        yield data


def article_due(town, next_review_date=TODAY + datetime.timedelta(days=10), **fields):
    fields.setdefault("owner_position", town["lead"])
    fields.setdefault("deputy_position", town["deputy"])
    return make_article(town["library"], next_review_date=next_review_date, **fields)


def reminded(article) -> datetime.date | None:
    return ProcessArticlePage.objects.get(pk=article.pk).review_reminder_sent_for


# --- Reminders -----------------------------------------------------------------------


def test_owner_is_reminded_once_per_review_date(town):
    article = article_due(town, title="Abmeldung eines Fahrzeugs")
    counts = reviews.send_review_reminders(TODAY)
    assert counts["sent"] == 1
    (message,) = mail.outbox
    assert message.to == [town["owner"].user.email]
    assert "Abmeldung eines Fahrzeugs" in message.subject
    assert "12. März 2026" in message.body
    assert "Als geprüft markieren" in message.body
    assert article.url in message.body
    html = message.alternatives[0][0]
    assert '<html lang="de">' in html and "Prozessbeschreibung prüfen" in html
    assert reminded(article) == article.next_review_date

    assert reviews.send_review_reminders(TODAY)["sent"] == 0
    assert reviews.send_review_reminders(TODAY + datetime.timedelta(days=20))["sent"] == 0
    assert len(mail.outbox) == 1


def test_no_reminder_before_the_reminder_period(town, settings):
    article_due(town, next_review_date=TODAY + datetime.timedelta(days=20))
    assert reviews.send_review_reminders(TODAY)["sent"] == 0
    settings.KNOWLEDGE_REVIEW_REMINDER_DAYS = 30
    assert reviews.send_review_reminders(TODAY)["sent"] == 1


def test_a_new_review_date_is_reminded_again(town):
    article = article_due(town)
    reviews.send_review_reminders(TODAY)
    next_date = article.mark_reviewed(TODAY)
    assert next_date == add_months(TODAY, article.review_interval_months)
    assert reviews.send_review_reminders(TODAY)["sent"] == 0
    day_before = next_date - datetime.timedelta(days=14)
    assert reviews.send_review_reminders(day_before)["sent"] == 1
    assert reminded(article) == next_date
    assert len(mail.outbox) == 2


def test_overdue_review_is_reminded_once(town):
    article_due(town, next_review_date=TODAY - datetime.timedelta(days=40))
    assert reviews.send_review_reminders(TODAY)["sent"] == 1
    assert mail.outbox[0].subject.startswith("Prüfung überfällig")
    assert reviews.send_review_reminders(TODAY)["sent"] == 0


def test_deputy_is_reminded_when_the_owner_post_is_vacant(town):
    article_due(town, owner_position=town["vacant"])
    assert reviews.send_review_reminders(TODAY)["sent"] == 1
    (message,) = mail.outbox
    assert message.to == [town["stand_in"].user.email]
    assert "als Vertretung" in message.body


def test_article_nobody_can_be_reminded_of_stays_unclaimed(town):
    article = article_due(town, owner_position=town["vacant"], deputy_position=None)
    counts = reviews.send_review_reminders(TODAY)
    assert counts == {"sent": 0, "failed": 0, "nobody": 1}
    assert reminded(article) is None


def test_failed_mail_releases_the_claim(town):
    article = article_due(town)
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
    ):
        counts = reviews.send_review_reminders(TODAY)
    assert counts["failed"] == 1 and counts["sent"] == 0
    assert reminded(article) is None
    assert reviews.send_review_reminders(TODAY)["sent"] == 1


def test_unpublished_and_inactive_articles_are_not_reminded(town):
    article_due(town, publish=False)
    article_due(town, maturity="inaktiv")
    assert reviews.send_review_reminders(TODAY)["sent"] == 0


def test_command_runs_the_task(town, capsys):
    article_due(town, next_review_date=timezone.localdate())
    call_command("send_review_reminders")
    assert "Erinnerungen gesendet: 1" in capsys.readouterr().out
    call_command("send_review_reminders", "--now")
    assert "Erinnerungen gesendet: 0" in capsys.readouterr().out
    assert len(mail.outbox) == 1


# --- "Geprüft am" --------------------------------------------------------------------


def mark_url(article) -> str:
    return reverse("knowledge:mark_reviewed", args=[article.pk])


@pytest.mark.parametrize("who", ["owner", "stand_in", "trainer", "editor"])
def test_owner_deputy_and_editors_mark_an_article_as_reviewed(client, town, who):
    article = article_due(town, review_interval_months=6)
    user = town[who] if who in ("trainer", "editor") else town[who].user
    client.force_login(user)
    response = client.post(mark_url(article))
    assert response.status_code == 302
    assert response["Location"].endswith(f"{article.url}#pruefung")
    article = ProcessArticlePage.objects.get(pk=article.pk)
    today = timezone.localdate()
    assert article.last_reviewed_on == today
    assert article.next_review_date == add_months(today, 6)


@pytest.mark.parametrize("who", ["clerk", "other_trainer", "neighbour"])
def test_others_may_not_mark_an_article_as_reviewed(client, town, who):
    article = article_due(town)
    client.force_login(town[who] if who != "clerk" else town[who].user)
    assert client.post(mark_url(article)).status_code == 403
    assert ProcessArticlePage.objects.get(pk=article.pk).last_reviewed_on is None


def test_foreign_internal_article_answers_404(client, town):
    article = article_due(town, intern=True)
    client.force_login(town["neighbour"])
    assert client.post(mark_url(article)).status_code == 404
    client.force_login(town["owner"].user)
    assert client.get(mark_url(article)).status_code == 405


def render_review_box(article, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "knowledge/includes/review_box.html", {"page": article, "request": request}
    )


def test_review_box_is_shown_to_stewards_only(town, settings):
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    article = article_due(town, next_review_date=timezone.localdate() - datetime.timedelta(1))
    html = render_review_box(article, town["owner"].user)
    assert "Prüfung überfällig seit" in html
    assert f'action="{mark_url(article)}"' in html
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in html
    assert render_review_box(article, town["clerk"].user).strip() == ""


def test_admin_header_offers_the_review_to_stewards(town):
    article = article_due(town)
    (button,) = mark_reviewed_header_button(article, town["owner"].user, "edit")
    assert button.is_shown(town["owner"].user)
    assert button.url == f"{article.url}#pruefung"
    assert not button.is_shown(town["clerk"].user)


# --- Owners edit in the admin --------------------------------------------------------


def test_owner_and_deputy_may_edit_but_not_publish(town):
    article = article_due(town)
    for steward in (town["owner"], town["stand_in"]):
        permissions = article.permissions_for_user(steward.user)
        assert permissions.can_edit()
        assert not permissions.can_publish()
    assert not article.permissions_for_user(town["clerk"].user).can_edit()


def test_owner_who_has_left_no_longer_edits(town):
    article = article_due(town)
    owner = town["owner"]
    owner.leaving_date = timezone.localdate() - datetime.timedelta(days=1)
    owner.save()
    owner.user.refresh_from_db()
    assert not article.permissions_for_user(owner.user).can_edit()


def edit_form_data(article, trigger: str) -> dict:
    """What the editor posts for a one-step article (StreamFields are built by script)."""
    step = {
        "title": "Antrag erfassen",
        "category": "eingang",
        "responsible": "Sachbearbeitung",
        "action": "Erfassen.",
        "system_kind": "",
        "system_name": "",
        "documents": {"count": "0"},
        "duration_minutes": "",
        "notes": "",
    }
    return nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "purpose": article.purpose,
            "trigger": trigger,
            "legal_basis": rich_text(""),
            "steps": streamfield([("step", step)]),
            "contacts": streamfield([]),
            "maturity": article.maturity,
            "owner_position": str(article.owner_position_id),
            "deputy_position": str(article.deputy_position_id),
            "review_interval_months": "12",
            "next_review_date": article.next_review_date.isoformat(),
            "comments": inline_formset([]),
            "action-submit": "1",
        }
    )


def test_owner_opens_the_editor_and_submits_to_the_redaktion(client, town, settings):
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    article = article_due(town)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    client.force_login(town["clerk"].user)
    assert client.get(edit_url).status_code == 302, "no admin access for other staff"

    client.force_login(town["owner"].user)
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "reacknowledge" in response.context["form"].fields

    response = client.post(edit_url, edit_form_data(article, "Der Antrag kommt über das Portal."))
    assert response.status_code == 302, response.context and response.context["form"].errors
    state = WorkflowState.objects.for_instance(article).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Freigabe durch die Redaktion (Blomberg)"
    assert state.requested_by == town["owner"].user
    live = ProcessArticlePage.objects.get(pk=article.pk)
    assert live.trigger != "Der Antrag kommt über das Portal.", "published only on approval"
    # Owners hold no page permissions, so they stay in their article's editor.
    assert response["Location"] == edit_url
    assert "Freigabe" in client.get(edit_url).content.decode()
