"""Tenancy: which municipality a user belongs to and what of the page tree they see.

One installation serves a cooperation of municipalities. Non-page data is scoped by
``visible_to(user)`` queryset methods; pages are scoped by section (see
``SectionPage``). Provisioning keeps groups, permissions, collection and section of a
municipality in step, idempotently, so it can run on every save.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

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


def is_cooperation_admin(user) -> bool:
    """Superusers and members of the Kooperations-Admin group see all municipalities."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_lernwerk_is_coop_admin", None)
    if cached is None:
        cached = user.groups.filter(name=COOPERATION_ADMIN_GROUP).exists()
        user._lernwerk_is_coop_admin = cached
    return cached


def municipality_of(user):
    """The municipality a user works for, or None (e.g. a technical superuser)."""
    employee = employee_of(user)
    return employee.municipality if employee else None


def employee_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.employee
    except user._meta.model.employee.RelatedObjectDoesNotExist:
        return None


def hidden_section_paths(user) -> list[str]:
    """Paths of the sections of other municipalities, whose pages this user never sees."""
    from .models import SectionPage

    if is_cooperation_admin(user):
        return []
    sections = SectionPage.objects.filter(municipality__isnull=False)
    municipality = municipality_of(user)
    if municipality is not None:
        sections = sections.exclude(municipality=municipality)
    return list(sections.values_list("path", flat=True))


def pages_visible_to(queryset, user):
    """Filter a page queryset to what ``user`` may see: shared pages and their own."""
    condition = Q()
    for path in hidden_section_paths(user):
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset


def can_view_page(user, page) -> bool:
    return not any(page.path.startswith(path) for path in hidden_section_paths(user))


def _permissions(codenames):
    """Permission objects for ``app_label.codename`` strings, in one query."""
    condition = Q()
    for name in codenames:
        app_label, codename = name.split(".")
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(condition) if codenames else Permission.objects.none()


def ensure_role_group(municipality, role: Role) -> Group:
    from .models import RoleGroup

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
    root_page = _default_root_page()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=ADMIN_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=permission
        )
    root_collection = Collection.get_first_root_node()
    for permission in Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__regex=r"^(add|change|delete|choose)_(image|document)$",
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission
        )
    return group


def _default_root_page() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else Page.get_first_root_node()


def ensure_section(municipality):
    """The section page of a municipality (or the shared one), created on first use."""
    from .models import SectionPage

    existing = SectionPage.objects.filter(municipality=municipality).first()
    if existing:
        return existing
    title = municipality.name if municipality else SHARED_SECTION_TITLE
    slug = municipality.slug if municipality else "gemeinsam"
    section = SectionPage(title=title, slug=slugify(slug), municipality=municipality)
    _default_root_page().add_child(instance=section)
    return section


def ensure_collection(municipality) -> Collection:
    name = municipality.name if municipality else SHARED_SECTION_TITLE
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def _grant_section(group: Group, role: Role, section, collection):
    for codename in SECTION_PAGE_PERMISSIONS.get(role, ()):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=section,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for codename in COLLECTION_PERMISSIONS.get(role, ()):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename=codename
            ),
        )


def provision_shared_section():
    """The shared section with its Trainer*innen and Redaktion groups."""
    ensure_cooperation_admin_group()
    section = ensure_section(None)
    collection = ensure_collection(None)
    for role in SHARED_SECTION_ROLES:
        _grant_section(ensure_role_group(None, role), role, section, collection)
    return section


def provision_municipality(municipality):
    """Groups, permissions, collection and section for one municipality.

    Idempotent: safe to run on every save. Trainers of a municipality may choose images
    from the shared collection too, so shared courses can be copied and adapted.
    """
    provision_shared_section()
    section = ensure_section(municipality)
    if section.title != municipality.name:
        section.title = municipality.name
        section.save_revision().publish()
    collection = ensure_collection(municipality)
    shared_collection = ensure_collection(None)
    for role in Role:
        group = ensure_role_group(municipality, role)
        _grant_section(group, role, section, collection)
        if role in COLLECTION_PERMISSIONS:
            for codename in ("choose_image", "choose_document"):
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=shared_collection,
                    permission=Permission.objects.get(
                        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
                        codename=codename,
                    ),
                )
    return section
