"""Compare the same process across municipalities: steps side by side, aligned.

Articles that share a LeiKa key describe the same administrative service. Their steps
are aligned by category, in the fixed order of ``STEP_CATEGORIES``: the first "Prüfung"
of every article sits in one row, the second in the next, and so on. Steps without a
category are aligned by their order among the uncategorised steps that follow the same
category (or that come before any categorised step), so articles that use no
categories at all are compared step by step. Where an article has no such step, its
cell is a gap.

Within a row, the responsible role, the system and the typical duration are compared;
a value that differs from the other columns' is marked, for every column that has one
(an empty value is "not stated", not a difference).

Pure functions of the step dictionaries of ``ProcessArticlePage.steps_for_display``: no
database, so the alignment is tested without pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .blocks import CATEGORY_LABELS, CATEGORY_ORDER

#: What is compared within a row, with its label.
COMPARED = {
    "responsible": _("Zuständig"),
    "system": _("System"),
    "duration": _("Dauer"),
}

#: Slot of the uncategorised steps before the first categorised one.
_LEADING = -1


@dataclass
class Cell:
    """One article's step in a row, or a gap (``step`` is None)."""

    step: dict | None
    differs: frozenset[str] = frozenset()

    @property
    def is_gap(self) -> bool:
        return self.step is None

    def differs_in(self, name: str) -> bool:
        return name in self.differs


@dataclass
class Row:
    category: str
    occurrence: int
    cells: list[Cell]
    after: str = ""
    differences: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """ "Prüfung", "Prüfung (2)", "Ohne Kategorie (nach Prüfung)"."""
        if self.category:
            text = str(CATEGORY_LABELS.get(self.category, self.category))
        elif self.after:
            text = str(_("Ohne Kategorie (nach %(category)s)")) % {
                "category": CATEGORY_LABELS.get(self.after, self.after)
            }
        else:
            text = str(_("Ohne Kategorie"))
        return f"{text} ({self.occurrence})" if self.occurrence > 1 else text

    @property
    def has_gap(self) -> bool:
        return any(cell.is_gap for cell in self.cells)

    @property
    def difference_labels(self) -> list[str]:
        return [str(COMPARED[name]) for name in self.differences]


def slot_keys(steps: list[dict]) -> list[tuple[int, int, str, int]]:
    """A sort key per step: (category position, 0 categorised / 1 not, after, count).

    The count numbers the steps sharing a slot (first "Prüfung", second "Prüfung"…), so
    equal keys across articles mean "the same step".
    """
    keys = []
    seen: dict[tuple, int] = {}
    current = _LEADING
    current_name = ""
    for step in steps:
        category = step.get("category") or ""
        if category in CATEGORY_ORDER:
            current, current_name = CATEGORY_ORDER[category], category
            slot = (current, 0, category)
        else:
            slot = (current, 1, current_name)
        seen[slot] = seen.get(slot, 0) + 1
        keys.append((*slot, seen[slot]))
    return keys


def compared_value(step: dict, name: str):
    """What is compared, normalised; None where the article states nothing."""
    if name == "responsible":
        return (step.get("responsible") or "").strip().casefold() or None
    if name == "system":
        kind = step.get("system_kind") or ""
        system = (step.get("system_name") or "").strip().casefold()
        return (kind, system) if kind or system else None
    if name == "duration":
        return step.get("duration_minutes")
    raise KeyError(name)


def align(columns: list[list[dict]]) -> list[Row]:
    """Rows of aligned steps, one cell per column (article), in category order."""
    keyed = []
    all_keys = set()
    for steps in columns:
        by_key = dict(zip(slot_keys(steps), steps, strict=True))
        keyed.append(by_key)
        all_keys.update(by_key)
    rows = []
    for key in sorted(all_keys, key=lambda k: (k[0], k[1], k[3])):
        position, uncategorised, name, occurrence = key
        cells = [Cell(by_key.get(key)) for by_key in keyed]
        row = Row(
            category="" if uncategorised else name,
            occurrence=occurrence,
            cells=cells,
            after=name if uncategorised else "",
        )
        _mark_differences(row)
        rows.append(row)
    return rows


def _mark_differences(row: Row) -> None:
    present = [cell for cell in row.cells if not cell.is_gap]
    differing: dict[int, set[str]] = {id(cell): set() for cell in present}
    for name in COMPARED:
        values = {compared_value(cell.step, name) for cell in present} - {None}
        if len(values) > 1:
            row.differences.append(name)
            for cell in present:
                if compared_value(cell.step, name) is not None:
                    differing[id(cell)].add(name)
    for cell in present:
        cell.differs = frozenset(differing[id(cell)])


def total_duration(steps: list[dict]) -> int | None:
    """Sum of the stated typical durations; None when no step states one."""
    stated = [step["duration_minutes"] for step in steps if step.get("duration_minutes")]
    return sum(stated) if stated else None
