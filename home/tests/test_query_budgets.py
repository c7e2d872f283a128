"""Query budgets of the start page ("Mein Lernen"): one query per box at most, whatever
the number of trainings, articles to acknowledge, handovers and courses.

Each box is counted on its own (the helper behind it, with the per-user facts of the
request already known), and the whole page is counted for a learner with one of
everything and for one with many: the same number, asserted exactly, so that a
regression fails here and not in the benchmark.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import versions
from courses.tests.factories import (
    data_for_module,
    make_course_index,
    many_courses,
    section_of,
)
from handovers.services import open_handovers
from handovers.templatetags.handovers_tags import my_open_handovers
from home.models import HomePage
from knowledge import acknowledgements
from knowledge.models import ProcessArticlePage
from knowledge.stewards import held_position_ids
from knowledge.tests.factories import articles_to_acknowledge, make_article, make_library
from learning.obligations import obligations_of
from learning.progress import courses_in_progress
from learning.tests.factories import make_assignment, make_completion, start_courses
from organisations.roles import employee_of, led_unit_paths
from organisations.tenancy import hidden_section_paths
from organisations.tests.factories import (
    make_employee,
    make_manager,
    make_municipality,
    make_position,
    make_unit,
)

pytestmark = pytest.mark.django_db

#: Queries of a warm request for the start page. Six are the page's boxes: assigned
#: trainings, articles to acknowledge, courses in progress and completed courses one
#: each, handovers two (``test_handovers_box_does_not_grow``); "Meine Verwaltung" is a
#: per-user fact. The others are session, user and cache versions (view restrictions
#: come from the site-versioned cache, ``core.routing``).
START_PAGE_QUERIES = 9

#: How many of each the two learners have: (trainings, articles, handovers, courses).
SIZES = {"few": (1, 1, 1, 1), "many": (5, 30, 3, 20)}


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """Blomberg with two offices, each led by a learner who holds a post there: one with
    one of everything (an assigned training, an article to acknowledge, a handover of a
    leaver in the office, a course in progress, a completed course), one with many."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            library = make_library(section_of(blomberg), slug="prozesse")
            catalogue = make_course_index(section_of(None))
            template = make_article(library, "Vorlage", publish=False)
            template.acknowledgement_positions = [make_position(make_unit(blomberg))]
            template.save_revision().publish()
            revision_id = ProcessArticlePage.objects.get(pk=template.pk).acknowledgement_revision_id
            learners = {}
            for name, (trainings, articles, handovers, courses) in SIZES.items():
                office = make_unit(blomberg, f"Amt {name}")
                post = make_position(office, f"Sachbearbeitung {name}")
                learner = make_manager(office, position=post, first_name="Lea")
                for course in many_courses(catalogue, trainings):
                    make_assignment(course, position=post)
                articles_to_acknowledge(library, post, revision_id, articles, prefix=name)
                for _ in range(handovers):
                    leaver = make_employee(unit=office, position=make_position(office))
                    leaver.leaving_date = timezone.localdate() + datetime.timedelta(days=30)
                    leaver.save()
                start_courses(learner.user, catalogue, courses)
                for course in many_courses(catalogue, courses):
                    make_completion(learner.user, course)
                learners[name] = learner.user
            yield learners


def as_request_knows(user):
    """The user as a request sees them when the boxes are drawn: a new object whose
    per-user facts (``core.versions.user_fact``) are known, as routing and the header
    have asked for them or the worker kept them."""
    user = type(user).objects.get(pk=user.pk)
    employee_of(user)
    hidden_section_paths(user)
    return user


def warm_count(client, user) -> int:
    """Queries of a warm request: the first one after a change refreshes the caches."""
    client.force_login(user)
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


# --- The whole page ----------------------------------------------------------------------


def test_start_page_costs_the_same_for_one_and_for_many_of_everything(client, town):
    few, many = warm_count(client, town["few"]), warm_count(client, town["many"])
    line = f"Startseite: je eins {few}, viele {many}"
    print(line)
    assert few == many, line


def test_start_page_budget(client, town, django_assert_num_queries):
    client.force_login(town["many"])
    assert client.get("/").status_code == 200
    with django_assert_num_queries(START_PAGE_QUERIES):
        response = client.get("/")
    html = response.content.decode()
    assert html.count("Noch nicht zur Kenntnis genommen") == 30
    assert html.count("Fortsetzen:") == 20
    assert "Meine Übergaben" in html and "Meine Verwaltung" in html


# --- Box by box ----------------------------------------------------------------------------


@pytest.fixture
def in_a_request():
    """Version numbers as ``VersionsMiddleware`` sets them for a request, so that the
    worker's caches keyed by them (``core.versions.ProcessCache``) are used."""
    site = versions.current_site_version.set(0)
    numbers = versions.current_numbers.set(dict.fromkeys(versions.REQUEST_KEYS, 0))
    yield
    versions.current_numbers.reset(numbers)
    versions.current_site_version.reset(site)


@pytest.mark.parametrize("size", SIZES)
def test_every_box_but_the_handovers_costs_one_query(
    town, size, in_a_request, django_assert_num_queries
):
    """Each box one query, once what is the same for many readers is cached: the
    courses' outlines (``courses.models.published_outlines``) and the articles asking
    the reader's position and unit for an acknowledgement
    (``knowledge.acknowledgements.articles_asking_acknowledgement``), each read on the
    first request after a publication, for any number of courses and articles."""
    trainings, articles, _handovers, courses = SIZES[size]
    user = as_request_knows(town[size])
    with django_assert_num_queries(3):
        courses_in_progress(user)
    held_position_ids(user)  # a per-user fact, known to the request
    with django_assert_num_queries(2):
        acknowledgements.pending_for(user)
    with django_assert_num_queries(1):
        place = HomePage.place_of(user)  # a per-user fact: once per user version
    assert place.org_unit == f"Amt {size}" and place.position == f"Sachbearbeitung {size}"
    with django_assert_num_queries(1):
        assert len(list(obligations_of(user))) == trainings
    with django_assert_num_queries(1):
        assert len(acknowledgements.pending_for(user)) == articles
    with django_assert_num_queries(1):
        assert len(courses_in_progress(user)) == courses


def draw_handovers_box(user) -> tuple[list, int]:
    with CaptureQueriesContext(connection) as queries:
        handovers = my_open_handovers({"request": type("R", (), {"user": user})})
    return handovers, len(queries)


def test_handovers_box_does_not_grow(town, in_a_request):
    """Three queries for any number of handovers on the first request of a new user
    version: the units the reader leads (then a per-user fact,
    ``organisations.roles.led_unit_paths``), the handovers themselves, and the reader's
    roles in them (``with_roles``). Who takes part in open handovers at all is read
    once per change in each worker (``handovers.services.open_handovers``)."""
    open_handovers()
    counts = {}
    for size in SIZES:
        handovers, counts[size] = draw_handovers_box(as_request_knows(town[size]))
        assert len(handovers) == SIZES[size][2]
    assert counts["few"] == counts["many"] == 3, counts


def test_handovers_box_asks_nothing_of_people_without_one(town, in_a_request):
    """Most people take part in no handover: the box knows it without a query."""
    bystander = make_employee(municipality=employee_of(town["few"]).municipality)
    open_handovers()
    user = as_request_knows(bystander.user)
    led_unit_paths(user)

    assert draw_handovers_box(user) == ([], 0)
