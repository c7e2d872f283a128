"""Pages of higher apps in a module: the registry (``courses.embeds``) and its block.

The tests register a page type of ``courses`` itself (a course, shown as one line) for
their duration, so they need no higher app; ``knowledge/tests/test_embeds.py`` tests the
real user, process descriptions.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.utils.html import format_html
from wagtail import hooks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import PageViewRestriction

from courses.blocks import EmbeddablePageChooserBlock, EmbeddedPageBlock
from courses.embeds import (
    MODULE_EMBEDS_HOOK,
    EmbeddablePageType,
    embeddable_page_types,
    registration_for,
)
from courses.models import CourseIndexPage, CoursePage, Level
from organisations.tests.factories import make_employee, make_municipality

from .factories import make_course, make_course_index, make_module, section_of

pytestmark = pytest.mark.django_db


def render_course(page, request, context):
    return format_html(
        '<p class="embedded-course">{} – eingebunden in {} für {}</p>',
        page.title,
        context["course"].title,
        request.user.username,
    )


#: Courses as an embeddable type: experts' courses may not be embedded anywhere.
COURSE_EMBED = EmbeddablePageType(
    model=CoursePage,
    label="Kurs",
    render=render_course,
    choosable=lambda pages, course: pages.exclude(level=Level.EXPERT),
)


@pytest.fixture
def courses_embeddable():
    def register():
        return COURSE_EMBED

    with hooks.register_temporarily(MODULE_EMBEDS_HOOK, register):
        yield COURSE_EMBED


def embed(page_id: int) -> dict:
    return {"type": "embedded_page", "value": {"page": page_id}, "id": f"embed-{page_id}"}


@pytest.fixture
def world():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    shared = make_course_index(section_of(None), "Kurse")
    return {
        "course": make_course(shared, "Einführung in die E-Akte"),
        "embedded": make_course(shared, "Aktenplan verstehen"),
        "expert": make_course(shared, "Aktenplan für Fachleute", level=Level.EXPERT),
        "draft": make_course(shared, "Noch in Arbeit", publish=False),
        "luegde_course": make_course(
            make_course_index(section_of(luegde), "Kurse in Lügde"), "Bauakten in Lügde"
        ),
        "reader": make_employee(blomberg).user,
        "luegde_reader": make_employee(luegde).user,
    }


# --- The registry --------------------------------------------------------------------


def test_registered_page_types_are_found_for_their_pages(courses_embeddable):
    assert courses_embeddable in embeddable_page_types()
    assert registration_for(CoursePage) is courses_embeddable
    assert registration_for(CourseIndexPage) is None


def test_a_registration_ends_with_its_hook():
    assert registration_for(CoursePage) is None


def test_chooser_offers_the_registered_page_types(courses_embeddable):
    block = EmbeddablePageChooserBlock()
    assert CoursePage in block.target_models
    assert "courses.coursepage" in block.widget.model_names


def test_block_definition_does_not_depend_on_who_registered():
    """The module's migration stays the same whichever apps register page types."""
    block = EmbeddablePageChooserBlock(label="Seite")
    before = block.deconstruct()
    with hooks.register_temporarily(MODULE_EMBEDS_HOOK, lambda: COURSE_EMBED):
        assert CoursePage in block.target_models
        assert block.deconstruct() == before
    name, args, kwargs = before
    assert name == "courses.blocks.EmbeddablePageChooserBlock"
    assert "page_type" not in kwargs


# --- What a trainer cannot save ------------------------------------------------------


def clean_error(page) -> str:
    block = EmbeddedPageBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python({"page": page.pk}))
    return " ".join(excinfo.value.block_errors["page"].messages)


def test_trainer_cannot_embed_a_page_type_nobody_registered(courses_embeddable, world):
    catalogue = world["course"].get_parent()
    message = clean_error(catalogue)
    assert "Seiten vom Typ „Kurskatalog“ lassen sich nicht in ein Modul einbinden." in message
    assert "Kurs" in message


def test_trainer_cannot_embed_a_draft(courses_embeddable, world):
    message = clean_error(world["draft"])
    assert "„Noch in Arbeit“ ist nicht veröffentlicht." in message


def test_trainer_embeds_a_live_page_of_a_registered_type(courses_embeddable, world):
    block = EmbeddedPageBlock()
    value = block.clean(block.to_python({"page": world["embedded"].pk}))
    assert value["page"].pk == world["embedded"].pk


# --- What a reader sees --------------------------------------------------------------


def module_html(client, world, page_id) -> str:
    """A module of the shared course embedding ``page_id``, as the Blomberg reader sees it."""
    module = make_module(world["course"], body=[embed(page_id)])
    client.force_login(world["reader"])
    response = client.get(module.url)
    assert response.status_code == 200
    return response.content.decode()


def test_reader_sees_the_embedded_page_as_its_app_renders_it(client, courses_embeddable, world):
    html = module_html(client, world, world["embedded"].pk)
    reader = world["reader"].username
    expected = f"Aktenplan verstehen – eingebunden in Einführung in die E-Akte für {reader}"
    assert f'<p class="embedded-course">{expected}</p>' in html


def test_reader_who_may_not_see_the_page_gets_a_note(client, courses_embeddable, world):
    html = module_html(client, world, world["luegde_course"].pk)
    assert "Der hier eingebundene Inhalt (Kurs) ist für Sie nicht freigegeben." in html
    assert "Bauakten in Lügde" not in html


def test_page_behind_a_view_restriction_is_not_shown(client, courses_embeddable, world):
    restriction = PageViewRestriction.objects.create(
        page=world["embedded"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Nur Ausbildungsleitung"))
    html = module_html(client, world, world["embedded"].pk)
    assert "ist für Sie nicht freigegeben" in html
    assert "embedded-course" not in html


def test_page_not_meant_for_the_course_is_shown_to_nobody(client, courses_embeddable, world):
    html = module_html(client, world, world["expert"].pk)
    assert (
        "Der hier eingebundene Inhalt (Kurs) ist nicht für alle Teilnehmenden dieses Kurses "
        "freigegeben und wird deshalb nicht angezeigt."
    ) in html
    assert "Aktenplan für Fachleute" not in html


def test_unpublished_or_deleted_page_leaves_a_note(client, courses_embeddable, world):
    module = make_module(world["course"], body=[embed(world["embedded"].pk)])
    world["embedded"].unpublish()
    client.force_login(world["reader"])
    html = client.get(module.url).content.decode()
    assert "Der hier eingebundene Inhalt ist nicht mehr verfügbar." in html
    assert "embedded-course" not in html
    world["embedded"].delete()
    html = client.get(module.url).content.decode()
    assert "Der hier eingebundene Inhalt ist nicht mehr verfügbar." in html


def test_page_type_no_longer_registered_leaves_a_note(client, world):
    module = make_module(world["course"], body=[embed(world["embedded"].pk)])
    client.force_login(world["reader"])
    html = client.get(module.url).content.decode()
    assert "Der hier eingebundene Inhalt ist nicht mehr verfügbar." in html
    assert 'role="note"' in html
