"""Routing a page request in one query instead of two per tree level.

Wagtail routes ``/gemeinsam/kurse/e-akte/modul/`` by asking each page for its child:
two queries per level (the child, then its specific row), eight for a module, before the
page's own work starts. The site's root page (``home.HomePage``) routes with
``route_below`` instead: every page whose ``url_path`` is a prefix of the requested path
comes back in one query, the chain is checked level by level in Python, and only the
page served is loaded with its own fields. The ancestors stay on the page
(``_cached_parent_obj``, so ``get_parent()`` needs no query), ready for context,
breadcrumb and outline.

What routing decided before still holds: a page answers only when live; a parent that
hides its children while unpublished (``HidesChildrenWhenNotLive``) still does; a page
type with a ``route`` of its own (sub-URLs) is asked to route the rest itself; a path
no page matches answers 404. View restrictions, login and tenancy are checked after
routing by the ``before_serve_page`` hooks, as before.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404
from wagtail.models import Page, PageViewRestriction


class HidesChildrenWhenNotLive:
    """A catalogue or course that is not live hides its pages below, even approved ones.

    Wagtail serves a live page below an unpublished parent; a module approved before its
    course would then be readable (and its quiz answerable) while the course answers 404.
    Previews do not route, so authors still preview such pages.
    """

    def route(self, request, path_components):
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)


def _routes_like_wagtail(page_class) -> bool:
    return page_class.route in (Page.route, HidesChildrenWhenNotLive.route)


def route_below(root, request, path_components):
    """Route ``path_components`` below ``root`` (the site's root page): one query for the
    chain of pages, one for the page served."""
    if not path_components:
        root.get_view_restrictions = lambda: _restrictions_on([root])
        return Page.route(root, request, path_components)
    prefixes = [
        root.url_path + "/".join(path_components[: end + 1]) + "/"
        for end in range(len(path_components))
    ]
    found = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
    }
    parent = root
    for position, url_path in enumerate(prefixes):
        remaining = path_components[position:]
        if parent is not root:  # the root routes: this function
            parent_class = parent.specific_class
            if parent_class is None:  # a page type whose app is gone
                raise Http404
            if not _routes_like_wagtail(parent_class):
                return parent.specific.route(request, remaining)
            if issubclass(parent_class, HidesChildrenWhenNotLive) and not parent.live:
                raise Http404
        page = found.get(url_path)
        if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
            raise Http404
        page._cached_parent_obj = parent
        parent = page
    served = parent.specific
    served._cached_parent_obj = parent._cached_parent_obj
    # Wagtail's view-restriction check asks the page for its restrictions and the page
    # would read its ancestors again; the router has them.
    served.get_view_restrictions = lambda: _restrictions_on([served, *_ancestors(served)])
    return served.route(request, [])


def _ancestors(page) -> list:
    chain = []
    while (page := routed_parent(page)) is not None:
        chain.append(page)
    return chain


def restricted_page_ids() -> frozenset[int]:
    """Pages with a view restriction: few or none, kept in the site-versioned cache
    (saving or deleting a restriction bumps the site version, ``core.signals``)."""
    return cache.get_or_set(
        "lernwerk_restricted_page_ids",
        lambda: frozenset(PageViewRestriction.objects.values_list("page_id", flat=True)),
        timeout=None,
    )


def _restrictions_on(pages):
    """What ``Page.get_view_restrictions`` returns, without a query when none of the
    pages is restricted. An alias takes its original's restrictions: then Wagtail's own
    method decides. ``pages``: the served page first, then its ancestors."""
    served = pages[0]
    if any(page.alias_of_id for page in pages):
        return Page.get_view_restrictions(served)
    ids = restricted_page_ids().intersection(page.pk for page in pages)
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(page_id__in=ids)


def routed_parent(page):
    """The parent the router loaded with ``page``, or None when the page was not routed
    (preview, admin, a page fetched by a query): then ask the database."""
    return getattr(page, "_cached_parent_obj", None)
