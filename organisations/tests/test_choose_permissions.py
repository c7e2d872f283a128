"""Choosing images and documents stays within the user's municipality and the shared one.

Wagtail's ``0011``/``0023`` choose-permission migrations grant "choose" on the root
collection to every group with admin access that exists when they run. The test database
is built by ``migrate``, so these tests also cover a fresh installation; the cleanup
migration is tried on a database where the bad grants exist.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, GroupCollectionPermission

from organisations.provisioning import ensure_collection
from organisations.roles import COOPERATION_ADMIN_GROUP, Role

from .factories import make_employee, make_municipality, make_unit

pytestmark = pytest.mark.django_db

SHARED_TRAINERS = "Gemeinsamer Bereich: Trainer*innen"
SHARED_EDITORS = "Gemeinsamer Bereich: Redaktion"

cleanup = importlib.import_module("organisations.migrations.0005_restrict_choose_permissions")


def root_choose_grants(group_name: str) -> set[str]:
    return set(
        GroupCollectionPermission.objects.filter(
            group__name=group_name,
            collection=Collection.get_first_root_node(),
            permission__codename__startswith="choose_",
        ).values_list("permission__codename", flat=True)
    )


def upload(title: str, collection) -> Document:
    return Document.objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 Inhalt", name="anweisung.pdf"),
        collection=collection,
    )


@pytest.fixture
def towns():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    return {"blomberg": blomberg, "office": make_unit(blomberg, "Bürgerbüro"), "luegde": luegde}


@pytest.mark.parametrize("group_name", [SHARED_TRAINERS, SHARED_EDITORS])
def test_shared_section_groups_may_not_choose_from_the_root_collection(towns, group_name):
    assert root_choose_grants(group_name) == set()


@pytest.mark.parametrize("group_name", [SHARED_TRAINERS, SHARED_EDITORS])
def test_shared_section_author_lists_no_other_municipalitys_documents(client, towns, group_name):
    upload("Gemeinsame Vorlage", ensure_collection(None))
    upload("Lügder Dienstanweisung", towns["luegde"].collection)
    author = make_employee(unit=towns["office"])
    author.user.groups.add(Group.objects.get(name=group_name))
    client.force_login(author.user)

    response = client.get(reverse("wagtaildocs_chooser:choose"))

    assert response.status_code == 200
    content = response.json()["html"]
    assert "Gemeinsame Vorlage" in content
    assert "Lügder Dienstanweisung" not in content


def test_municipality_trainer_chooses_own_and_shared_documents_only(client, towns):
    upload("Gemeinsame Vorlage", ensure_collection(None))
    upload("Blomberger Formular", towns["blomberg"].collection)
    upload("Lügder Dienstanweisung", towns["luegde"].collection)
    trainer = make_employee(unit=towns["office"], roles=[Role.TRAINER])
    client.force_login(trainer.user)

    content = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]

    assert "Gemeinsame Vorlage" in content and "Blomberger Formular" in content
    assert "Lügder Dienstanweisung" not in content


def test_cleanup_removes_root_choose_grants_except_for_the_cooperation_admins(towns):
    root = Collection.get_first_root_node()
    choose = Permission.objects.filter(
        codename__in=["choose_document", "choose_image"],
        content_type__app_label__in=["wagtaildocs", "wagtailimages"],
    )
    trainers = towns["blomberg"].role_group(Role.TRAINER)
    for group in (Group.objects.get(name=SHARED_TRAINERS), trainers):
        GroupCollectionPermission.objects.bulk_create(
            [GroupCollectionPermission(group=group, collection=root, permission=p) for p in choose],
            ignore_conflicts=True,
        )
    assert root_choose_grants(SHARED_TRAINERS) == {"choose_document", "choose_image"}
    own_collection_grants = GroupCollectionPermission.objects.filter(
        group=trainers, collection=towns["blomberg"].collection
    ).count()

    cleanup.remove_root_choose_grants(apps, None)

    assert root_choose_grants(SHARED_TRAINERS) == set()
    assert root_choose_grants(trainers.name) == set()
    assert root_choose_grants(COOPERATION_ADMIN_GROUP) == {"choose_document", "choose_image"}
    assert (
        GroupCollectionPermission.objects.filter(
            group=trainers, collection=towns["blomberg"].collection
        ).count()
        == own_collection_grants
        > 0
    )
