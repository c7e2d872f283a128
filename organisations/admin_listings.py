"""Wagtail admin screens that list or name objects, limited to what the user may see.

Wagtail checks *permissions*; a Blomberg editor has none on Lügde's pages or media, yet
several admin screens still name them: the admin API's document and image endpoints,
the confirmation pages of bulk actions (they list the objects one may not act on, by
title), the page move confirmation (it answers GET without any check) and the page
types usage report (the last edited page of each type, of the whole installation).
Each is narrowed here with the same rules as the rest of the admin
(``tenancy.admin_pages_visible_to``, ``tenancy.media_visible_to``); ``wagtail_hooks``
registers them. A page or medium outside those rules is treated as if it did not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.pages import bulk_actions as page_bulk_actions
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views import bulk_actions as document_bulk_actions
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views import bulk_actions as image_bulk_actions
from wagtail.models import Page

from .tenancy import (
    admin_pages_visible_to,
    can_list_page_in_admin,
    can_view_collection_item,
    media_visible_to,
)


def is_listed_for(user, obj) -> bool:
    """Whether the admin may name ``obj`` (a page, document or image) to ``user``."""
    if isinstance(obj, Page):
        return can_list_page_in_admin(user, obj)
    return can_view_collection_item(user, obj.collection)


# --- Bulk actions ------------------------------------------------------------------------


class ListedObjectsBulkActionMixin:
    """Bulk actions see only objects the user may list; ``?id=`` of others is a 404.

    Wagtail lists the objects one may not act on by title ("you don't have permission
    to …"), which names another municipality's drafts to anyone who guesses ids.
    """

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        objects = [obj for obj in objects if is_listed_for(user, obj)]
        extra["items_with_no_access"] = [
            obj for obj in extra["items_with_no_access"] if is_listed_for(user, obj)
        ]
        if not objects and not extra["items_with_no_access"]:
            raise Http404
        return objects, extra


def _listed(action_class: type[BulkAction]) -> type[BulkAction]:
    return type(action_class.__name__, (ListedObjectsBulkActionMixin, action_class), {})


#: Wagtail's bulk actions for pages, documents and images, each narrowed. Registered
#: after Wagtail's own, they take their place in the registry (same model and action).
LISTED_BULK_ACTIONS = [
    _listed(action)
    for action in (
        page_bulk_actions.DeleteBulkAction,
        page_bulk_actions.MoveBulkAction,
        page_bulk_actions.PublishBulkAction,
        page_bulk_actions.UnpublishBulkAction,
        document_bulk_actions.AddTagsBulkAction,
        document_bulk_actions.AddToCollectionBulkAction,
        document_bulk_actions.DeleteBulkAction,
        image_bulk_actions.AddTagsBulkAction,
        image_bulk_actions.AddToCollectionBulkAction,
        image_bulk_actions.DeleteBulkAction,
    )
]


# --- Admin API ---------------------------------------------------------------------------


class ListedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API lists every document to anyone with admin access; not here."""

    def get_queryset(self):
        return media_visible_to(super().get_queryset(), self.request.user)


class ListedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return media_visible_to(super().get_queryset(), self.request.user)


# --- Moving pages ------------------------------------------------------------------------


def check_page_move(user, page, destination) -> None:
    """Wagtail's move confirmation shows the page's title before any permission check.

    A page or destination the user may not list answers 404, a move the user may not
    make 403.
    """
    if not (can_list_page_in_admin(user, page) and can_list_page_in_admin(user, destination)):
        raise Http404
    if not page.permissions_for_user(user).can_move_to(destination):
        raise PermissionDenied


# --- Page types usage report -------------------------------------------------------------


def page_type_usage_for(page_types, user):
    """Count and last edited page of each page type, among the pages ``user`` may list.

    Wagtail's report counts the pages of the whole installation and names the last
    edited one, another municipality's draft included. It has no data hook, so its
    results template (``templates/wagtailadmin/reports/page_types_usage_results.html``)
    passes its rows through this function; a few queries per page type.
    """
    for page_type in page_types:
        pages = admin_pages_visible_to(Page.objects.filter(content_type=page_type), user)
        page_type.count = pages.count()
        last = pages.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        ).first()
        page_type.last_edited_page = last.specific_deferred if last else None
    return page_types
