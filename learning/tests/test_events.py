"""Completions are one event for the apps above learning (``completion_recorded``)."""

import datetime

import pytest
from django.utils import timezone

from courses.tests.factories import make_course, make_course_index, section_of
from learning.events import completion_recorded
from learning.models import ExternalCompletion
from organisations.tests.factories import make_employee, make_municipality, make_user

from .factories import make_completion

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    events = []

    def listener(sender, **kwargs):
        events.append((sender.__name__, kwargs))

    completion_recorded.connect(listener, dispatch_uid="test_listener")
    yield events
    completion_recorded.disconnect(dispatch_uid="test_listener")


@pytest.fixture
def scene():
    town = make_municipality("Schieder", slug="schieder")
    return {
        "employee": make_employee(town),
        "course": make_course(make_course_index(section_of(town)), "Vergaberecht"),
    }


def test_a_course_completed_in_lernwerk_is_announced_once_with_the_employee(heard, scene):
    day = datetime.date(2026, 11, 3)

    make_completion(scene["employee"].user, scene["course"], on=day)

    assert [
        (name, kw["employee"], kw["course_id"], kw["completed_on"], kw["new"]) for name, kw in heard
    ] == [("CourseCompletion", scene["employee"], scene["course"].pk, day, True)]


def test_external_completions_are_announced_when_entered_changed_and_withdrawn(heard, scene):
    day = timezone.localdate()
    external = ExternalCompletion.objects.create(
        employee=scene["employee"],
        course=scene["course"],
        kind=ExternalCompletion.Kind.IN_PERSON,
        completed_on=day,
    )
    external.completed_on = day - datetime.timedelta(days=1)
    external.save()
    external.delete()

    assert [(kw["completed_on"], kw["new"]) for _, kw in heard] == [
        (day, True),
        (day - datetime.timedelta(days=1), False),
        (None, False),
    ]


def test_a_completion_of_someone_without_an_employee_record_is_not_announced(heard, scene):
    make_completion(make_user(), scene["course"])

    assert heard == []
