"""Admin screens without a data hook name no other municipality's pages or media.

Found by the URL walk (``tests/test_url_walk.py``): the admin API's documents and
images, the bulk action confirmations, the move confirmation, the page types usage
report and the "Passende Kurse"/"Verwandte Prozesse" choices of a process article all
showed Lügde's titles to Blomberg's editors.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from courses.tests.factories import make_course, make_course_index, section_of
from knowledge.tests.factories import make_article, make_library
from organisations.roles import Role

from .factories import make_cooperation_admin, make_employee, make_municipality

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), (0, 80, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def make_document(title: str, municipality):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"Inhalt", name="anweisung.txt"),
        collection=municipality.collection,
    )


def make_image(title: str, municipality):
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(io.BytesIO(png()), name="plan.png"),
        collection=municipality.collection,
    )


@pytest.fixture
def towns():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    own_index = make_course_index(section_of(blomberg))
    own_library = make_library(section_of(blomberg), "Prozesse Blomberg")
    foreign_index = make_course_index(section_of(luegde), "ZZLUEGDE Katalog")
    foreign_library = make_library(section_of(luegde), "Prozesse Lügde")
    return {
        "editor": make_employee(blomberg, roles=[Role.EDITOR]).user,
        "own_course": make_course(own_index, "ZZBLOMBERG Kurs"),
        "own_article": make_article(own_library, "ZZBLOMBERG Prozess"),
        "own_document": make_document("ZZBLOMBERG Dokument", blomberg),
        "own_image": make_image("ZZBLOMBERG Bild", blomberg),
        "foreign_draft": make_course(foreign_index, "ZZLUEGDE Kursentwurf", publish=False),
        "foreign_course": make_course(foreign_index, "ZZLUEGDE Kurs"),
        "foreign_intern": make_article(foreign_library, "ZZLUEGDE intern", intern=True),
        "foreign_public": make_article(foreign_library, "Lügde öffentlich"),
        "foreign_index": foreign_index,
        "foreign_document": make_document("ZZLUEGDE Dokument", luegde),
        "foreign_image": make_image("ZZLUEGDE Bild", luegde),
    }


# --- Admin API -----------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["documents", "images"])
def test_admin_api_lists_only_own_media(client, towns, endpoint):
    client.force_login(towns["editor"])

    listing = client.get(f"/admin/api/main/{endpoint}/?limit=20").json()
    titles = {item["title"] for item in listing["items"]}

    assert "ZZLUEGDE" not in " ".join(titles)
    assert any(title.startswith("ZZBLOMBERG") for title in titles)


@pytest.mark.parametrize("kind", ["document", "image"])
def test_admin_api_answers_404_for_foreign_media_by_id(client, towns, kind):
    client.force_login(towns["editor"])
    foreign, own = towns[f"foreign_{kind}"], towns[f"own_{kind}"]

    assert client.get(f"/admin/api/main/{kind}s/{foreign.pk}/").status_code == 404
    assert client.get(f"/admin/api/main/{kind}s/{own.pk}/").status_code == 200


def test_admin_api_lists_all_media_to_cooperation_admins(client, towns):
    client.force_login(make_cooperation_admin())

    listing = client.get("/admin/api/main/documents/?limit=20").json()

    assert "ZZLUEGDE Dokument" in {item["title"] for item in listing["items"]}


# --- Bulk actions --------------------------------------------------------------------------

BULK_ACTIONS = [
    ("wagtailcore", "page", "delete", "foreign_draft", "own_course"),
    ("wagtailcore", "page", "publish", "foreign_draft", "own_course"),
    ("wagtaildocs", "document", "delete", "foreign_document", "own_document"),
    ("wagtaildocs", "document", "add_tags", "foreign_document", "own_document"),
    ("wagtailimages", "image", "delete", "foreign_image", "own_image"),
    ("wagtailimages", "image", "add_to_collection", "foreign_image", "own_image"),
]


@pytest.mark.parametrize("app, model, action, foreign, own", BULK_ACTIONS)
def test_bulk_action_with_a_foreign_id_answers_404(client, towns, app, model, action, foreign, own):
    client.force_login(towns["editor"])
    url = reverse("wagtail_bulk_action", args=[app, model, action])

    response = client.get(url, {"id": towns[foreign].pk})

    assert response.status_code == 404
    assert "ZZLUEGDE" not in response.content.decode()


@pytest.mark.parametrize("app, model, action, foreign, own", BULK_ACTIONS)
def test_bulk_action_confirmation_lists_own_objects_only(
    client, towns, app, model, action, foreign, own
):
    client.force_login(towns["editor"])
    url = reverse("wagtail_bulk_action", args=[app, model, action])

    response = client.get(f"{url}?id={towns[foreign].pk}&id={towns[own].pk}")
    content = response.content.decode()

    assert response.status_code == 200
    assert towns[own].title in content
    assert "ZZLUEGDE" not in content


def test_bulk_action_on_all_documents_lists_no_foreign_ones(client, towns):
    client.force_login(towns["editor"])
    url = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"])

    content = client.get(url, {"id": "all"}).content.decode()

    assert "ZZBLOMBERG Dokument" in content
    assert "ZZLUEGDE" not in content


# --- Moving pages --------------------------------------------------------------------------


def test_move_confirmation_of_a_foreign_draft_answers_404(client, towns):
    client.force_login(towns["editor"])
    draft = towns["foreign_draft"]

    response = client.get(
        reverse("wagtailadmin_pages:move_confirm", args=[draft.pk, towns["foreign_index"].pk])
    )

    assert response.status_code == 404
    assert "ZZLUEGDE" not in response.content.decode()


def test_move_confirmation_needs_the_right_to_move_there(client, towns):
    """A readable foreign article may be listed, but Blomberg's editor may not move it."""
    client.force_login(towns["editor"])
    article = towns["foreign_public"]

    response = client.get(
        reverse("wagtailadmin_pages:move_confirm", args=[article.pk, towns["own_course"].pk])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# --- Page types usage report ---------------------------------------------------------------


def test_page_types_usage_report_counts_and_names_only_listed_pages(client, towns):
    client.force_login(towns["editor"])

    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    content = response.content.decode()
    course_row = next(row for row in response.context["object_list"] if row.model == "coursepage")

    assert response.status_code == 200
    assert "ZZLUEGDE" not in content
    assert course_row.count == 1  # Blomberg's course; Lügde's two are not counted
    assert course_row.last_edited_page.title == "ZZBLOMBERG Kurs"


# --- Process article choices ---------------------------------------------------------------


def test_article_editor_offers_no_foreign_courses_or_internal_articles(client, towns):
    client.force_login(towns["editor"])

    response = client.get(reverse("wagtailadmin_pages:edit", args=[towns["own_article"].pk]))
    form = response.context["form"]
    courses = {page.title for page in form.fields["related_courses"].queryset}
    articles = {page.title for page in form.fields["related_articles"].queryset}

    assert response.status_code == 200
    assert "ZZLUEGDE" not in response.content.decode()
    assert "ZZBLOMBERG Kurs" in courses
    assert "Lügde öffentlich" in articles  # read across the cooperation, so choosable


def test_article_editor_keeps_a_link_chosen_by_a_cooperation_admin(client, towns):
    article = towns["own_article"]
    article.related_courses = [towns["foreign_course"]]
    article.save_revision().publish()
    client.force_login(towns["editor"])

    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    courses = {page.title for page in response.context["form"].fields["related_courses"].queryset}

    assert "ZZLUEGDE Kurs" in courses
    assert "ZZLUEGDE Kursentwurf" not in courses
