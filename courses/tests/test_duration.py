"""A course's estimated duration is the sum of its published modules."""

import pytest

from courses.models import CoursePage

from .factories import data_for_module, make_course, make_course_index, make_module, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            index = make_course_index(section_of(None))
        yield index


@pytest.fixture
def course(catalogue):
    return make_course(catalogue, "Datenschutz")


def _duration(course) -> int:
    return CoursePage.objects.get(pk=course.pk).duration_minutes


def test_publishing_modules_adds_their_minutes(course):
    assert _duration(course) == 0
    make_module(course, estimated_minutes=15)
    make_module(course, estimated_minutes=25)
    assert _duration(course) == 40


def test_drafts_do_not_count_until_published(course):
    make_module(course, estimated_minutes=15)
    draft = make_module(course, estimated_minutes=30, publish=False)
    assert _duration(course) == 15
    draft.get_latest_revision().publish()
    assert _duration(course) == 45


def test_republishing_with_a_new_estimate_updates_the_course(course):
    module = make_module(course, estimated_minutes=15)
    module.estimated_minutes = 50
    module.save_revision().publish()
    assert _duration(course) == 50


def test_unpublishing_a_module_removes_its_minutes(course):
    make_module(course, estimated_minutes=15)
    module = make_module(course, estimated_minutes=25)
    module.unpublish()
    assert _duration(course) == 15


def test_deleting_a_module_removes_its_minutes(course):
    make_module(course, estimated_minutes=15)
    module = make_module(course, estimated_minutes=25)
    module.delete()
    assert _duration(course) == 15


def test_deleting_a_course_with_its_modules_works(course):
    make_module(course, estimated_minutes=15)
    course.delete()
    assert not CoursePage.objects.filter(pk=course.pk).exists()


def test_moving_a_module_to_another_course_moves_its_minutes(catalogue, course):
    module = make_module(course, estimated_minutes=25)
    other = make_course(catalogue, "Datenschutz für Fortgeschrittene")
    module.move(other, pos="last-child")
    assert (_duration(course), _duration(other)) == (0, 25)
