"""Wagtail integration: the login and tenancy check for pages, admin screens.

Admin listings of pages (chooser, explorer, page search, the pages of a type, the
admin API) go through ``tenancy.admin_pages_visible_to``: another municipality's drafts
and internal pages never appear in them, nor answer by id. Documents and images go
through ``tenancy.media_visible_to``; the screens Wagtail has no data hook for (bulk
actions, the admin API's media, moving, the page types report) are in
``admin_listings``.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .admin_listings import (
    LISTED_BULK_ACTIONS,
    ListedDocumentsAdminAPIViewSet,
    ListedImagesAdminAPIViewSet,
    check_page_move,
)
from .tenancy import (
    admin_pages_visible_to,
    can_list_page_in_admin,
    can_view_collection_item,
    can_view_page,
)
from .viewsets import organisations_viewset_group


@hooks.register("before_serve_page")
def require_login_and_own_municipality(page, request, serve_args, serve_kwargs):
    """Pages are internal unless their type says otherwise; other towns' pages don't exist.

    A 404 rather than a 403 for another municipality's page, so that its existence is
    not revealed either.
    """
    if getattr(page, "login_required", True) and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_page(request.user, page):
        raise Http404


@hooks.register("before_serve_document")
def serve_documents_of_own_municipality(document, request):
    """Documents in another municipality's collection answer 404, like its pages."""
    if not can_view_collection_item(request.user, document.collection):
        raise Http404


@hooks.register("register_admin_viewset")
def register_viewsets():
    return organisations_viewset_group


# --- Admin listings of pages -----------------------------------------------------------


def _require_listed_parent(user, parent_page) -> None:
    """A listing below a page the user may not list answers 404, like the page itself."""
    if parent_page is not None and not can_list_page_in_admin(user, parent_page):
        raise Http404


@hooks.register("construct_page_chooser_queryset")
def choose_only_listed_pages(pages, request):
    """The page chooser: browsing (children of a parent) and its search."""
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        _require_listed_parent(request.user, Page.objects.filter(pk=parent_id).first())
    return admin_pages_visible_to(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explore_only_listed_pages(parent_page, pages, request):
    """The explorer (``/admin/pages/<id>/``, its search) and the admin API's explorer."""
    _require_listed_parent(request.user, parent_page)
    return admin_pages_visible_to(pages, request.user)


class ListedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, with the pages to explore limited to those listed.

    The page search and the pages of a type have no data hook; they list the pages
    this policy calls explorable.
    """

    def explorable_instances(self, user):
        return admin_pages_visible_to(super().explorable_instances(user), user)


listed_page_permission_policy = ListedPagePermissionPolicy(Page)


class ListedPageSearchView(SearchView):
    permission_policy = listed_page_permission_policy


class ListedContentTypeUseView(ContentTypeUseView):
    permission_policy = listed_page_permission_policy


class ListedPageViewSet(PageViewSet):
    """The base page viewset with the page search and pages-of-a-type views above."""

    search_view_class = ListedPageSearchView
    content_type_use_view_class = ListedContentTypeUseView


@hooks.register("register_admin_viewset", order=1)
def register_listed_page_viewset():
    # After Wagtail's own base page viewset (order 0), which this one replaces.
    return ListedPageViewSet(name="lernwerk_pages")


class ListedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """The admin API's pages endpoint: listing, detail by id and parent lookups.

    Wagtail applies the explorer hook only to its explorer requests (``for_explorer``).
    """

    def get_base_queryset(self):
        return admin_pages_visible_to(super().get_base_queryset(), self.request.user)


@hooks.register("construct_admin_api")
def scope_admin_api_pages(router):
    router.register_endpoint("pages", ListedPagesAdminAPIViewSet)


@hooks.register("construct_admin_api", order=1)
def scope_admin_api_media(router):
    # After Wagtail's documents and images apps, whose endpoints these replace.
    router.register_endpoint("documents", ListedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", ListedImagesAdminAPIViewSet)


for _action in LISTED_BULK_ACTIONS:
    # After Wagtail's own actions, which these replace in the registry.
    hooks.register("register_bulk_action", _action, order=1)


@hooks.register("before_move_page")
def refuse_moves_out_of_reach(request, page, destination):
    check_page_move(request.user, page, destination)
