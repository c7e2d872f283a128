"""Views: acknowledge an article ("Kenntnisnahme") and mark it as reviewed ("geprüft").

Both are buttons on the article page that post here and return to it. The rules live in
``knowledge.acknowledgements`` and ``knowledge.reviews``; an article the reader may not
read (another municipality's "intern" one, an unpublished one) answers 404, so its
existence is not revealed. URL patterns are collected by ``knowledge.urls``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.tenancy import can_view_page

from .. import acknowledgements, reviews
from ..models import ProcessArticlePage


def readable_article(request, article_id: int) -> ProcessArticlePage:
    """A live article the reader may read, in a live library; 404 otherwise."""
    article = get_object_or_404(
        ProcessArticlePage.objects.live().defer_streamfields(), pk=article_id
    )
    if not can_view_page(request.user, article) or not article.get_parent().live:
        raise Http404
    return article


def _back_to(request, article: ProcessArticlePage, anchor: str):
    return redirect(f"{article.get_url(request)}#{anchor}")


@require_POST
def acknowledge_view(request, article_id: int):
    """ "Zur Kenntnis genommen": store the reader's acknowledgement of the current revision.

    The form sends the revision the reader saw; if a new one has to be acknowledged in
    the meantime, nothing is stored and the reader is asked to read it first.
    """
    article = readable_article(request, article_id)
    current = acknowledgements.revision_to_acknowledge(article)
    seen = request.POST.get("fassung", "")
    if current is None or (seen and seen != str(current)):
        messages.warning(
            request,
            _(
                "„%(title)s“ wurde inzwischen geändert. Bitte lesen Sie die aktuelle Fassung "
                "und bestätigen Sie dann die Kenntnisnahme."
            )
            % {"title": article.title},
        )
        return _back_to(request, article, "kenntnisnahme")
    acknowledgements.acknowledge(article, request.user)
    messages.success(
        request, _("Sie haben „%(title)s“ zur Kenntnis genommen.") % {"title": article.title}
    )
    return _back_to(request, article, "kenntnisnahme")


@require_POST
def mark_reviewed_view(request, article_id: int):
    """ "Als geprüft markieren": today's review date and the next one after the interval."""
    article = readable_article(request, article_id)
    if not reviews.can_mark_reviewed(request.user, article):
        raise PermissionDenied
    next_date = reviews.mark_reviewed(article, request.user)
    messages.success(
        request,
        _("„%(title)s“ ist als geprüft vermerkt. Nächste Prüfung am %(date)s.")
        % {"title": article.title, "date": date_format(next_date, "DATE_FORMAT")},
    )
    return _back_to(request, article, "pruefung")


urlpatterns: list = [
    path("artikel/<int:article_id>/kenntnisnahme/", acknowledge_view, name="acknowledge"),
    path("artikel/<int:article_id>/geprueft/", mark_reviewed_view, name="mark_reviewed"),
]
