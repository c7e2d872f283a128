"""One process article as a tagged PDF (PDF/UA-1), for printing and filing.

Rendered from ``knowledge/article_pdf.html`` by ``core.pdf.render_pdf``, like the
certificates: headings, lists and tables become the structure tree, the document
language and title its metadata, and only static files from disk are loaded.
The diagram is the same SVG as on the page; WeasyPrint styles an inline SVG only from a
``<style>`` inside it and takes its alternative text from its ``<title>``, so both are
added here. The diagram's rules come from the marked section of ``css/knowledge.css``,
so page and PDF never differ.
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.mail import absolute_url
from core.pdf import render_pdf

from .models import ProcessArticlePage

_DIAGRAM_CSS = re.compile(r"/\* diagram:start\b.*?\*/(.*?)/\* diagram:end \*/", re.S)


@cache
def diagram_css() -> str:
    """The diagram rules of ``css/knowledge.css`` (read once per process)."""
    name = "css/knowledge.css"
    filename = finders.find(name) or staticfiles_storage.path(name)
    with open(filename, encoding="utf-8") as stylesheet:
        found = _DIAGRAM_CSS.search(stylesheet.read())
    return found.group(1).strip() if found else ""


def pdf_diagram(svg: str, title: str, steps: int) -> str:
    """The page's SVG with its styles and a ``<title>`` for the PDF's structure tree."""
    if not svg:
        return ""
    alt = _(
        "Ablaufdiagramm „%(title)s“ mit %(count)d Schritten; die nummerierte Liste "
        "beschreibt jeden Schritt in Worten."
    ) % {"title": title, "count": steps}
    head = f"<title>{escape(alt)}</title><style>{diagram_css()}</style>"
    end_of_tag = svg.index(">") + 1
    return mark_safe(svg[:end_of_tag] + head + svg[end_of_tag:])


def article_context(article: ProcessArticlePage, user) -> dict:
    ProcessArticlePage.attach_sections([article], ProcessArticlePage.sections())
    steps = article.steps_for_display()
    context = {
        "page": article,
        "steps": steps,
        "diagram": pdf_diagram(article.diagram_svg(), article.title, len(steps)),
        "tags": list(article.tags.all()),
        "review_overdue": article.review_overdue(),
        "created": timezone.localtime(),
        "site_url": absolute_url(""),
        "article_url": article.get_full_url(),
    }
    context["related_courses"], context["related_articles"] = article.related_for(user)
    context.update(article.responsibility())
    return context


def render_article_pdf(article: ProcessArticlePage, user) -> bytes:
    """The article as a tagged PDF, always in German: the document says ``lang="de"``."""
    with translation.override("de"):
        return render_pdf("knowledge/article_pdf.html", article_context(article, user))


def article_filename(article: ProcessArticlePage) -> str:
    """``Prozess-<slug>-<date>.pdf``: the date it was printed, as the content may change."""
    return f"Prozess-{article.slug}-{timezone.localdate().isoformat()}.pdf"
