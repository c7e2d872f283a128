"""A page's query count does not grow with the number of items on it.

Each budget compares a page with few and with many items (same count), and with an
empty page of the same type and depth, the baseline: session, user, routing, site and
the base template. What our page adds beyond that baseline is capped at
``MAX_QUERIES_ABOVE_BASELINE``. The figures are printed (``pytest -s``) and named in
assertion messages; docs/performance.md quotes them.
"""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.tests.factories import make_employee, make_municipality

from .factories import (
    add_live_children,
    data_for_module,
    make_course,
    make_course_index,
    many_courses,
    many_modules,
    sample_quiz,
    section_of,
    text_block,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES_ABOVE_BASELINE = 6

#: Queries of a warm request, exactly: a change in either direction is a change to
#: look at (and to write into docs/performance.md). Three of them are session, user and
#: cache versions; two route the page (``core.routing``).
WARM_QUERIES = {"course": 9, "module": 7, "catalogue": 8, "search": 8}


def rich_module_body(image) -> list[dict]:
    """One block of every kind a module page renders, the quiz included."""
    return [
        {"type": "heading", "value": {"text": "Das Aktenzeichen", "level": "h2"}},
        text_block("<p>Jedes Schriftstück bekommt ein <b>Aktenzeichen</b>.</p>"),
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Ein Aktenschrank", "decorative": False},
                "caption": "Der Aktenschrank im Bürgerbüro",
            },
        },
        {
            "type": "callout",
            "value": {"kind": "legal", "title": "Fristen", "text": "<p>Zehn Jahre.</p>"},
        },
        {
            "type": "steps",
            "value": {
                "title": "Eingangspost erfassen",
                "steps": [
                    {"type": "item", "value": {"title": "Scannen", "text": "<p>x</p>"}},
                    {"type": "item", "value": {"title": "Zuordnen", "text": "<p>y</p>"}},
                ],
            },
        },
        {
            "type": "checklist",
            "value": {
                "title": "Vor dem Versand",
                "items": [
                    {"type": "item", "value": "Adresse"},
                    {"type": "item", "value": "Anlagen"},
                ],
            },
        },
        sample_quiz(),
    ]


def count_queries(client, url: str) -> int:
    """Queries of one GET, after a first GET has filled caches and made renditions."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def report(name: str, baseline: int, few: int, many: int, labels: tuple[str, str]) -> str:
    line = (
        f"{name}: baseline {baseline}, {labels[0]} {few}, {labels[1]} {many} "
        f"(+{many - baseline} above baseline)"
    )
    print(line)
    return line


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    """Lügde's courses with 0, 5 and 50 modules; an empty shared catalogue for Blomberg."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            luegde = make_municipality("Lügde", slug="luegde")
            blomberg = make_municipality("Blomberg", slug="blomberg")
            image = wagtail_factories.ImageFactory(title="Aktenschrank")
            catalogue = make_course_index(section_of(luegde))
            extras = {
                "cover_image": image,
                "cover_image_alt": "Ein Aktenschrank",
                "tags": ["E-Akte", "Datenschutz"],
            }
            prerequisite = make_course(catalogue, "Grundkurs Verwaltung")
            courses = {}
            for size in (5, 50):
                course = make_course(catalogue, f"Kurs mit {size} Modulen", **extras)
                course.prerequisites.add(prerequisite)
                course.save_revision().publish()
                many_modules(course, size, body=rich_module_body(image), estimated_minutes=10)
                courses[size] = course
            empty_course = make_course(catalogue, "Kurs ohne Module")
            lonely_course = make_course(catalogue, "Kurs mit einem kurzen Modul")
            [plain_module] = many_modules(lonely_course, 1, body=[text_block("<p>Kurz.</p>")])
            data = {
                "image": image,
                "courses": courses,
                "empty_course": empty_course,
                "plain_module": plain_module,
                "shared_catalogue": make_course_index(section_of(None)),
                "reader": make_employee(luegde).user,
                "clerk": make_employee(blomberg).user,
            }
        yield data


def test_course_page_queries_do_not_grow_with_its_modules(client, scale):
    client.force_login(scale["reader"])
    baseline = count_queries(client, scale["empty_course"].url)
    few = count_queries(client, scale["courses"][5].url)
    many = count_queries(client, scale["courses"][50].url)
    line = report("Kursseite", baseline, few, many, ("5 Module", "50 Module"))
    assert few == many, line
    assert many == WARM_QUERIES["course"], line
    assert many - baseline <= MAX_QUERIES_ABOVE_BASELINE, line


def test_module_page_queries_do_not_grow_with_its_siblings(client, scale):
    client.force_login(scale["reader"])
    modules_5 = scale["courses"][5].get_children()
    modules_50 = scale["courses"][50].get_children()
    baseline = count_queries(client, scale["plain_module"].url)
    few = count_queries(client, modules_5[2].url)
    many = count_queries(client, modules_50[25].url)
    line = report("Modulseite", baseline, few, many, ("5 Geschwister", "50 Geschwister"))
    assert few == many, line
    assert many == WARM_QUERIES["module"], line
    assert many - baseline <= MAX_QUERIES_ABOVE_BASELINE, line


def test_catalogue_queries_do_not_grow_with_its_courses(client, scale):
    catalogue = scale["shared_catalogue"]
    client.force_login(scale["clerk"])
    baseline = count_queries(client, catalogue.url)
    extras = {"cover_image": scale["image"], "cover_image_alt": "Ein Aktenschrank"}
    many_courses(catalogue, 10, tags=["E-Akte", "Datenschutz"], **extras)
    few = count_queries(client, catalogue.url)
    many_courses(catalogue, 190, tags=["E-Akte", "Datenschutz"], **extras)
    many = count_queries(client, catalogue.url)
    line = report("Katalog", baseline, few, many, ("10 Kurse", "200 Kurse"))
    assert few == many, line
    assert many == WARM_QUERIES["catalogue"], line
    assert many - baseline <= MAX_QUERIES_ABOVE_BASELINE, line

    filtered = count_queries(client, f"{catalogue.url}?thema=e-akte&stufe=basic&dauer=mittel")
    print(f"Katalog gefiltert (200 Kurse): {filtered}")
    assert filtered - baseline <= MAX_QUERIES_ABOVE_BASELINE


def test_catalogue_search_queries_do_not_grow_with_the_hits(client, scale):
    from wagtail.search.backends import get_search_backend

    catalogue = scale["shared_catalogue"]
    client.force_login(scale["clerk"])
    backend = get_search_backend()
    few_courses = many_courses(catalogue, 10, teaser="Die elektronische Akte im Alltag.")
    backend.add_bulk(type(few_courses[0]), few_courses)
    few = count_queries(client, f"{catalogue.url}?q=Akten")
    more = many_courses(catalogue, 90, teaser="Die elektronische Akte im Alltag.")
    backend.add_bulk(type(more[0]), more)
    many = count_queries(client, f"{catalogue.url}?q=Akten")
    print(f"Katalogsuche: 10 Treffer {few}, 100 Treffer {many}")
    assert few == many, (few, many)
    assert many == WARM_QUERIES["search"], many


def test_bulk_built_pages_are_served_like_published_ones(client, scale):
    """The scale helpers leave pages the site serves: routing, URLs and numchild work."""
    client.force_login(scale["reader"])
    course = scale["courses"][5]
    assert course.get_children().live().count() == 5
    assert type(course).objects.get(pk=course.pk).numchild == 5
    [extra] = add_live_children(course, [type(scale["plain_module"])(title="X", slug="x")])
    assert client.get(extra.url).status_code == 200
