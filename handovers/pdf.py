"""The handover package as a tagged PDF: for the successor's desk and the personnel file.

Rendered from ``handovers/handover_pdf.html`` by ``core.pdf.render_pdf`` as PDF/UA-1
(structure tree, document language, title), like the course certificates, with the same
static-file fetcher: no network access while rendering. It holds the state of the
handover, each article with its purpose, trigger and ordered step list, the leaver's
notes, the courses and the checklist. Always in German (``lang="de"``).
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.text import slugify

from core.pdf import render_pdf
from knowledge.blocks import CATEGORY_LABELS, SYSTEM_LABELS
from knowledge.models import ProcessArticlePage

from .models import Handover
from .services import grouped_items


def article_steps(article: ProcessArticlePage) -> list[dict]:
    """The article's steps, numbered, as the PDF lists them (decisions with branches)."""
    children = list(article.steps)
    numbers: dict[str, int] = {}
    for number, child in enumerate(children, start=1):
        numbers.setdefault((child.value.get("title") or "").strip().casefold(), number)
    steps = []
    for number, child in enumerate(children, start=1):
        value = child.value
        kind_label = SYSTEM_LABELS.get(value.get("system_kind") or "", "")
        system_name = (value.get("system_name") or "").strip()
        system = f"{kind_label}: {system_name}" if kind_label and system_name else None
        branches = [
            {
                "label": branch.get("label") or "",
                "target": branch.get("goto") or "",
                "number": numbers.get((branch.get("goto") or "").strip().casefold()),
            }
            for branch in value.get("branches") or []
        ]
        steps.append(
            {
                "number": number,
                "is_decision": child.block_type == "decision",
                "title": value.get("title") or "",
                "category": CATEGORY_LABELS.get(value.get("category") or "", ""),
                "responsible": value.get("responsible") or "",
                "action": value.get("action") or "",
                "question": value.get("question") or "",
                "system": system or system_name or kind_label,
                "documents": list(value.get("documents") or []),
                "duration_minutes": value.get("duration_minutes"),
                "notes": value.get("notes") or "",
                "branches": branches,
            }
        )
    return steps


def handover_filename(handover: Handover) -> str:
    """``Uebergabe-<position>-<leaver>-<date>.pdf``."""
    position = slugify(handover.position.title) if handover.position else "stelle"
    leaver = slugify(handover.leaver.full_name) or "person"
    return f"Uebergabe-{position}-{leaver}-{timezone.localdate().isoformat()}.pdf"


def handover_context(handover: Handover) -> dict:
    """Articles (with their items, steps and the leaver's notes), courses and checklist,
    grouped as on the detail page (``services.grouped_items``)."""
    groups = grouped_items(handover)
    for entry in groups["articles"]:
        article, notes_item = entry["article"], entry["notes_item"]
        entry["steps"] = article_steps(article)
        entry["url"] = article.get_full_url()
        entry["notes"] = notes_item.leaver_notes if notes_item else ""
    return {**groups, "handover": handover, "created": timezone.localtime()}


def render_handover_pdf(handover: Handover) -> bytes:
    """The package as a tagged PDF (PDF/UA-1); no HTTP request needed."""
    with translation.override("de"):
        return render_pdf("handovers/handover_pdf.html", handover_context(handover))
