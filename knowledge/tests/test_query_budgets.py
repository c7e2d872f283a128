"""Query budgets of the process article page: one query per box at most, whatever the
number of steps, related pages, holders, requirements and acknowledgements.

Each box is counted on its own (the helper behind it, with the per-user facts of the
request already known), and the whole page is counted for an article with one of
everything and for one with many: the same number, asserted exactly, so that a
regression fails here and not in the benchmark.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.versions import current_site_version
from courses.tests.factories import (
    data_for_module,
    make_course_index,
    many_courses,
    section_of,
)
from knowledge import acknowledgements, reviews
from knowledge.models import Acknowledgement, ProcessArticlePage
from knowledge.stewards import held_position_ids
from organisations.roles import Role, employee_of
from organisations.tenancy import hidden_section_paths
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
)

from .factories import make_article, make_library, numbered_steps, step

pytestmark = pytest.mark.django_db

#: Queries of a warm request for an article page. One is the page's boxes (the reader's
#: acknowledgements; responsibility, related pages, topics and the section come from the
#: site-versioned cache); the others are session, user, cache versions and routing (the
#: chain of pages, then the page served).
ARTICLE_PAGE_QUERIES = 6


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """Blomberg's Straßenverkehrsamt with a team below it; owner and deputy posts with
    several holders each; a clerk who must acknowledge; a member of the Redaktion; a
    shared catalogue for related courses; a small and a large article."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            office = make_unit(blomberg, "Straßenverkehrsamt")
            team = make_unit(blomberg, "Sachgebiet Zulassung", parent=office)
            lead = make_position(office, "Sachgebietsleitung Zulassung")
            deputy = make_position(office, "Stellvertretung Zulassung")
            clerk_post = make_position(team, "Sachbearbeitung Zulassung")
            owners = [make_employee(unit=office, position=lead) for _ in range(3)]
            for _ in range(2):
                make_employee(unit=office, position=deputy)
            clerk = make_employee(unit=team, position=clerk_post, first_name="Clara")
            colleagues = [make_employee(unit=team, position=clerk_post) for _ in range(20)]
            library = make_library(section_of(blomberg), slug="prozesse")
            courses = many_courses(make_course_index(section_of(None)), 20)
            others = [make_article(library, f"Verwandt {n}") for n in range(20)]
            more_posts = [make_position(team, f"Stelle {n}") for n in range(10)]
            more_units = [make_unit(blomberg, f"Einheit {n}", parent=office) for n in range(10)]

            def article(title, steps, related, tags, posts, units):
                page = make_article(
                    library,
                    title,
                    steps=steps,
                    tags=tags,
                    publish=False,
                    owner_position=lead,
                    deputy_position=deputy,
                    responsible_unit=office,
                    related_courses=courses[:related],
                    related_articles=others[:related],
                )
                page.acknowledgement_positions = [clerk_post, *posts]
                page.acknowledgement_units = list(units)
                page.save_revision().publish()
                return ProcessArticlePage.objects.get(pk=page.pk)

            small = article("Klein", [step("Antrag erfassen")], 1, ["Kfz"], [], [])
            large = article(
                "Groß",
                numbered_steps(60),
                20,
                ["Kfz", "E-Akte", "Zulassung", "Bürgerbüro", "Gebühren"],
                more_posts,
                [office, *more_units],
            )
            # The clerk acknowledged ten earlier revisions of the large article (not the
            # current one: the box asks again), the colleagues its current revision.
            for _ in range(10):
                Acknowledgement.objects.create(
                    article=large, user=clerk.user, revision=large.save_revision()
                )
            for colleague in colleagues:
                Acknowledgement.objects.create(
                    article=large,
                    user=colleague.user,
                    revision_id=large.acknowledgement_revision_id,
                )
            for page in (small, large):
                Acknowledgement.objects.create(
                    article=page, user=owners[0].user, revision_id=page.live_revision_id
                )
            yield {
                "small": small,
                "large": ProcessArticlePage.objects.get(pk=large.pk),
                "clerk": clerk.user,
                "owner": owners[0].user,
                "editor": make_employee(blomberg, roles=[Role.EDITOR]).user,
            }


def as_request_knows(user):
    """The user as a request sees them when the boxes are drawn: a new object whose
    per-user facts (``core.versions.user_fact``) are known, as routing and the header
    have asked for them or the worker kept them."""
    user = type(user).objects.get(pk=user.pk)
    for fact in (employee_of, hidden_section_paths, reviews.may_use_admin, held_position_ids):
        fact(user)
    return user


def warm_count(client, url: str) -> int:
    """Queries of a warm request: the first one after a change refreshes the caches."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- The whole page ----------------------------------------------------------------------


def test_article_page_costs_the_same_for_one_and_for_many_of_everything(client, town):
    client.force_login(town["clerk"])
    small = warm_count(client, town["small"].url)
    large = warm_count(client, town["large"].url)
    line = f"Prozessseite: 1 Schritt {small}, 60 Schritte und je 20 Bezüge {large}"
    print(line)
    assert small == large, line


def test_article_page_budget(client, town, django_assert_num_queries):
    client.force_login(town["clerk"])
    url = town["large"].url
    assert client.get(url).status_code == 200
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(url)
    html = response.content.decode()
    assert "Geändert seit Ihrer letzten Kenntnisnahme" in html
    assert html.count('<li class="process-steps__item') == 60
    assert "Regelmäßige Prüfung" not in html, "a reader sees no review box"


# --- Box by box ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["small", "large"])
def test_related_pages_cost_one_query(town, size, django_assert_num_queries):
    user = as_request_knows(town["clerk"])
    with django_assert_num_queries(1):
        courses, articles = town[size].related_for(user)
    expected = 1 if size == "small" else 20
    assert (len(courses), len(articles)) == (expected, expected)


def test_responsibility_costs_one_query(town, django_assert_num_queries):
    with django_assert_num_queries(1):
        facts = town["large"].responsibility()
    assert len(facts["owner_holders"]) == 3 and len(facts["deputy_holders"]) == 2
    assert str(facts["owner"].org_unit) == "Straßenverkehrsamt"
    assert str(facts["responsible_unit"]) == "Straßenverkehrsamt"


def test_section_comes_from_the_site_cache_and_topics_cost_one_query(
    town, django_assert_num_queries
):
    article = ProcessArticlePage.objects.get(pk=town["large"].pk)
    token = current_site_version.set(1)  # inside a request, as VersionsMiddleware sets it
    try:
        ProcessArticlePage.sections()  # read once per site version and worker
        with django_assert_num_queries(0):
            assert article.library_section.title == "Blomberg"
    finally:
        current_site_version.reset(token)
    with django_assert_num_queries(1):
        assert len(list(article.tags.all())) == 5


@pytest.fixture
def in_a_request():
    """The site version as ``VersionsMiddleware`` sets it: the default cache is used."""
    token = current_site_version.set(1)
    yield
    current_site_version.reset(token)


@pytest.mark.parametrize("size", ["small", "large"])
def test_acknowledgement_box_costs_one_query(town, size, in_a_request, django_assert_num_queries):
    """The reader's acknowledgements; which articles name the reader's position and
    unit and when a revision was saved are read once per site version and worker."""
    user = as_request_knows(town["clerk"])
    with django_assert_num_queries(3):
        acknowledgements.state_for(town[size], user)
    with django_assert_num_queries(1):
        state = acknowledgements.state_for(town[size], user)
    assert state.open and state.required
    assert state.changed_since == (size == "large")


def test_published_facts_are_read_once_per_site_version(
    town, in_a_request, django_assert_num_queries
):
    """Related pages and tags of the published article, per set of visible sections."""
    user = as_request_knows(town["clerk"])
    with django_assert_num_queries(2):
        town["large"].published_facts(user)
    with django_assert_num_queries(0):
        (courses, articles), tags = town["large"].published_facts(user)
    assert (len(courses), len(articles), len(tags)) == (20, 20, 5)


def test_review_box_asks_nothing_of_readers_and_stewards(town, django_assert_num_queries):
    for name in ("clerk", "owner"):
        user = as_request_knows(town[name])
        with django_assert_num_queries(0):
            state = reviews.state_for(town["large"], user)
        assert state.can_mark == (name == "owner")


def test_review_box_of_an_editor_reads_the_page_permissions_once(town, django_assert_num_queries):
    user = as_request_knows(town["editor"])
    with django_assert_num_queries(1):
        state = reviews.state_for(town["large"], user)
    assert state.can_mark and not state.is_steward and state.edit_url
