"""Handovers: started from HR records, handed to the successor, worked through to the end."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from courses.tests.factories import make_course, make_course_index, section_of
from handovers import services as handovers
from handovers.models import Handover, HandoverItem
from handovers.services import (
    HandoverError,
    complete_item,
    contains_password,
    resolve_successor,
    start_handover,
)
from knowledge.models import Acknowledgement, Maturity, ProcessArticlePage
from knowledge.tests.factories import make_article, make_library
from learning.models import ExternalCompletion, Obligation
from learning.tests.factories import make_completion
from organisations.importing import import_employees
from organisations.models import PositionHolding
from organisations.tests.factories import (
    make_employee,
    make_manager,
    make_municipality,
    make_position,
    make_unit,
)

pytestmark = pytest.mark.django_db

Kind = HandoverItem.Kind
TODAY = datetime.date.today


@pytest.fixture
def world():
    """Blomberg's registration office: a clerk who owns two processes, a deputy, and a
    manager of the department above; one course goes with the processes."""
    blomberg = make_municipality("Blomberg")
    department = make_unit(blomberg, "Fachbereich 2 Bürgerdienste")
    office = make_unit(blomberg, "Zulassungsstelle", parent=department)
    clerk = make_position(office, "Sachbearbeitung Zulassung")
    deputy_post = make_position(office, "Sachbearbeitung Zulassung (Vertretung)")
    other_post = make_position(office, "Teamleitung Zulassung")
    manager = make_manager(department, first_name="Martin", last_name="Meier")
    leaver = make_employee(unit=office, position=clerk, first_name="Lena", last_name="Lange")
    deputy = make_employee(unit=office, position=deputy_post, first_name="Dirk", last_name="Dahl")
    catalogue = make_course_index(section_of(None), "Kurskatalog")
    course = make_course(catalogue, "i-Kfz sicher bedienen")
    library = make_library(section_of(blomberg))
    deregistration = make_article(
        library,
        "Abmeldung eines Fahrzeugs (i-Kfz)",
        owner_position=clerk,
        deputy_position=deputy_post,
        related_courses=[course],
    )
    plates = make_article(library, "Reitkennzeichen ausgeben", owner_position=clerk)
    make_article(library, "Fremder Prozess", owner_position=other_post)
    make_article(library, "Altes Verfahren", owner_position=clerk, maturity=Maturity.INACTIVE)
    return {
        "municipality": blomberg,
        "office": office,
        "clerk": clerk,
        "deputy_post": deputy_post,
        "other_post": other_post,
        "manager": manager,
        "leaver": leaver,
        "deputy": deputy,
        "course": course,
        "deregistration": deregistration,
        "plates": plates,
        "library": library,
    }


def record_leaving(employee, days: int = 30):
    employee.leaving_date = TODAY() + datetime.timedelta(days=days)
    employee.save()
    return Handover.objects.get(leaver=employee)


def item(handover, kind, article=None) -> HandoverItem:
    items = handover.items.filter(kind=kind)
    if article is not None:
        items = items.filter(article=article)
    return items.get() if kind != Kind.CHECKLIST else items.first()


def hire(world, position=None, **kwargs):
    return make_employee(unit=world["office"], position=position or world["clerk"], **kwargs)


# --- Starting: leaving date, position change, import ------------------------------------------


def test_recording_a_leaving_date_starts_a_handover_of_the_position(world):
    handover = record_leaving(world["leaver"])

    assert handover.reason == Handover.Reason.LEAVING
    assert handover.position == world["clerk"]
    assert handover.org_unit == world["office"]
    assert handover.leaving_date == TODAY() + datetime.timedelta(days=30)
    assert handover.successor is None
    kinds = list(handover.items.values_list("kind", "article__title", "course__title"))
    assert (
        kinds
        == [
            (Kind.OWNERSHIP, "Abmeldung eines Fahrzeugs (i-Kfz)", None),
            (Kind.ACKNOWLEDGE, "Abmeldung eines Fahrzeugs (i-Kfz)", None),
            (Kind.OWNERSHIP, "Reitkennzeichen ausgeben", None),
            (Kind.ACKNOWLEDGE, "Reitkennzeichen ausgeben", None),
            (Kind.COURSE, None, "i-Kfz sicher bedienen"),
        ]
        + [(Kind.CHECKLIST, None, None)] * 5
    )
    checklist = handover.items.filter(kind=Kind.CHECKLIST).values_list("title", flat=True)
    assert "Zugänge und Berechtigungen beantragen lassen (keine Passwörter weitergeben!)" in (
        checklist
    )
    assert not handover.items.filter(assignee__isnull=False).exists()


def test_saving_again_or_moving_the_date_keeps_one_handover(world):
    leaver = world["leaver"]
    handover = record_leaving(leaver)
    leaver.save()
    leaver.leaving_date = TODAY() + datetime.timedelta(days=60)
    leaver.save()

    assert Handover.objects.filter(leaver=leaver).count() == 1
    handover.refresh_from_db()
    assert handover.leaving_date == TODAY() + datetime.timedelta(days=60)
    assert handover.items.count() == 10
    assert start_handover(leaver, world["clerk"], Handover.Reason.LEAVING) == handover
    assert handover.items.count() == 10


def test_a_handover_started_again_adds_articles_the_position_gained(world):
    handover = record_leaving(world["leaver"])
    new = make_article(world["library"], "Kurzzeitkennzeichen", owner_position=world["clerk"])

    start_handover(world["leaver"], world["clerk"], Handover.Reason.LEAVING)

    assert handover.items.filter(article=new).count() == 2
    assert handover.items.count() == 12


def test_people_without_a_position_and_new_records_start_nothing(world):
    without = make_employee(unit=world["office"])
    without.leaving_date = TODAY()
    without.save()
    make_employee(
        unit=world["office"],
        position=world["other_post"],
        leaving_date=TODAY() + datetime.timedelta(days=365),
    )

    assert not Handover.objects.exists()


def test_a_withdrawn_leaving_date_removes_the_untouched_handover(world):
    leaver = world["leaver"]
    record_leaving(leaver)
    leaver.leaving_date = None
    leaver.save()

    assert not Handover.objects.exists()


def test_a_change_of_position_starts_a_handover_of_the_old_position(world):
    leaver = world["leaver"]
    leaver.position = world["other_post"]
    leaver.save()

    handover = Handover.objects.get(leaver=leaver)
    assert handover.reason == Handover.Reason.MOVE
    assert handover.position == world["clerk"]
    assert handover.leaving_date is None
    assert handover.items.filter(kind=Kind.OWNERSHIP).count() == 2


def test_the_hr_import_recording_a_leaving_date_starts_a_handover(world):
    leaver = world["leaver"]
    last_day = TODAY() + datetime.timedelta(days=14)
    data = (
        "Personalnummer;E-Mail;Austrittsdatum\r\n"
        f"{leaver.personnel_number};{leaver.user.email};{last_day:%d.%m.%Y}\r\n"
    ).encode()

    import_employees(data, world["municipality"])

    handover = Handover.objects.get(leaver=leaver)
    assert handover.reason == Handover.Reason.LEAVING
    assert handover.leaving_date == last_day


# --- Successor ---------------------------------------------------------------------------------


def test_the_next_holder_after_a_move_becomes_the_successor_and_gets_the_items(world):
    leaver = world["leaver"]
    leaver.position = world["other_post"]
    leaver.save()
    handover = Handover.objects.get(leaver=leaver)
    assert handover.successor is None

    successor = hire(world, first_name="Sara", last_name="Sommer")

    handover.refresh_from_db()
    assert handover.successor == successor
    assert not handover.items.filter(assignee__isnull=True).exists()
    assert set(handover.items.values_list("assignee", flat=True)) == {successor.pk}


def test_someone_already_in_the_post_succeeds_when_the_leaving_is_recorded(world):
    successor = hire(world, first_name="Sara", last_name="Sommer")

    handover = record_leaving(world["leaver"])

    assert handover.successor == successor


def test_a_colleague_who_held_the_post_before_the_leaver_is_not_the_successor(world):
    colleague = make_employee(unit=world["office"], first_name="Carla", last_name="Conrad")
    PositionHolding.objects.create(
        employee=colleague, position=world["clerk"], started_on=datetime.date(2010, 1, 1)
    )
    PositionHolding.objects.filter(employee=world["leaver"]).update(
        started_on=datetime.date(2015, 1, 1)
    )

    handover = record_leaving(world["leaver"])

    assert handover.successor is None


def test_resolve_successor_takes_the_first_holder_after_the_leaver(world):
    leaver = world["leaver"]
    PositionHolding.objects.filter(employee=leaver).update(
        started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2024, 6, 30)
    )
    first = make_employee(unit=world["office"], first_name="Erste")
    later = make_employee(unit=world["office"], first_name="Spätere")
    PositionHolding.objects.create(
        employee=later, position=world["clerk"], started_on=datetime.date(2024, 9, 1)
    )
    PositionHolding.objects.create(
        employee=first,
        position=world["clerk"],
        started_on=datetime.date(2024, 7, 1),
        ended_on=datetime.date(2024, 8, 31),
    )
    handover = Handover.objects.create(
        leaver=leaver, position=world["clerk"], reason=Handover.Reason.MOVE
    )

    assert resolve_successor(handover) == first
    first.leaving_date = datetime.date(2024, 8, 31)
    first.save()
    assert resolve_successor(handover) == later


def test_until_a_successor_is_named_the_manager_assigns_and_the_successor_gets_the_rest(world):
    handover = record_leaving(world["leaver"])
    ownership = item(handover, Kind.OWNERSHIP, world["deregistration"])
    course = item(handover, Kind.COURSE)

    handovers.assign_item(ownership, world["deputy"], by=world["manager"].user)
    handovers.assign_item(course, world["deputy"], by=world["manager"].user)
    assert Obligation.objects.filter(employee=world["deputy"], course=world["course"]).exists()

    successor = hire(world, first_name="Sara", last_name="Sommer")

    handover.refresh_from_db()
    assert handover.successor == successor
    ownership.refresh_from_db()
    assert ownership.assignee == world["deputy"]
    assert handover.items.filter(assignee=successor).count() == handover.items.count() - 2


def test_the_leaver_cannot_take_over_their_own_items(world):
    handover = record_leaving(world["leaver"])

    with pytest.raises(HandoverError):
        handovers.assign_item(item(handover, Kind.CHECKLIST), world["leaver"])
    with pytest.raises(HandoverError):
        handovers.assign_successor(handover, world["leaver"])


# --- Working through the items -----------------------------------------------------------------


def test_course_items_become_assignments_for_the_successor_due_in_30_days(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")

    course_item = item(handover, Kind.COURSE)
    assignment = course_item.assignment
    assert assignment.target == assignment.Target.EMPLOYEES
    assert list(assignment.employees.all()) == [successor]
    assert assignment.due_days == 30
    obligation = Obligation.objects.get(assignment=assignment)
    assert obligation.employee == successor
    assert obligation.due_date == TODAY() + datetime.timedelta(days=30)


def test_a_course_item_is_done_when_the_course_is_completed_not_before(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    course_item = item(handover, Kind.COURSE)

    with pytest.raises(HandoverError, match="noch nicht abgeschlossen"):
        complete_item(course_item, successor.user)

    make_completion(successor.user, world["course"])

    course_item.refresh_from_db()
    assert course_item.is_done
    assert course_item.done_by == successor.user


def test_a_course_item_is_done_when_an_external_completion_is_entered(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    course_item = item(handover, Kind.COURSE)

    ExternalCompletion.objects.create(
        employee=successor,
        course=world["course"],
        kind=ExternalCompletion.Kind.IN_PERSON,
        completed_on=TODAY(),
    )

    course_item.refresh_from_db()
    assert course_item.is_done


def test_taking_over_ownership_publishes_a_revision_with_the_new_owner(world):
    handover = record_leaving(world["leaver"])
    ownership = item(handover, Kind.OWNERSHIP, world["deregistration"])
    handovers.assign_item(ownership, world["deputy"])
    revisions_before = world["deregistration"].revisions.count()

    complete_item(ownership, world["deputy"].user)

    article = ProcessArticlePage.objects.get(pk=world["deregistration"].pk)
    assert article.owner_position == world["deputy_post"]
    # The deputy became the owner: owner and deputy must differ, so the deputy is cleared.
    assert article.deputy_position is None
    assert article.revisions.count() == revisions_before + 1
    assert article.live_revision.user == world["deputy"].user
    assert article.live_revision.as_object().owner_position_id == world["deputy_post"].pk
    assert PageLogEntry.objects.filter(
        page=article, action="wagtail.publish", user=world["deputy"].user
    ).exists()
    ownership.refresh_from_db()
    assert ownership.is_done


def test_ownership_stays_put_when_the_successor_holds_the_same_position(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    revisions_before = world["plates"].revisions.count()

    complete_item(item(handover, Kind.OWNERSHIP, world["plates"]), successor.user)

    article = ProcessArticlePage.objects.get(pk=world["plates"].pk)
    assert article.owner_position == world["clerk"]
    assert article.revisions.count() == revisions_before


def test_a_pending_draft_keeps_the_editors_changes_and_gets_the_new_owner(world):
    article = world["plates"]
    draft = article.get_latest_revision_as_object()
    draft.title = "Reitkennzeichen ausgeben (neu)"
    draft.save_revision()
    handover = record_leaving(world["leaver"])
    ownership = item(handover, Kind.OWNERSHIP, article)
    handovers.assign_item(ownership, world["deputy"])

    complete_item(ownership, world["deputy"].user)

    article = ProcessArticlePage.objects.get(pk=article.pk)
    assert article.title == "Reitkennzeichen ausgeben"
    assert article.owner_position == world["deputy_post"]
    assert article.has_unpublished_changes
    latest = article.get_latest_revision_as_object()
    assert latest.title == "Reitkennzeichen ausgeben (neu)"
    assert latest.owner_position_id == world["deputy_post"].pk


def test_an_article_in_approval_keeps_its_workflow_and_gets_the_new_owner(world):
    article = world["plates"]
    draft = article.get_latest_revision_as_object()
    draft.title = "Reitkennzeichen ausgeben (überarbeitet)"
    draft.save_revision(user=world["leaver"].user)
    workflow_state = article.get_workflow().start(article, world["leaver"].user)
    handover = record_leaving(world["leaver"])
    ownership = item(handover, Kind.OWNERSHIP, article)
    handovers.assign_item(ownership, world["deputy"])

    complete_item(ownership, world["deputy"].user)

    workflow_state.refresh_from_db()
    assert workflow_state.status == workflow_state.STATUS_IN_PROGRESS
    article = ProcessArticlePage.objects.get(pk=article.pk)
    assert article.owner_position == world["deputy_post"]
    assert article.title == "Reitkennzeichen ausgeben"
    latest = article.get_latest_revision_as_object()
    assert latest.title == "Reitkennzeichen ausgeben (überarbeitet)"
    assert latest.owner_position_id == world["deputy_post"].pk


def test_the_acknowledgement_item_records_an_acknowledgement_of_the_live_revision(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    article = world["deregistration"]

    complete_item(item(handover, Kind.ACKNOWLEDGE, article), successor.user)

    acknowledgement = Acknowledgement.objects.get(article=article, user=successor.user)
    assert acknowledgement.revision_id == article.live_revision_id


def test_the_handover_is_complete_when_every_item_is_done(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    make_completion(successor.user, world["course"])  # the course item is done at once
    open_items = list(handover.items.filter(done_at__isnull=True))

    for open_item in open_items[:-1]:
        complete_item(open_item, successor.user)
        handover.refresh_from_db()
        assert not handover.is_complete
    complete_item(open_items[-1], successor.user)

    handover.refresh_from_db()
    assert handover.completed_at is not None
    assert handover.items.filter(done_at__isnull=True).count() == 0
    # Completing twice (a double click) changes nothing.
    assert complete_item(open_items[-1], successor.user).done_at <= timezone.now()


def test_reopening_a_checklist_point_reopens_the_handover(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    make_completion(successor.user, world["course"])
    for open_item in handover.items.filter(done_at__isnull=True):
        complete_item(open_item, successor.user)
    point = item(handover, Kind.CHECKLIST)

    handovers.reopen_item(point)

    handover.refresh_from_db()
    point.refresh_from_db()
    assert not point.is_done
    assert not handover.is_complete
    with pytest.raises(HandoverError):
        handovers.reopen_item(item(handover, Kind.OWNERSHIP, world["plates"]))


def test_only_whoever_takes_a_checklist_point_over_may_reopen_it(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    point = item(handover, Kind.CHECKLIST)
    ownership = item(handover, Kind.OWNERSHIP, world["plates"])

    assert handovers.may_reopen(point, successor)
    assert not handovers.may_reopen(point, world["manager"])
    assert not handovers.may_reopen(point, world["leaver"])
    assert not handovers.may_reopen(point, None)
    assert not handovers.may_reopen(ownership, successor)
    handovers.assign_item(point, world["deputy"])
    assert handovers.may_reopen(point, world["deputy"])
    assert not handovers.may_reopen(point, successor)


# --- Reading: the items grouped for page and PDF ------------------------------------------------


def test_items_are_grouped_by_article_then_courses_then_checklist(world):
    handover = record_leaving(world["leaver"])
    successor = hire(world, first_name="Sara", last_name="Sommer")
    complete_item(item(handover, Kind.CHECKLIST), successor.user)

    groups = handovers.grouped_items(handover)

    assert [entry["article"] for entry in groups["articles"]] == [
        world["deregistration"],
        world["plates"],
    ]
    for entry in groups["articles"]:
        assert [i.kind for i in entry["items"]] == [Kind.OWNERSHIP, Kind.ACKNOWLEDGE]
        assert entry["notes_item"] is entry["items"][0]
    assert [i.course for i in groups["courses"]] == [world["course"]]
    assert [i.kind for i in groups["checklist"]] == [Kind.CHECKLIST] * 5
    assert list(handover.items.all()) == groups["items"]
    assert (groups["done"], groups["total"]) == (1, 10)
    assert all(i.handover is handover for i in groups["items"])


# --- Notes: never passwords --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Passwort: Sommer2024",
        "Fachverfahren-Login, pw: geheim",
        "Das Kennwort lautet Zulassung1!",
        "Kennwort Zulassung2024",
        "PIN 4711 für den Tresor",
        "password=abc123",
        "Die PIN ist 0815",
    ],
)
def test_notes_that_look_like_a_password_are_refused(world, text):
    handover = record_leaving(world["leaver"])
    notes_item = item(handover, Kind.OWNERSHIP, world["plates"])

    assert contains_password(text)
    with pytest.raises(Exception, match="Passwort, eine PIN oder ein Kennwort"):
        handovers.save_notes(notes_item, text)
    notes_item.refresh_from_db()
    assert notes_item.leaver_notes == ""


@pytest.mark.parametrize(
    "text",
    [
        "Das Kennwort für das Fachverfahren beantragen Sie bei der IT (Ticket).",
        "Fristen stehen im Outlook-Kalender; Ansprechpartner Herr Pinkert, Tel. 1234.",
        "Zugänge: Antrag über das Service-Portal, Passwortrücksetzung macht die IT.",
    ],
)
def test_notes_about_passwords_without_one_are_kept(world, text):
    handover = record_leaving(world["leaver"])
    notes_item = item(handover, Kind.CHECKLIST)

    handovers.save_notes(notes_item, text)

    notes_item.refresh_from_db()
    assert notes_item.leaver_notes == text
