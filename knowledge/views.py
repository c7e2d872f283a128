"""Views of process knowledge beside the article pages, routed by ``knowledge.urls``.

The article pages themselves are Wagtail pages (``ProcessArticlePage.get_context``);
these are what they link to: the comparison by LeiKa key, the PDF, and the buttons
"Zur Kenntnis genommen" and "Als geprüft markieren", which post here and return to the
article. Thin: the rules live in ``knowledge.compare``, ``knowledge.acknowledgements``
and ``knowledge.reviews``. Whatever the reader may not read (another municipality's
"intern" article, an unpublished one) answers 404, so that its existence is not
revealed either.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from organisations.tenancy import can_view_page

from . import acknowledgements, reviews
from .compare import COMPARED, align, total_duration
from .models import ProcessArticlePage, articles_visible_to, leika_validator, listed
from .pdf import article_filename, render_article_pdf

# --- Comparison and PDF ---------------------------------------------------------------


def comparable_articles(leika_key: str, user) -> list[ProcessArticlePage]:
    """Live, listed articles with this LeiKa key that ``user`` may read, shared first."""
    articles = list(
        listed(
            articles_visible_to(ProcessArticlePage.objects.live().filter(leika_key=leika_key), user)
        )
    )
    ProcessArticlePage.attach_sections(articles, ProcessArticlePage.sections())
    articles.sort(
        key=lambda a: (
            a.library_section is not None and not a.library_section.is_shared,
            a.library_section.title if a.library_section else "",
            a.title,
        )
    )
    return articles


@require_GET
def compare_view(request, leika_key: str):
    """The articles of one LeiKa key side by side, steps aligned by category."""
    try:
        leika_validator(leika_key)
    except ValidationError:
        raise Http404 from None
    articles = comparable_articles(leika_key, request.user)
    columns = []
    for article in articles:
        steps = article.steps_for_display()
        columns.append(
            {"article": article, "steps": steps, "total_duration": total_duration(steps)}
        )
    rows = align([column["steps"] for column in columns]) if len(columns) > 1 else []
    context = {
        "page_title": _("Prozessvergleich %(key)s") % {"key": leika_key},
        "leika_key": leika_key,
        "ozg_service": next((a.ozg_service for a in articles if a.ozg_service), ""),
        "columns": columns,
        "rows": rows,
        "compared": COMPARED,
        "differing_rows": sum(1 for row in rows if row.differences),
        "gap_rows": sum(1 for row in rows if row.has_gap),
    }
    return TemplateResponse(request, "knowledge/compare.html", context)


@require_GET
@never_cache
def article_pdf_view(request, pk: int):
    """One article as a tagged PDF, for those who may read it; 404 for everybody else."""
    article = get_object_or_404(ProcessArticlePage.objects.live(), pk=pk)
    parent = article.get_parent()
    if not parent.live or not can_view_page(request.user, article):
        raise Http404
    response = HttpResponse(
        render_article_pdf(article, request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(True, article_filename(article))
    return response


# --- Acknowledgement and review -------------------------------------------------------


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
