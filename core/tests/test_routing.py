"""Routing in one query keeps every answer Wagtail's own routing gave."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from courses.tests.factories import make_course, make_course_index, make_module, section_of
from organisations.tests.factories import make_employee, make_municipality, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    index = make_course_index(section_of(None), slug="kurse")
    course = make_course(index, "E-Akte", slug="e-akte")
    module = make_module(course, "Bearbeiten", slug="bearbeiten")
    return {"index": index, "course": course, "module": module}


def _root():
    return Site.objects.get(is_default_site=True).root_page.specific


def _route(path, root=None):
    root = root or _root()
    components = [part for part in path.split("/") if part]
    return root.route(RequestFactory().get(path), components).page


def test_a_module_four_levels_down_is_routed_in_two_queries(tree, django_assert_num_queries):
    root = _root()
    _route(tree["module"].url, root)  # warm: page types are looked up once per process
    with django_assert_num_queries(2):
        page = _route(tree["module"].url, root)
    assert page == tree["module"]
    assert type(page) is type(tree["module"])


def test_the_routed_ancestors_are_kept_for_breadcrumb_and_course(tree, django_assert_num_queries):
    page = _route(tree["module"].url)
    with django_assert_num_queries(0):
        assert page.course.pk == tree["course"].pk
        assert page.course.get_parent().pk == tree["index"].pk
        assert page.get_parent().pk == tree["course"].pk


def test_a_path_without_a_page_answers_404(tree):
    with pytest.raises(Http404):
        _route(tree["course"].url + "gibt-es-nicht/")
    with pytest.raises(Http404):
        _route("/gibt-es-nicht/" + tree["module"].slug + "/")


def test_a_draft_page_answers_404_and_an_unpublished_course_hides_its_modules(tree):
    draft = make_module(tree["course"], "Entwurf", publish=False)
    with pytest.raises(Http404):
        _route(draft.url_path[len(Site.objects.get().root_page.url_path) - 1 :])
    tree["course"].unpublish()
    with pytest.raises(Http404):
        _route(tree["module"].url)


def test_a_live_page_below_an_unpublished_plain_page_is_served_as_wagtail_does(tree):
    section = Page.objects.get(pk=section_of(None).pk)
    section.live = False
    section.save(update_fields=["live"])
    assert _route(tree["module"].url) == tree["module"]


def test_a_view_restriction_on_an_ancestor_still_applies(client, tree):
    town = make_municipality("Blomberg", slug="blomberg")
    client.force_login(make_employee(unit=make_unit(town, "Bürgerbüro")).user)
    assert client.get(tree["module"].url).status_code == 200

    PageViewRestriction.objects.create(
        page=tree["course"], restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    response = client.get(tree["module"].url)
    assert 'name="password"' in response.content.decode()
    assert "Ein Abschnitt mit Lerninhalt" not in response.content.decode()
