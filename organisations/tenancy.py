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
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_page_models,
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
    cached = getattr(user, "_lernwerk_hidden_section_paths", None)
    if cached is None:
        # One query, cached on the user for the request: serving a page and building
        # its listings both ask.
        sections = SectionPage.objects.filter(municipality__isnull=False)
        if user.is_authenticated:
            sections = sections.exclude(municipality__employees__user=user)
        cached = list(sections.values_list("path", flat=True))
        if user.is_authenticated:
            user._lernwerk_hidden_section_paths = cached
    return cached


def pages_visible_to(queryset, user):
    """Filter a page queryset to what ``user`` may see: shared pages and their own."""
    condition = Q()
    for path in hidden_section_paths(user):
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset


def _readable_across_cooperation() -> Q:
    """Pages read across the cooperation (see ``can_view_page``), as a condition on pages.

    A page type opts in with ``readable_across_cooperation = True``; a type that decides
    per page (a property) states the same rule for querysets as
    ``readable_across_cooperation_condition``, or its pages count as not readable.
    """
    condition = Q(pk__in=[])
    for model in get_page_models():
        flag = getattr(model, "readable_across_cooperation", False)
        if flag is True:
            pages = model._default_manager.all()
        elif isinstance(flag, property) and hasattr(model, "readable_across_cooperation_condition"):
            pages = model._default_manager.filter(model.readable_across_cooperation_condition)
        else:
            continue
        condition |= Q(pk__in=pages.values("pk"))
    return condition


def admin_pages_visible_to(queryset, user):
    """Filter a page queryset for the admin's listings, choosers, search and API.

    The admin lists pages with their title, status and dates, drafts included. Of
    another municipality's section it lists only what its readers could open anyway:
    live pages read across the cooperation (``can_view_page``), which compare and links
    to other municipalities' articles need. Everything else there (drafts, internal
    articles, courses, the section itself) is left out, for every role but the
    Kooperations-Admins.
    """
    hidden = Q()
    for path in hidden_section_paths(user):
        hidden |= Q(path__startswith=path)
    if not hidden:
        return queryset
    return queryset.exclude(hidden & ~(Q(live=True) & _readable_across_cooperation()))


def can_list_page_in_admin(user, page) -> bool:
    """Whether ``admin_pages_visible_to`` keeps ``page``: parents of admin listings."""
    if not any(page.path.startswith(path) for path in hidden_section_paths(user)):
        return True
    return admin_pages_visible_to(Page.objects.filter(pk=page.pk), user).exists()


def can_view_page(user, page) -> bool:
    """Shared pages and the user's own municipality's; of other municipalities only
    pages whose type says they are read across the cooperation (knowledge articles
    not marked "intern", and their libraries)."""
    if not any(page.path.startswith(path) for path in hidden_section_paths(user)):
        return True
    return bool(getattr(page, "readable_across_cooperation", False))


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


def hidden_collection_paths(user) -> list[str]:
    """Paths of other municipalities' collections: their documents and images are not
    served to this user, nor listed anywhere in the admin (the admin API included)."""
    from .models import Municipality

    if is_cooperation_admin(user):
        return []
    own = municipality_of(user)
    foreign = Municipality.objects.filter(collection__isnull=False)
    if own is not None:
        foreign = foreign.exclude(pk=own.pk)
    return list(foreign.values_list("collection__path", flat=True))


def media_visible_to(queryset, user):
    """Filter documents or images to those outside other municipalities' collections."""
    hidden = Q()
    for path in hidden_collection_paths(user):
        hidden |= Q(collection__path__startswith=path)
    return queryset.exclude(hidden) if hidden else queryset


def can_view_collection_item(user, collection) -> bool:
    """Documents of another municipality's collection are not served to this user."""
    return not any(collection.path.startswith(path) for path in hidden_collection_paths(user))


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
    from .models import SectionPage

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
