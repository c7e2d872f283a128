"""Course and module pages: the module list and the pager follow what is published."""

import re

import pytest

from organisations.tests.factories import make_employee, make_municipality

from .factories import make_course, make_course_index, make_module, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_with_modules():
    catalogue = make_course_index(section_of(None), "Kurskatalog", slug="kurse")
    course = make_course(catalogue, "Digital arbeiten mit der E-Akte", slug="e-akte")
    modules = [make_module(course, f"Teil {n}", slug=f"teil-{n}") for n in (1, 2, 3)]
    reader = make_employee(make_municipality("Blomberg", slug="blomberg")).user
    return course, modules, reader


def pager(client, module) -> tuple[str | None, str | None]:
    """Titles of the previous and next module the pager links to."""
    html = client.get(module.url).content.decode()
    found = {
        rel: re.search(rf'rel="{rel}"><span[^>]*>[^<]*</span> ([^<]+)</a>', html)
        for rel in ("prev", "next")
    }
    return tuple(match.group(1) if match else None for match in found.values())


def test_the_pager_follows_publications_from_the_next_request_on(client, course_with_modules):
    """Pages of a course read its modules from the outline cached per site version:
    a module published, unpublished or retitled shows on the next request."""
    course, (first, second, third), reader = course_with_modules
    client.force_login(reader)
    assert pager(client, second) == ("Teil 1", "Teil 3")

    draft = make_module(course, "Teil 4", slug="teil-4", publish=False)
    assert pager(client, third) == ("Teil 2", None)
    draft.save_revision().publish()
    assert pager(client, third) == ("Teil 2", "Teil 4")

    second.unpublish()
    assert pager(client, first) == (None, "Teil 3")
    first.title = "Teil 1 (neu)"
    first.save_revision().publish()
    assert pager(client, third) == ("Teil 1 (neu)", "Teil 4")
    html = client.get(course.url).content.decode()
    assert "Teil 1 (neu)" in html and "Teil 2" not in html
