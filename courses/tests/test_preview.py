"""Authors preview every page type: a saved draft, the live preview and a copied page.

"View draft" and the preview render a page rebuilt from a revision or from the edit
form, where relations such as a course's prerequisites are held in memory (modelcluster)
instead of in the database. Every page type is opened both ways, as the Kooperations-
Admin, who may edit every page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.blocks.base import BlockField
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from home.models import AccessibilityStatementPage, HomePage, PrivacyNoticePage
from knowledge.tests.factories import make_article, make_library
from organisations.tests.factories import make_cooperation_admin, make_municipality

from ..models import CoursePage
from .factories import make_course, make_course_index, make_module, section_of

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "home",
    "accessibility",
    "privacy",
    "section",
    "course_index",
    "course",
    "module",
    "library",
    "article",
]


@pytest.fixture
def pages():
    town = make_municipality("Blomberg", slug="blomberg")
    shared_index = make_course_index(section_of(None))
    basics = make_course(shared_index, "Grundlagen der E-Akte")
    index = make_course_index(section_of(town))
    course = make_course(index, "E-Akte im Bürgerbüro")
    course.prerequisites.add(basics)
    course.save_revision().publish()
    library = make_library(section_of(town))
    return {
        "home": HomePage.objects.get(),
        "accessibility": AccessibilityStatementPage.objects.get(),
        "privacy": PrivacyNoticePage.objects.get(),
        "section": section_of(town),
        "course_index": index,
        "course": CoursePage.objects.get(pk=course.pk),  # prerequisites from the database
        "module": make_module(course, "Aktenzeichen bilden"),
        "library": library,
        "article": make_article(library, "Meldebescheinigung ausstellen", related_courses=[course]),
        "basics": basics,
    }


@pytest.fixture
def admin_client(client):
    client.force_login(make_cooperation_admin())
    return client


def save_draft(page: Page, title: str) -> Page:
    """A draft revision on top of the live page, as "Save draft" in the editor makes."""
    draft = page.get_latest_revision_as_object()
    draft.title = title
    draft.save_revision()
    return draft


def preview_form_data(page: Page, user) -> dict:
    """The edit form's data for ``page`` as the editor would post it for a preview.

    Taken from the unbound edit form, so every page type is covered without a form per
    type; streams are posted empty (their content is not what a preview of relations
    and revisions is about), inline formsets without rows.
    """
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=page.get_parent().specific, for_user=user)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, BlockField):
            data[f"{name}-count"] = "0"
        elif isinstance(field.widget, DraftailRichTextArea):
            data[name] = rich_text(value or "")
        elif value is True:
            data[name] = "on"
        elif value in (None, False):
            continue
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            formatted = field.widget.format_value(value)
            data[name] = formatted if formatted is not None else ""
    for prefix in form.formsets:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        data.update({f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_view_draft_shows_the_saved_draft(admin_client, pages, kind):
    save_draft(pages[kind], "Entwurfstitel zur Vorschau")

    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[pages[kind].pk]))

    assert response.status_code == 200
    assert "Entwurfstitel zur Vorschau" in response.content.decode()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_preview_shows_the_edited_page(admin_client, pages, kind):
    page = pages[kind]
    save_draft(page, "Gespeicherter Entwurf")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = preview_form_data(page.get_latest_revision_as_object(), make_cooperation_admin())
    data["title"] = "Titel in der Vorschau"

    posted = admin_client.post(url, data)
    assert posted.json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url)

    assert response.status_code == 200
    assert "Titel in der Vorschau" in response.content.decode()


def test_draft_of_a_course_lists_its_prerequisites(admin_client, pages):
    save_draft(pages["course"], "Kurs im Entwurf")

    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[pages["course"].pk]))

    assert "Grundlagen der E-Akte" in response.content.decode()


def test_copied_course_opens_as_draft_and_in_preview(admin_client, pages):
    course = pages["course"]
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=[course.pk]),
        {
            "new_title": "E-Akte im Bürgerbüro (Kopie)",
            "new_slug": "e-akte-kopie",
            "new_parent_page": course.get_parent().pk,
            "copy_subpages": "on",
        },
    )
    assert response.status_code == 302
    copy = type(course).objects.get(slug="e-akte-kopie")

    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[copy.pk]))
    assert draft.status_code == 200
    assert "Grundlagen der E-Akte" in draft.content.decode()

    url = reverse("wagtailadmin_pages:preview_on_edit", args=[copy.pk])
    data = preview_form_data(copy.get_latest_revision_as_object(), make_cooperation_admin())
    assert admin_client.post(url, data).json()["is_valid"]
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "Grundlagen der E-Akte" in preview.content.decode()
