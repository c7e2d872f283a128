"""Who finds which course: sections, filters and the German full-text search."""

import pytest
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from courses.models import CoursePage
from organisations.tests.factories import make_employee, make_municipality

from .factories import (
    data_for_module,
    make_course,
    make_course_index,
    make_module,
    many_courses,
    section_of,
    text_block,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Blomberg and Lügde with a private course each, and two shared courses."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            shared = make_course_index(section_of(None), "Kurse für alle")
            own = make_course_index(section_of(blomberg), "Kurse in Blomberg")
            other = make_course_index(section_of(luegde), "Kurse in Lügde")
            courses = {
                "privacy": make_course(
                    shared,
                    "Datenschutz kompakt",
                    teaser="Personenbezogene Daten im Bürgerbüro schützen.",
                    tags=["Datenschutz"],
                    level="basic",
                ),
                "records": make_course(
                    shared,
                    "Schriftgutverwaltung",
                    teaser="Wie eine Akte angelegt, geführt und abgeschlossen wird.",
                    tags=["E-Akte", "Datenschutz"],
                    level="advanced",
                ),
                "building": make_course(
                    own,
                    "Bauanträge in Blomberg",
                    teaser="Das Verfahren im Bauamt Blomberg.",
                    tags=["Bauen"],
                    level="expert",
                ),
                "cemetery": make_course(
                    other,
                    "Friedhofsverwaltung Lügde",
                    teaser="Grabstellen vergeben und verlängern.",
                    level="basic",
                ),
            }
            make_module(courses["privacy"], estimated_minutes=20)
            make_module(
                courses["records"],
                "Aktenplan",
                estimated_minutes=100,
                body=[text_block("<p>Der Aktenplan ordnet jedes Schriftstück einem Thema zu.</p>")],
            )
            building_module = make_module(
                courses["building"],
                estimated_minutes=45,
                body=[text_block("<p>Die Baugenehmigung erteilt die Bauaufsicht.</p>")],
            )
            data = {
                "catalogues": {"shared": shared, "own": own, "other": other},
                "courses": courses,
                "building_module": building_module,
                "clerk": make_employee(blomberg).user,
                "stranger": make_employee(luegde).user,
            }
        yield data


def _titles(client, catalogue, **params) -> set[str]:
    response = client.get(catalogue.url, params)
    assert response.status_code == 200
    return {course.title for course in response.context["courses"]}


def test_staff_see_shared_and_own_courses_in_every_catalogue(client, world):
    client.force_login(world["clerk"])
    expected = {"Datenschutz kompakt", "Schriftgutverwaltung", "Bauanträge in Blomberg"}
    assert _titles(client, world["catalogues"]["shared"]) == expected
    assert _titles(client, world["catalogues"]["own"]) == expected


def test_courses_of_another_municipality_stay_hidden(client, world):
    client.force_login(world["stranger"])
    titles = _titles(client, world["catalogues"]["shared"])
    assert titles == {"Datenschutz kompakt", "Schriftgutverwaltung", "Friedhofsverwaltung Lügde"}
    assert _titles(client, world["catalogues"]["other"], q="Bauanträge") == set()
    assert _titles(client, world["catalogues"]["shared"], q="Blomberg") == set()
    assert _titles(client, world["catalogues"]["shared"], thema="bauen") == set()

    response = client.get(world["catalogues"]["shared"].url)
    assert "Bauanträge" not in response.content.decode()
    assert "Bauen" not in {tag.name for tag in response.context["tags"]}


def test_direct_urls_of_another_municipality_give_404(client, world):
    client.force_login(world["stranger"])
    for page in (
        world["courses"]["building"],
        world["building_module"],
        world["catalogues"]["own"],
    ):
        assert client.get(page.url).status_code == 404


def test_own_private_course_opens(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["courses"]["building"].url)
    assert response.status_code == 200
    assert "Kurs der Kommune Blomberg" in response.content.decode()


def test_catalogue_needs_a_login(client, world):
    response = client.get(world["catalogues"]["shared"].url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_catalogue_filters_by_topic(client, world):
    client.force_login(world["clerk"])
    catalogue = world["catalogues"]["shared"]
    assert _titles(client, catalogue, thema="datenschutz") == {
        "Datenschutz kompakt",
        "Schriftgutverwaltung",
    }
    assert _titles(client, catalogue, thema="e-akte") == {"Schriftgutverwaltung"}
    assert _titles(client, catalogue, thema="gibt-es-nicht") == set()


def test_catalogue_filters_by_level(client, world):
    client.force_login(world["clerk"])
    catalogue = world["catalogues"]["shared"]
    assert _titles(client, catalogue, stufe="basic") == {"Datenschutz kompakt"}
    assert _titles(client, catalogue, stufe="expert") == {"Bauanträge in Blomberg"}
    assert len(_titles(client, catalogue, stufe="unbekannt")) == 3  # ignored


@pytest.mark.parametrize(
    ("dauer", "expected"),
    [
        ("kurz", {"Datenschutz kompakt"}),
        ("mittel", {"Bauanträge in Blomberg"}),
        ("lang", {"Schriftgutverwaltung"}),
    ],
)
def test_catalogue_filters_by_duration(client, world, dauer, expected):
    client.force_login(world["clerk"])
    assert _titles(client, world["catalogues"]["shared"], dauer=dauer) == expected


def test_search_finds_words_of_the_teaser(client, world):
    client.force_login(world["clerk"])
    catalogue = world["catalogues"]["shared"]
    assert _titles(client, catalogue, q="Bürgerbüro") == {"Datenschutz kompakt"}
    assert _titles(client, catalogue, q="Bauamt") == {"Bauanträge in Blomberg"}


def test_search_understands_german_word_forms(client, world):
    """PostgreSQL's German configuration stems "Akten" and "Akte" alike."""
    client.force_login(world["clerk"])
    catalogue = world["catalogues"]["shared"]
    assert _titles(client, catalogue, q="Akten") == {"Schriftgutverwaltung"}
    assert _titles(client, catalogue, q="Daten schützen") == {"Datenschutz kompakt"}


def test_search_combines_with_filters(client, world):
    client.force_login(world["clerk"])
    catalogue = world["catalogues"]["shared"]
    assert _titles(client, catalogue, q="Akte", stufe="advanced") == {"Schriftgutverwaltung"}
    assert _titles(client, catalogue, q="Akte", stufe="basic") == set()
    assert _titles(client, catalogue, q="Akte", dauer="lang") == {"Schriftgutverwaltung"}


def test_search_combines_with_the_topic_filter(client, world):
    client.force_login(world["clerk"])
    catalogue = world["catalogues"]["shared"]
    assert _titles(client, catalogue, q="Akte", thema="e-akte") == {"Schriftgutverwaltung"}


def test_search_finds_courses_by_the_text_of_their_modules(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["catalogues"]["shared"].url, {"q": "Aktenpläne"})
    [course] = response.context["courses"]
    assert course.title == "Schriftgutverwaltung"
    assert [module.title for module in course.module_hits] == ["Aktenplan"]
    assert "Aktenplan" in response.content.decode()


def test_search_does_not_reveal_modules_of_another_municipality(client, world):
    client.force_login(world["stranger"])
    assert _titles(client, world["catalogues"]["shared"], q="Baugenehmigung") == set()
    client.force_login(world["clerk"])
    assert _titles(client, world["catalogues"]["shared"], q="Baugenehmigung") == {
        "Bauanträge in Blomberg"
    }


def test_unpublished_courses_are_not_listed(client, world):
    make_course(world["catalogues"]["shared"], "Entwurf: Vergaberecht", publish=False)
    client.force_login(world["clerk"])
    assert "Entwurf: Vergaberecht" not in _titles(client, world["catalogues"]["shared"])
    assert not CoursePage.objects.get(title="Entwurf: Vergaberecht").live


def test_catalogue_is_paginated(client, world):
    catalogue = world["catalogues"]["shared"]
    many_courses(catalogue, 25, teaser="Füllkurs.")
    client.force_login(world["clerk"])
    first = client.get(catalogue.url)
    assert len(first.context["courses"].object_list) == 20
    assert first.context["courses"].paginator.count == 28
    second = client.get(catalogue.url, {"seite": 2})
    assert len(second.context["courses"].object_list) == 8
    assert client.get(catalogue.url, {"seite": "x"}).status_code == 200


def test_search_results_are_paginated_like_the_catalogue(client, world):
    """The hits are read at once and cut into pages in Python: the count, the pages and
    a page number past the end behave as in the unsearched catalogue."""
    catalogue = world["catalogues"]["shared"]
    courses = many_courses(catalogue, 23, teaser="Posteingang digital bearbeiten.")
    get_search_backend().add_bulk(CoursePage, courses)
    client.force_login(world["clerk"])

    first = client.get(catalogue.url, {"q": "Posteingang"})
    second = client.get(catalogue.url, {"q": "Posteingang", "seite": 2})
    beyond = client.get(catalogue.url, {"q": "Posteingang", "seite": 9})

    assert first.context["courses"].paginator.count == 23
    assert len(first.context["courses"].object_list) == 20
    titles = [c.title for c in first.context["courses"]] + [
        c.title for c in second.context["courses"]
    ]
    assert titles == sorted(c.title for c in courses)
    assert [c.title for c in beyond.context["courses"]] == titles[20:]


def test_search_does_not_find_unpublished_modules(client, world):
    course = world["courses"]["privacy"]
    make_module(course, "Entwurf: Auskunftsersuchen", publish=False)
    client.force_login(world["clerk"])

    response = client.get(world["catalogues"]["shared"].url, {"q": "Auskunftsersuchen"})

    assert list(response.context["courses"]) == []
