"""Wagtail integration: the login and tenancy check for pages, admin screens."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from wagtail import hooks

from .tenancy import can_view_collection_item, can_view_page
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
