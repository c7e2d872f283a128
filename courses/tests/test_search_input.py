"""Search answers every input with the normal page: a NUL byte, quotes, FTS operators.

PostgreSQL refuses strings with NUL bytes and the SQLite search backend builds FTS5
queries that a stray double quote breaks (``tests/quickstart_pages.py`` searches the
demo on SQLite). Every search reads its parameters through a form; input the form
refuses gives the normal page with a German hint instead of an error.
"""

import pytest

from knowledge.tests.factories import make_article, make_library
from organisations.tests.factories import make_employee, make_municipality, make_user

from .factories import data_for_module, make_course, make_course_index, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            catalogue = make_course_index(section_of(None), "Kurse für alle")
            library = make_library(section_of(None))
            make_course(
                catalogue,
                "Meldewesen",
                teaser="Die Meldebescheinigung ausstellen.",
                tags=["Meldewesen"],
            )
            make_article(library, "Meldebescheinigung ausstellen", tags=["Meldewesen"])
            data = {
                "catalogue": catalogue,
                "library": library,
                "clerk": make_employee(blomberg).user,
                "superuser": make_user(is_superuser=True),
            }
        yield data


NUL_INPUTS = [{"q": "Melde\x00bescheinigung"}, {"thema": "melde\x00wesen"}]


def _hint(response) -> str:
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    return html


@pytest.mark.parametrize("params", NUL_INPUTS)
def test_catalogue_answers_a_nul_byte_with_the_page_and_a_hint(client, world, params):
    client.force_login(world["clerk"])
    response = client.get(world["catalogue"].url, params)
    assert response.status_code == 200
    assert "Ein Teil Ihrer Suche wurde nicht berücksichtigt" in _hint(response)
    # The refused parameter is left out: every course is listed.
    assert [course.title for course in response.context["courses"]] == ["Meldewesen"]


@pytest.mark.parametrize("params", [*NUL_INPUTS, {"kommune": "blom\x00berg"}])
def test_library_answers_a_nul_byte_with_the_page_and_a_hint(client, world, params):
    client.force_login(world["clerk"])
    response = client.get(world["library"].url, params)
    assert response.status_code == 200
    assert "Ein Teil Ihrer Suche wurde nicht berücksichtigt" in _hint(response)
    assert "\x00" not in response.content.decode()


def test_search_term_hint_names_the_field(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["catalogue"].url, {"q": "Melde\x00", "stufe": "unbekannt"})
    html = _hint(response)
    assert "Suchbegriff: Der Suchbegriff enthält ein unzulässiges Zeichen." in html
    assert "Niveau: Dieser Wert steht nicht zur Auswahl" in html


@pytest.mark.parametrize(
    "term", ['"', '"Meldebescheinigung', 'Melde"', "Melde'", "Melde & !bescheinigung:*", "\\"]
)
def test_quotes_and_operators_search_like_any_text(client, world, term):
    client.force_login(world["clerk"])
    for page in (world["catalogue"], world["library"]):
        response = client.get(page.url, {"q": term})
        assert response.status_code == 200
        assert 'class="form-errors"' not in response.content.decode()


def test_a_quoted_term_still_finds_what_it_names(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["catalogue"].url, {"q": '"Meldebescheinigung'})
    assert [course.title for course in response.context["courses"]] == ["Meldewesen"]
    [articles] = response.context["other_hits"]
    assert [hit["title"] for hit in articles["results"]] == ["Meldebescheinigung ausstellen"]


ADMIN_SEARCHES = [
    ("/admin/pages/search/", "q"),
    ("/admin/pages/search/results/", "q"),
    ("/admin/choose-page/search/", "q"),
    ("/admin/images/", "q"),
    ("/admin/documents/", "q"),
    ("/admin/api/main/pages/", "search"),
]


@pytest.mark.parametrize(("url", "parameter"), ADMIN_SEARCHES)
def test_admin_searches_answer_a_nul_byte(client, world, url, parameter):
    """Wagtail's admin reads most searches through its own form; the admin API does
    not, so the search backend (``organisations.search``) drops NUL bytes itself."""
    client.force_login(world["superuser"])
    response = client.get(url, {parameter: "Melde\x00bescheinigung"})
    assert response.status_code in (200, 400)
