"""Views of articles beside their pages: the comparison by LeiKa key and the PDF.

Both answer 404 for what the reader may not see (another municipality's "intern"
articles), so that its existence is not revealed either. The article pages themselves
are Wagtail pages (``ProcessArticlePage.get_context``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organisations.tenancy import can_view_page

from ..compare import COMPARED, align, total_duration
from ..models import ProcessArticlePage, articles_visible_to, leika_validator, listed
from ..pdf import article_filename, render_article_pdf


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


urlpatterns = [
    path("vergleich/<str:leika_key>/", compare_view, name="compare"),
    path("artikel/<int:pk>/pdf/", article_pdf_view, name="article_pdf"),
]
