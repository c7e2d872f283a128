"""What learners see of their assigned trainings: "Meine Pflichtschulungen" on the start
page, the note on the course page, and "Kurs erneut absolvieren" for recertification."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from courses.tests.factories import make_course, make_course_index, make_module, section_of
from learning.models import Assignment, CourseCompletion, ModuleProgress, Obligation
from learning.progress import complete_module, record_visit
from organisations.tests.factories import make_employee, make_municipality, make_unit

from .factories import make_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    town = make_municipality("Blomberg", slug="blomberg")
    learner = make_employee(unit=make_unit(town, "Bürgerbüro"))
    catalogue = make_course_index(section_of(None), "Kurskatalog", slug="kurse")
    course = make_course(catalogue, "IT-Sicherheit", slug="it-sicherheit")
    module = make_module(course, "Phishing erkennen", slug="phishing")
    return {"town": town, "learner": learner, "course": course, "module": module}


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_start_page_lists_assigned_trainings_with_state_and_date(client, scene):
    make_assignment(scene["course"], scene["town"], due_days=5)
    client.force_login(scene["learner"].user)

    html = html_of(client, "/")

    assert "Meine Pflichtschulungen" in html
    due = date_format(timezone.localdate() + datetime.timedelta(days=5), "DATE_FORMAT")
    assert "Bald fällig" in html and due in html
    assert scene["course"].url in html


def test_start_page_says_overdue_in_words(client, scene):
    make_assignment(scene["course"], scene["town"])
    Obligation.objects.update(due_date=timezone.localdate() - datetime.timedelta(days=2))
    client.force_login(scene["learner"].user)

    assert "Überfällig" in html_of(client, "/")


def test_start_page_without_assignments_shows_no_empty_section(client, scene):
    client.force_login(scene["learner"].user)
    assert "Meine Pflichtschulungen" not in html_of(client, "/")


def test_colleagues_obligations_are_not_on_my_start_page(client, scene):
    other_course = make_course(make_course_index(section_of(scene["town"])), "Nur für andere")
    colleague = make_employee(unit=scene["learner"].org_unit)
    make_assignment(
        other_course, scene["town"], target=Assignment.Target.EMPLOYEES, employees=[colleague]
    )
    client.force_login(scene["learner"].user)
    assert "Nur für andere" not in html_of(client, "/")


def test_course_page_says_it_is_assigned(client, scene):
    make_assignment(scene["course"], scene["town"], due_days=40)
    client.force_login(scene["learner"].user)

    html = html_of(client, scene["course"].url)

    assert "Pflichtschulung:" in html and "Offen, fällig bis" in html


def test_completed_course_offers_to_complete_it_again_and_keeps_the_history(client, scene):
    user = scene["learner"].user
    make_assignment(
        scene["course"],
        scene["town"],
        recertification=Assignment.Recertification.ROLLING,
        valid_months=12,
    )
    first = complete_module(user, scene["module"])
    client.force_login(user)
    html = html_of(client, scene["course"].url)
    restart = reverse("learning:restart_course", args=[scene["course"].pk])
    assert restart in html and "Kurs erneut absolvieren" in html

    response = client.post(restart)

    assert response.status_code == 302
    assert not ModuleProgress.objects.filter(user=user).exists()
    html = html_of(client, scene["course"].url)
    assert "Kurs starten" in html or "Kurs fortsetzen" in html
    assert "Zuletzt abgeschlossen am" in html
    # Working through it again records a second completion; the first stays.
    assert complete_module(user, scene["module"]) is not None
    assert list(CourseCompletion.objects.filter(user=user).order_by("completed_at"))[0] == first
    assert CourseCompletion.objects.filter(user=user).count() == 2


def test_restarting_needs_post_and_a_visible_course(client, scene):
    other = make_municipality("Lügde", slug="luegde")
    foreign = make_course(make_course_index(section_of(other)), "Lügder Kurs")
    client.force_login(scene["learner"].user)

    assert (
        client.get(reverse("learning:restart_course", args=[scene["course"].pk])).status_code == 405
    )
    assert client.post(reverse("learning:restart_course", args=[foreign.pk])).status_code == 404


def test_restarting_a_course_not_completed_explains_and_changes_nothing(client, scene):
    user = scene["learner"].user
    client.force_login(user)
    record_visit(user, scene["module"])
    response = client.post(
        reverse("learning:restart_course", args=[scene["course"].pk]), follow=True
    )
    assert "noch nicht abgeschlossen" in response.content.decode()
    assert ModuleProgress.objects.filter(user=user).exists()


def count_queries(client, url: str) -> int:
    """Queries of a warm request: the first one after a change refreshes the caches."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_start_page_queries_do_not_grow_with_assigned_trainings(client, scene):
    client.force_login(scene["learner"].user)
    make_assignment(scene["course"], scene["town"])
    few = count_queries(client, "/")
    index = make_course_index(section_of(scene["town"]), "Weitere", slug="weitere")
    for n in range(12):
        make_assignment(make_course(index, f"Pflichtkurs {n}", slug=f"pflicht-{n}"), scene["town"])
    many = count_queries(client, "/")
    print(f"start page with 1 / 13 assigned trainings: {few} / {many} queries")
    assert few == many
