"""Process descriptions inside course modules, through ``courses.embeds``.

A trainer embeds an article in a module so that learners read how the process really
runs in their town, and read it as it stands today: the module shows the article's
published version (title, purpose, trigger, inputs and outputs, the numbered steps with
who does each one) and links to the full article for the rest (diagram, legal basis,
contacts, responsibility). ``knowledge.wagtail_hooks`` registers ``PROCESS_ARTICLE_EMBED``;
``courses`` imports nothing from here.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.embeds import EmbeddablePageType
from courses.models import CoursePage
from organisations.models import SectionPage

from .models import ProcessArticlePage


def articles_for_course(articles: QuerySet, course: CoursePage) -> QuerySet:
    """Live articles that every reader of ``course`` may read (``articles_visible_to``
    for the course's audience instead of one user).

    A course in a municipality's section is read by that municipality's staff: shared
    articles, their own (internal ones too) and other municipalities' articles not marked
    "intern". A shared course is read across the cooperation, so no internal article of
    any municipality fits it. One query for the sections, none for the articles.
    """
    hidden = Q()
    for path in SectionPage.objects.filter(municipality__isnull=False).values_list(
        "path", flat=True
    ):
        if not course.path.startswith(path):
            hidden |= Q(path__startswith=path)
    articles = articles.live()
    return articles.exclude(hidden & Q(intern=True)) if hidden else articles


def steps_for_module(article: ProcessArticlePage) -> list[dict]:
    """The article's steps as on its page, with each decision's branches named in words.

    On the article page a branch links to its step's anchor (``#schritt-5``); a module
    has no such anchors (and two embedded articles would share them), so the branch names
    "Schritt 5: …" as text, and the step templates render it without a link.
    """
    steps = article.steps_for_display()
    for step in steps:
        for branch in step["branches"]:
            if branch["number"]:
                branch["title"] = _("Schritt %(number)d: %(title)s") % {
                    "number": branch["number"],
                    "title": branch["title"],
                }
                branch["number"] = None
    return steps


def render_article(article: ProcessArticlePage, request: HttpRequest | None, context: Mapping):
    """The article as a section of the module (``knowledge/includes/article_embed.html``)."""
    ProcessArticlePage.attach_sections([article], ProcessArticlePage.sections())
    return render_to_string(
        "knowledge/includes/article_embed.html",
        {"article": article, "steps": steps_for_module(article)},
        request=request,
    )


PROCESS_ARTICLE_EMBED = EmbeddablePageType(
    model=ProcessArticlePage,
    label=gettext_lazy("Prozessbeschreibung"),
    render=render_article,
    choosable=articles_for_course,
)
