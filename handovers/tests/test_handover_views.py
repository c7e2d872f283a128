"""Handover pages: who sees what, who may do what, the PDF and the start page section."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from handovers import services
from handovers.models import Handover, HandoverItem
from handovers.tests.test_handovers import hire, item, record_leaving, world  # noqa: F401
from knowledge.tests.factories import make_article
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_unit,
)

pytestmark = pytest.mark.django_db

Kind = HandoverItem.Kind


@pytest.fixture
def scene(world):  # noqa: F811
    world["handover"] = record_leaving(world["leaver"])
    return world


def url(name: str, *args) -> str:
    return reverse(f"handovers:{name}", args=args)


def detail(scene) -> str:
    return url("detail", scene["handover"].pk)


def as_(client, employee_or_user):
    client.force_login(getattr(employee_or_user, "user", employee_or_user))
    return client


# --- Who sees a handover ----------------------------------------------------------------------


def test_leaver_successor_assignee_and_manager_see_it_colleagues_and_others_do_not(client, scene):
    successor = hire(scene, first_name="Sara", last_name="Sommer")
    colleague = make_employee(unit=scene["office"], position=scene["other_post"])
    lugde = make_municipality("Lügde")
    other_manager = make_manager(make_unit(lugde, "Bürgerbüro Lügde"))
    make_employee(municipality=lugde)
    handovers_item = item(scene["handover"], Kind.CHECKLIST)
    HandoverItem.objects.filter(pk=handovers_item.pk).update(assignee=scene["deputy"])

    expected = {
        scene["leaver"]: 200,
        successor: 200,
        scene["deputy"]: 200,
        scene["manager"]: 200,
        colleague: 404,
        other_manager: 404,
    }
    for person, status in expected.items():
        assert as_(client, person).get(detail(scene)).status_code == status, person
        pdf = client.get(url("pdf", scene["handover"].pk))
        assert pdf.status_code == status, person
    assert as_(client, make_cooperation_admin()).get(detail(scene)).status_code == 200


def test_the_leaver_no_longer_sees_it_after_the_last_working_day(client, scene):
    Handover.objects.filter(pk=scene["handover"].pk).update(
        leaving_date=datetime.date.today() - datetime.timedelta(days=1)
    )

    assert as_(client, scene["leaver"]).get(detail(scene)).status_code == 404
    assert as_(client, scene["manager"]).get(detail(scene)).status_code == 200


def test_the_page_shows_progress_as_text_and_bar(client, scene):
    response = as_(client, scene["manager"]).get(detail(scene))

    content = response.content.decode()
    assert "0 von 10 erledigt" in content
    assert '<progress class="progress__bar" value="0" max="10"' in content
    assert "Abmeldung eines Fahrzeugs (i-Kfz)" in content
    assert "noch nicht benannt" in content


def test_the_page_runs_the_same_number_of_queries_for_more_articles(client, scene):
    client = as_(client, scene["manager"])

    def queries() -> int:
        client.get(detail(scene))  # warm: the first request after a change refreshes caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail(scene)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(4):
        make_article(scene["library"], f"Weiterer Prozess {n}", owner_position=scene["clerk"])
    record_leaving(scene["leaver"], days=31)  # adds the new articles to the handover
    assert scene["handover"].items.count() == 18
    assert queries() == few


# --- Notes ------------------------------------------------------------------------------------


def test_the_leaver_writes_notes_that_the_successor_reads(client, scene):
    notes_item = item(scene["handover"], Kind.OWNERSHIP, scene["plates"])
    field = f"punkt-{notes_item.pk}-leaver_notes"
    note = "Reitkennzeichen liegen im Tresor, Schlüssel bei der Teamleitung."

    response = as_(client, scene["leaver"]).post(url("item_notes", notes_item.pk), {field: note})

    assert response.status_code == 302
    notes_item.refresh_from_db()
    assert notes_item.leaver_notes == note
    successor = hire(scene, first_name="Sara", last_name="Sommer")
    assert note in as_(client, successor).get(detail(scene)).content.decode()
    forbidden = client.post(url("item_notes", notes_item.pk), {field: "Nein"})
    assert forbidden.status_code == 403


def test_a_note_with_a_password_is_refused_with_a_german_message(client, scene):
    notes_item = item(scene["handover"], Kind.CHECKLIST)
    field = f"punkt-{notes_item.pk}-leaver_notes"

    response = as_(client, scene["leaver"]).post(
        url("item_notes", notes_item.pk), {field: "Fachverfahren: Passwort: Sommer24"}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "Zugangsdaten werden nie übergeben" in content
    assert "Ihre Hinweise wurden nicht gespeichert" in content
    assert 'aria-invalid="true"' in content
    notes_item.refresh_from_db()
    assert notes_item.leaver_notes == ""


# --- Items: complete, assign, successor --------------------------------------------------------


def test_the_successor_completes_an_item_others_may_not(client, scene):
    successor = hire(scene, first_name="Sara", last_name="Sommer")
    colleague = make_employee(unit=scene["office"], position=scene["other_post"])
    point = item(scene["handover"], Kind.CHECKLIST)
    complete = url("item_complete", point.pk)

    assert as_(client, colleague).post(complete).status_code == 404
    assert as_(client, scene["manager"]).post(complete).status_code == 403
    response = as_(client, successor).post(complete)

    assert response.status_code == 302
    assert response["Location"] == f"{detail(scene)}#punkt-{point.pk}"
    point.refresh_from_db()
    assert point.is_done and point.done_by == successor.user
    assert "1 von 10 erledigt" in client.get(detail(scene)).content.decode()


def test_the_successor_reopens_a_checklist_point_others_may_not(client, scene):
    successor = hire(scene, first_name="Sara", last_name="Sommer")
    point = item(scene["handover"], Kind.CHECKLIST)
    as_(client, successor).post(url("item_complete", point.pk))
    reopen = url("item_reopen", point.pk)
    assert f'action="{reopen}"' in client.get(detail(scene)).content.decode()

    assert as_(client, scene["manager"]).post(reopen).status_code == 403
    assert f'action="{reopen}"' not in client.get(detail(scene)).content.decode()
    response = as_(client, successor).post(reopen)

    assert response.status_code == 302
    assert response["Location"] == f"{detail(scene)}#punkt-{point.pk}"
    point.refresh_from_db()
    assert not point.is_done


def test_a_course_item_cannot_be_ticked_before_the_course_is_completed(client, scene):
    successor = hire(scene, first_name="Sara", last_name="Sommer")
    course_item = item(scene["handover"], Kind.COURSE)

    response = as_(client, successor).post(url("item_complete", course_item.pk), follow=True)

    assert "Der Kurs ist noch nicht abgeschlossen" in response.content.decode()
    course_item.refresh_from_db()
    assert not course_item.is_done


def test_the_manager_assigns_an_item_to_the_deputy(client, scene):
    ownership = item(scene["handover"], Kind.OWNERSHIP, scene["deregistration"])
    assign = url("item_assign", ownership.pk)
    field = f"punkt-{ownership.pk}-employee"
    page = as_(client, scene["manager"]).get(detail(scene)).content.decode()
    assert "Vorschlag: Dirk Dahl (Vertretung)" in page

    assert client.post(assign, {field: scene["deputy"].pk}).status_code == 302

    ownership.refresh_from_db()
    assert ownership.assignee == scene["deputy"]
    stranger = make_employee(municipality=make_municipality("Lügde"))
    client.post(assign, {field: stranger.pk})
    ownership.refresh_from_db()
    assert ownership.assignee == scene["deputy"]
    assert as_(client, scene["deputy"]).post(assign, {field: scene["deputy"].pk}).status_code == (
        403
    )


def test_the_manager_names_the_successor(client, scene):
    successor = make_employee(unit=scene["office"], first_name="Sara", last_name="Sommer")

    response = as_(client, scene["manager"]).post(
        url("successor", scene["handover"].pk), {"nachfolge-employee": successor.pk}
    )

    assert response.status_code == 302
    scene["handover"].refresh_from_db()
    assert scene["handover"].successor == successor
    assert not scene["handover"].items.filter(assignee__isnull=True).exists()


# --- Starting by hand, lists -------------------------------------------------------------------


def test_a_manager_starts_a_handover_for_someone_in_their_units(client, world):  # noqa: F811
    client = as_(client, world["manager"])
    start = url("start")
    assert client.get(start).status_code == 200

    response = client.post(
        start,
        {"employee": world["leaver"].pk, "reason": "leaving", "leaving_date": "2030-06-30"},
    )

    handover = Handover.objects.get(leaver=world["leaver"])
    assert response.status_code == 302
    assert response["Location"] == url("detail", handover.pk)
    assert handover.reason == Handover.Reason.LEAVING
    assert handover.leaving_date == datetime.date(2030, 6, 30)
    stranger = make_employee(municipality=make_municipality("Lügde"))
    assert client.post(start, {"employee": stranger.pk, "reason": "move"}).status_code == 400
    assert as_(client, world["deputy"]).get(start).status_code == 404


def test_my_handovers_lists_them_by_role(client, scene):
    leaver_page = as_(client, scene["leaver"]).get(url("list")).content.decode()
    manager_page = as_(client, scene["manager"]).get(url("list")).content.decode()

    assert "Ich übergebe" in leaver_page and "Sachbearbeitung Zulassung" in leaver_page
    assert "In meinen Einheiten" in manager_page and "von Lena Lange" in manager_page
    assert "Übergabe starten" in manager_page and "Übergabe starten" not in leaver_page


def test_the_start_page_section_lists_open_handovers(scene):
    request = RequestFactory().get("/")
    request.user = scene["manager"].user

    html = render_to_string("handovers/includes/my_handovers.html", request=request)

    assert "Meine Übergaben" in html
    assert "0 von 10 erledigt" in html
    request.user = make_employee(unit=scene["office"], position=scene["other_post"]).user
    assert "Meine Übergaben" not in render_to_string(
        "handovers/includes/my_handovers.html", request=request
    )


def test_the_pdf_holds_articles_steps_notes_and_checklist(client, scene):
    notes_item = item(scene["handover"], Kind.OWNERSHIP, scene["plates"])
    notes_item.leaver_notes = "Kennzeichen liegen im Tresor."
    notes_item.save()

    response = as_(client, scene["manager"]).get(url("pdf", scene["handover"].pk))

    assert response["Content-Type"] == "application/pdf"
    assert "Uebergabe-sachbearbeitung-zulassung-lena-lange" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Abmeldung eines Fahrzeugs (i-Kfz)" in text
    assert "Antrag erfassen" in text  # the step list
    assert "Kennzeichen liegen im Tresor." in text
    assert "Offene Vorgänge und Fristen übergeben" in text
    assert "i-Kfz sicher bedienen" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_the_start_page_shows_a_handover_from_the_next_request_on(client, world):  # noqa: F811
    """Who takes part in open handovers is kept per worker under a version: starting
    one, assigning an item and completing it each show on the very next request."""
    as_(client, world["deputy"])
    assert "Meine Übergaben" not in client.get("/").content.decode()
    handover = record_leaving(world["leaver"])
    checklist = handover.items.filter(kind=Kind.CHECKLIST).first()

    assert "Meine Übergaben" not in client.get("/").content.decode()
    services.assign_item(checklist, world["deputy"])
    assert "Meine Übergaben" in client.get("/").content.decode()
    as_(client, world["manager"])
    assert "Meine Übergaben" in client.get("/").content.decode()
    world["leaver"].leaving_date = None
    world["leaver"].save()  # withdrawn: the untouched handover is removed
    assert not Handover.objects.filter(pk=handover.pk).exists()
    assert "Meine Übergaben" not in client.get("/").content.decode()
    as_(client, world["deputy"])
    assert "Meine Übergaben" not in client.get("/").content.decode()
