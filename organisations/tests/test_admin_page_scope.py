"""Admin listings of pages leave out another municipality's drafts and internal pages.

Lügde has a draft course, a live course, an internal article and a draft article, each
with a unique title; none of them may appear to Blomberg's people in the page chooser,
its search, the explorer, the page search or the admin API, nor answer by id. Lügde's
library and its public article stay visible (compare links to them), and so do shared
pages. One Blomberg user has been given page rights on the whole site, to prove that
the scope does not rest on page permissions.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from courses.tests.factories import make_course, make_course_index, section_of
from knowledge.tests.factories import make_article, make_library
from organisations.models import PositionHolding
from organisations.roles import Role
from organisations.tenancy import admin_pages_visible_to

from .factories import (
    make_cooperation_admin,
    make_employee,
    make_municipality,
    make_position,
    make_unit,
)

pytestmark = pytest.mark.django_db

#: Another municipality's pages that no admin listing may show outside Lügde.
SECRET = [
    "ZZLUEGDE Kursentwurf",
    "ZZLUEGDE Kurs live",
    "ZZLUEGDE intern",
    "ZZLUEGDE Artikelentwurf",
]
#: Lügde's pages every municipality may read (live, not internal).
PUBLIC = ["ZZLUEGDE Prozessbibliothek", "ZZLUEGDE Prozess öffentlich"]


@pytest.fixture
def scene():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    unit = make_unit(blomberg, "Bürgerbüro")
    luegde_index = make_course_index(section_of(luegde))
    make_course(luegde_index, SECRET[0], publish=False)
    make_course(luegde_index, SECRET[1])
    library = make_library(section_of(luegde), PUBLIC[0])
    make_article(library, SECRET[2], intern=True)
    make_article(library, SECRET[3], publish=False)
    public = make_article(library, PUBLIC[1])
    shared = make_course(make_course_index(section_of(None)), "ZZGEMEINSAM Kurs")
    own = make_course(
        make_course_index(section_of(blomberg)), "ZZBLOMBERG Kursentwurf", publish=False
    )

    owner_position = make_position(unit, "Sachgebietsleitung")
    owner = make_employee(blomberg, unit=unit)
    PositionHolding.objects.create(
        position=owner_position, employee=owner, started_on=datetime.date(2020, 1, 1)
    )
    make_article(
        make_library(section_of(blomberg), "Prozesse in Blomberg"),
        "ZZBLOMBERG Prozess",
        owner_position=owner_position,
    )

    trainer = make_employee(blomberg, unit=unit, roles=[Role.TRAINER])
    trainer.user.groups.add(Group.objects.get(name="Gemeinsamer Bereich: Trainer*innen"))

    site_editors = Group.objects.create(name="Seitenpflege Blomberg")
    GroupPagePermission.objects.create(
        group=site_editors,
        page=section_of(None).get_parent(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    site_editor = make_employee(blomberg, unit=unit, roles=[Role.EDITOR])
    site_editor.user.groups.add(site_editors)
    return {
        "luegde_section": section_of(luegde),
        "luegde_index": luegde_index,
        "library": library,
        "public": public,
        "shared": shared,
        "own": own,
        "secret_ids": list(Page.objects.filter(title__in=SECRET).values_list("pk", flat=True)),
        "owner": owner.user,
        "trainer": trainer.user,
        "site_editor": site_editor.user,
    }


USERS = ["owner", "trainer", "site_editor"]


def html_of(response) -> str:
    """The page's HTML, also from the chooser's JSON answers (which escape umlauts)."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def assert_no_secret(content: str) -> None:
    for title in SECRET:
        assert title not in content


# --- The rule -------------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_rule_keeps_own_shared_and_cross_readable_pages(scene, who):
    titles = set(
        admin_pages_visible_to(Page.objects.all(), scene[who]).values_list("title", flat=True)
    )
    assert {"ZZGEMEINSAM Kurs", "ZZBLOMBERG Kursentwurf", "ZZBLOMBERG Prozess", *PUBLIC} <= titles
    assert not titles & set(SECRET)
    assert "Lügde" not in titles  # the section itself


def test_rule_lets_cooperation_admins_see_everything(scene):
    titles = set(
        admin_pages_visible_to(Page.objects.all(), make_cooperation_admin()).values_list(
            "title", flat=True
        )
    )
    assert set(SECRET) | set(PUBLIC) <= titles


def test_rule_leaves_out_an_article_once_it_is_marked_internal(scene):
    public = scene["public"]
    public.intern = True
    public.save_revision().publish()
    visible = admin_pages_visible_to(Page.objects.filter(pk=public.pk), scene["trainer"])
    assert not visible.exists()


# --- The page chooser -------------------------------------------------------------------


@pytest.mark.parametrize("who", USERS)
def test_chooser_search_shows_no_foreign_drafts_or_internal_pages(client, scene, who):
    client.force_login(scene[who])
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "ZZLUEGDE"})
    assert response.status_code == 200
    content = html_of(response)
    assert_no_secret(content)
    for title in PUBLIC:
        assert title in content


@pytest.mark.parametrize("who", USERS)
def test_chooser_lists_cross_readable_children_of_a_foreign_library(client, scene, who):
    client.force_login(scene[who])
    url = reverse("wagtailadmin_choose_page_child", args=[scene["library"].pk])
    response = client.get(url)
    assert response.status_code == 200
    content = html_of(response)
    assert_no_secret(content)
    assert PUBLIC[1] in content


@pytest.mark.parametrize("who", USERS)
def test_chooser_below_a_foreign_section_or_catalogue_answers_404(client, scene, who):
    client.force_login(scene[who])
    for parent in ("luegde_section", "luegde_index"):
        url = reverse("wagtailadmin_choose_page_child", args=[scene[parent].pk])
        assert client.get(url).status_code == 404


def test_chooser_shows_everything_to_cooperation_admins(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "ZZLUEGDE"})
    content = html_of(response)
    for title in SECRET:
        assert title in content


# --- Explorer, page search, pages of a type ----------------------------------------------


def test_explorer_of_a_foreign_section_answers_404(client, scene):
    client.force_login(scene["site_editor"])
    for parent in ("luegde_section", "luegde_index"):
        response = client.get(reverse("wagtailadmin_explore", args=[scene[parent].pk]))
        assert response.status_code == 404


def test_explorer_lists_only_cross_readable_pages_of_a_foreign_library(client, scene):
    client.force_login(scene["site_editor"])
    response = client.get(reverse("wagtailadmin_explore", args=[scene["library"].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert_no_secret(content)
    assert PUBLIC[1] in content


def test_explorer_search_of_the_whole_tree_shows_no_foreign_drafts(client, scene):
    client.force_login(scene["site_editor"])
    home = section_of(None).get_parent()
    response = client.get(
        reverse("wagtailadmin_explore", args=[home.pk]), {"q": "ZZLUEGDE", "search_all": "1"}
    )
    assert response.status_code == 200
    assert_no_secret(response.content.decode())


@pytest.mark.parametrize("who", ["trainer", "site_editor"])
def test_page_search_shows_no_foreign_drafts_or_internal_pages(client, scene, who):
    client.force_login(scene[who])
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "ZZLUEGDE"})
    assert response.status_code == 200
    assert_no_secret(response.content.decode())


def test_page_search_finds_everything_for_cooperation_admins(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "ZZLUEGDE"})
    content = response.content.decode()
    for title in SECRET:
        assert title in content


@pytest.mark.parametrize(
    "page_type", [("courses", "coursepage"), ("knowledge", "processarticlepage")]
)
def test_pages_of_a_type_show_no_foreign_drafts(client, scene, page_type):
    client.force_login(scene["site_editor"])
    response = client.get(reverse("wagtailadmin_pages:type_use", args=page_type))
    assert response.status_code == 200
    assert_no_secret(response.content.decode())


# --- Admin API --------------------------------------------------------------------------


def api_titles(client) -> set[str]:
    """Titles of all pages the admin API lists, page by page (20 at a time)."""
    titles, offset = set(), 0
    while True:
        response = client.get("/admin/api/main/pages/", {"offset": offset, "limit": 20})
        assert response.status_code == 200
        data = response.json()
        titles |= {item["title"] for item in data["items"]}
        offset += 20
        if offset >= data["meta"]["total_count"]:
            return titles


def test_admin_api_lists_no_foreign_drafts_or_internal_pages(client, scene):
    client.force_login(scene["site_editor"])
    titles = api_titles(client)
    assert not titles & set(SECRET)
    assert set(PUBLIC) <= titles and "ZZGEMEINSAM Kurs" in titles


def test_admin_api_answers_404_for_foreign_drafts_by_id(client, scene):
    client.force_login(scene["site_editor"])
    for pk in scene["secret_ids"]:
        assert client.get(f"/admin/api/main/pages/{pk}/").status_code == 404
    assert client.get(f"/admin/api/main/pages/{scene['public'].pk}/").status_code == 200


def test_admin_api_explorer_of_a_foreign_section_answers_404(client, scene):
    client.force_login(scene["site_editor"])
    response = client.get(
        "/admin/api/main/pages/",
        {"child_of": scene["luegde_index"].pk, "for_explorer": "1"},
    )
    assert response.status_code in (400, 404)
    assert_no_secret(response.content.decode())


def test_admin_api_shows_everything_to_cooperation_admins(client, scene):
    client.force_login(make_cooperation_admin())
    titles = api_titles(client)
    assert set(SECRET) <= titles
