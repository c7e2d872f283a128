"""Provisioning: what every municipality comes with, kept in step idempotently.

A municipality gets a Django group per role, a collection for its images and documents,
a section of the page tree with the Redaktion workflow, and the permissions that tie
them together; the shared section gets the same for the whole cooperation. Everything
here may run again at any time and only adds what is missing or wrong, so it runs on
every save of a municipality (``signals.provision_saved_municipality``) and from the
demo loader. ``tenancy`` reads what this module sets up.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import RoleGroup, SectionPage
from .roles import (
    COOPERATION_ADMIN_GROUP,
    ROLE_PERMISSIONS,
    SECTION_PAGE_PERMISSIONS,
    SHARED_SECTION_ROLES,
    Role,
)

#: Collection permissions per role, so that images and documents are per municipality.
COLLECTION_PERMISSIONS = {
    Role.TRAINER: ("add_image", "choose_image", "add_document", "choose_document"),
    Role.EDITOR: (
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ),
}


SHARED_SECTION_TITLE = "Gemeinsamer Bereich"


def _permissions(codenames):
    """Permission objects for ``app_label.codename`` strings, in one query."""
    condition = Q()
    for name in codenames:
        app_label, codename = name.split(".")
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(condition) if codenames else Permission.objects.none()


def _media_permissions(codenames) -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__in=codenames
        )
    )


def _grant_pages(group: Group, page, codenames) -> None:
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    )
    GroupPagePermission.objects.bulk_create(
        [GroupPagePermission(group=group, page=page, permission=p) for p in permissions],
        ignore_conflicts=True,
    )


def _grant_collection(group: Group, collection, permissions) -> None:
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection=collection, permission=p)
            for p in permissions
        ],
        ignore_conflicts=True,
    )


def ensure_role_group(municipality, role: Role) -> Group:
    existing = RoleGroup.objects.filter(municipality=municipality, role=role).first()
    if existing:
        return existing.group
    prefix = municipality.name if municipality else SHARED_SECTION_TITLE
    group, _ = Group.objects.get_or_create(name=f"{prefix}: {role.label}")
    RoleGroup.objects.create(municipality=municipality, role=role, group=group)
    group.permissions.add(*_permissions(ROLE_PERMISSIONS[role]))
    return group


#: Page permissions the Kooperations-Admin group holds on the whole site.
ADMIN_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)


def ensure_cooperation_admin_group() -> Group:
    """The Kooperations-Admin group: everything, in every municipality.

    The group itself comes from a migration; its rights on pages and collections need
    the site's pages, so they are granted here, idempotently.
    """
    group, _ = Group.objects.get_or_create(name=COOPERATION_ADMIN_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label__in=["organisations", "axes"])
            | Q(content_type__app_label="wagtailadmin", codename="access_admin")
            | Q(content_type__app_label="auth", codename__endswith="_user")
        )
    )
    _grant_pages(group, _default_root_page(), ADMIN_PAGE_PERMISSIONS)
    _grant_collection(
        group,
        Collection.get_first_root_node(),
        _media_permissions(
            [
                f"{action}_{kind}"
                for action in ("add", "change", "delete", "choose")
                for kind in ("image", "document")
            ]
        ),
    )
    return group


def _default_root_page() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else Page.get_first_root_node()


def ensure_section(municipality):
    """The section page of a municipality (or the shared one), created on first use."""
    existing = SectionPage.objects.filter(municipality=municipality).first()
    if existing:
        return existing
    title = municipality.name if municipality else SHARED_SECTION_TITLE
    slug = municipality.slug if municipality else "gemeinsam"
    section = SectionPage(title=title, slug=slugify(slug), municipality=municipality)
    _default_root_page().add_child(instance=section)
    return section


def ensure_collection(municipality) -> Collection:
    """The collection for a municipality's images and documents (or the shared one)."""
    if municipality is not None and municipality.collection_id:
        return municipality.collection
    name = municipality.name if municipality else SHARED_SECTION_TITLE
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    if municipality is not None:
        type(municipality).objects.filter(pk=municipality.pk).update(collection=collection)
        municipality.collection = collection
    return collection


def _grant_section(group: Group, role: Role, section, collection):
    _grant_pages(group, section, SECTION_PAGE_PERMISSIONS.get(role, ()))
    _grant_collection(group, collection, _media_permissions(COLLECTION_PERMISSIONS.get(role, ())))


def ensure_section_workflow(section, municipality) -> Workflow:
    """Publication below a section needs the approval of that section's Redaktion.

    The Kooperations-Admin group may approve too, so that no section is ever stuck.
    """
    name = municipality.name if municipality else SHARED_SECTION_TITLE
    workflow, _ = Workflow.objects.get_or_create(name=f"Freigabe durch die Redaktion ({name})")
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"Redaktion {name}")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(
        ensure_role_group(municipality, Role.EDITOR),
        Group.objects.get(name=COOPERATION_ADMIN_GROUP),
    )
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return workflow


def provision_shared_section():
    """The shared section with its Trainer*innen and Redaktion groups and workflow."""
    ensure_cooperation_admin_group()
    section = ensure_section(None)
    collection = ensure_collection(None)
    for role in SHARED_SECTION_ROLES:
        _grant_section(ensure_role_group(None, role), role, section, collection)
    ensure_section_workflow(section, None)
    return section


def provision_municipality(municipality):
    """Groups, permissions, collection and section for one municipality.

    Idempotent: safe to run on every save. Trainers of a municipality may choose images
    from the shared collection too, so shared courses can be copied and adapted.
    """
    if not SectionPage.objects.filter(municipality__isnull=True).exists():
        provision_shared_section()
    section = ensure_section(municipality)
    if section.title != municipality.name:
        section.title = municipality.name
        section.save_revision().publish()
    collection = ensure_collection(municipality)
    shared_collection = ensure_collection(None)
    choose_shared = _media_permissions(["choose_image", "choose_document"])
    for role in Role:
        group = ensure_role_group(municipality, role)
        _grant_section(group, role, section, collection)
        if role in COLLECTION_PERMISSIONS:
            _grant_collection(group, shared_collection, choose_shared)
    ensure_section_workflow(section, municipality)
    return section
