"""Tenancy: what of the page tree and of the media a user sees.

One installation serves a cooperation of municipalities. Non-page data is scoped by
``visible_to(user)`` queryset methods; pages are scoped by section (see
``SectionPage``), media by collection. Who a user is (``is_cooperation_admin``,
``employee_of``) lives in ``roles``; what a municipality comes with in ``provisioning``.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import (
    Page,
    get_page_models,
)

from core.versions import user_fact

from .models import Municipality, SectionPage
from .roles import (
    is_cooperation_admin,
    municipality_of,
)


def hidden_section_paths(user) -> list[str]:
    """Paths of the sections of other municipalities, whose pages this user never sees."""
    if is_cooperation_admin(user):
        return []

    def compute():
        sections = SectionPage.objects.filter(municipality__isnull=False)
        if user.is_authenticated:
            sections = sections.exclude(municipality__employees__user=user)
        return tuple(sections.values_list("path", flat=True))

    if not user.is_authenticated:
        return list(compute())
    # Kept per user and version (the site's: sections come and go with publishing).
    return list(user_fact(user, "hidden_section_paths", compute))


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


def hidden_collection_paths(user) -> list[str]:
    """Paths of other municipalities' collections: their documents and images are not
    served to this user, nor listed anywhere in the admin (the admin API included)."""
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
