"""Small helpers that build process libraries and articles.

``make_library(section)`` and ``make_article(library, title, steps=[...], **fields)``
add pages below a section like an editor would (published through a revision, see
``courses.tests.factories._add``). Steps are raw StreamField data built with
``step(title, responsible, ...)`` and ``decision(title, responsible, branches=[...])``.
"""

from __future__ import annotations

import itertools
from typing import Any

from courses.tests.factories import _add, add_live_children
from organisations.models import SectionPage

from ..models import KnowledgeIndexPage, ProcessArticlePage

_counter = itertools.count(1)


def make_library(section: SectionPage, title: str = "Prozessbibliothek", **kwargs):
    kwargs.setdefault("slug", f"prozesse-{next(_counter)}")
    return _add(section, KnowledgeIndexPage(title=title, **kwargs), publish=True)


def step(
    title: str, responsible: str = "Sachbearbeitung", category: str | None = None, **kw
) -> dict[str, Any]:
    """A process step as StreamField data; ``kw`` sets action, system_kind, system_name,
    documents, duration_minutes, notes."""
    value = {
        "title": title,
        "category": category or "",
        "responsible": responsible,
        "action": kw.pop("action", f"{title}: so wird es gemacht."),
        "system_kind": kw.pop("system_kind", ""),
        "system_name": kw.pop("system_name", ""),
        "documents": kw.pop("documents", []),
        "duration_minutes": kw.pop("duration_minutes", None),
        "notes": kw.pop("notes", ""),
    }
    if kw:
        raise TypeError(f"Unknown step fields: {sorted(kw)}")
    return {"type": "step", "value": value, "id": f"step-{next(_counter)}"}


def decision(
    title: str,
    responsible: str = "Sachbearbeitung",
    branches: list[tuple[str, str]] = (),
    category: str | None = None,
    question: str | None = None,
    notes: str = "",
) -> dict[str, Any]:
    """A decision step; ``branches`` are (label, title of the step it leads to)."""
    return {
        "type": "decision",
        "value": {
            "title": title,
            "category": category or "",
            "responsible": responsible,
            "question": question or f"{title}?",
            "branches": [{"label": label, "goto": goto} for label, goto in branches],
            "notes": notes,
        },
        "id": f"decision-{next(_counter)}",
    }


def numbered_steps(count: int, lanes: int = 3, **kw) -> list[dict]:
    """``count`` steps across ``lanes`` roles, with a decision every tenth step."""
    steps = []
    for n in range(1, count + 1):
        responsible = f"Rolle {n % lanes + 1}"
        if n % 10 == 5 and n + 2 <= count:
            steps.append(
                decision(
                    f"Schritt {n}",
                    responsible,
                    branches=[("Ja", f"Schritt {n + 1}"), ("Nein", f"Schritt {n + 2}")],
                    category="entscheidung",
                )
            )
        else:
            steps.append(
                step(
                    f"Schritt {n}",
                    responsible,
                    category=["eingang", "pruefung", "bescheid", None][n % 4],
                    system_kind="fachverfahren",
                    system_name="Fachverfahren X",
                    documents=["Formular A", "Vorlage B"],
                    duration_minutes=10,
                    **kw,
                )
            )
    return steps


def make_article(
    library: KnowledgeIndexPage,
    title: str | None = None,
    steps: list[dict] | None = None,
    tags: tuple[str, ...] | list[str] = (),
    publish: bool = True,
    **fields,
) -> ProcessArticlePage:
    n = next(_counter)
    title = title or f"Prozess {n}"
    fields.setdefault("slug", f"prozess-{n}")
    fields.setdefault("purpose", f"Wozu der Prozess „{title}“ dient.")
    fields.setdefault("trigger", "Ein Antrag geht ein.")
    if steps is None:
        steps = [step("Antrag erfassen", category="eingang")]
    related_courses = fields.pop("related_courses", ())
    related_articles = fields.pop("related_articles", ())
    article = ProcessArticlePage(title=title, steps=steps, **fields)
    if tags:
        article.tags.add(*tags)
    if related_courses:
        article.related_courses = list(related_courses)
    if related_articles:
        article.related_articles = list(related_articles)
    return _add(library, article, publish)


def articles_to_acknowledge(library, position, revision_id: int, count: int, prefix: str, **kw):
    """``count`` live articles (built in bulk) that ``position`` must acknowledge at
    ``revision_id``; ``kw`` sets further fields, e.g. ``owner_position``."""
    articles = [
        ProcessArticlePage(
            title=f"Prozess {prefix} {n:03d}",
            slug=f"prozess-{prefix}-{n}",
            purpose="Zweck.",
            trigger="Antrag.",
            steps=[step("Antrag erfassen")],
            acknowledgement_revision_id=revision_id,
            **kw,
        )
        for n in range(count)
    ]
    add_live_children(library, articles)
    through = ProcessArticlePage.acknowledgement_positions.through
    through.objects.bulk_create(
        [through(processarticlepage=a, position=position) for a in articles]
    )
    return articles
