"""Server-rendered SVG charts for the reports: horizontal stacked bars, no JavaScript.

The admin's Content-Security-Policy would allow inline styles, but the charts need none:
colours, sizes and positions are SVG attributes, so the markup works under the strict
front-end policy too. A chart never stands alone: the report's table carries the same
numbers, the legend names every colour in words, and each bar is followed by its
figures as text, so nothing depends on telling colours apart.

Colours have at least 3:1 contrast against the white chart background (WCAG 1.4.11).
Neighbouring segments would not reach 3:1 against each other, so they are separated by
a white gap: every segment borders white. The chart has its own white background, so
the contrast holds in the admin's dark theme as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

#: Chart colours (contrast against white in brackets, see ``contrast_ratio``).
BACKGROUND = "#ffffff"
TEXT = "#1f2328"  # 15.8:1
GRID = "#8c8c8c"  # decorative only
COLOURS = {
    "done": "#1d5fa6",  # blue, 6.5:1
    "open": "#767676",  # grey, 4.5:1
    "overdue": "#c2410c",  # orange-red, 5.2:1; blue/orange stays apart in colour blindness
}

WIDTH = 960
LABEL_WIDTH = 300  # the row labels, right-aligned before the bars
BAR_X = LABEL_WIDTH + 10
BAR_WIDTH = 360  # 100 %
FIGURES_X = BAR_X + BAR_WIDTH + 12
ROW_HEIGHT = 30
BAR_HEIGHT = 18
LEGEND_HEIGHT = 40
AXIS_HEIGHT = 30
GAP = 2  # white between segments
MAX_LABEL_CHARS = 44


@dataclass(frozen=True)
class Bar:
    """One row of a chart: counts of done, open and overdue obligations.

    ``note`` replaces the bar, e.g. when an aggregate is hidden below the minimum group
    size; the chart then writes the note where the bar would be.
    """

    label: str
    done: int = 0
    open: int = 0
    overdue: int = 0
    note: str = ""

    @property
    def total(self) -> int:
        return self.done + self.open + self.overdue


def _share(part: int, total: int) -> int:
    return round(100 * part / total) if total else 0


def _short(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _legend(labels: dict[str, str]) -> SafeString:
    items = []
    x = BAR_X
    for key in ("done", "open", "overdue"):
        items.append(
            format_html(
                '<rect x="{}" y="12" width="14" height="14" fill="{}"/>'
                '<text x="{}" y="24" fill="{}" font-size="14">{}</text>',
                x,
                COLOURS[key],
                x + 20,
                TEXT,
                labels[key],
            )
        )
        x += 20 + 9 * len(labels[key]) + 28
    return mark_safe("".join(items))


def _segments(bar: Bar, y: int, labels: dict[str, str]) -> SafeString:
    parts = []
    x = float(BAR_X)
    for key in ("done", "open", "overdue"):
        count = getattr(bar, key)
        if not count:
            continue
        width = BAR_WIDTH * count / bar.total
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
                'stroke-width="{}"><title>{}: {}</title></rect>',
                f"{x:.1f}",
                y,
                f"{width:.1f}",
                BAR_HEIGHT,
                COLOURS[key],
                BACKGROUND,
                GAP,
                labels[key],
                count,
            )
        )
        x += width
    return mark_safe("".join(parts))


def _figures(bar: Bar, labels: dict[str, str]) -> str:
    """The numbers behind a bar in words, so the bar is never read by colour alone."""
    return _("%(done)s %% %(done_label)s · %(overdue)s %% %(overdue_label)s (n = %(total)s)") % {
        "done": _share(bar.done, bar.total),
        "done_label": labels["done"].lower(),
        "overdue": _share(bar.overdue, bar.total),
        "overdue_label": labels["overdue"].lower(),
        "total": bar.total,
    }


def stacked_bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str = "chart") -> SafeString:
    """SVG markup of horizontal 100 % stacked bars (done, open, overdue) with a legend.

    A pure function of its rows, so it can be tested without a request. Each bar shows
    shares of the people who must complete the course; exempt people are not counted.
    ``title`` becomes the SVG's accessible name; wrap the result in a ``<figure>``
    whose ``<figcaption>`` names it and put the numbers in a table next to it.
    """
    labels = {"done": _("Erledigt"), "open": _("Offen"), "overdue": _("Überfällig")}
    height = LEGEND_HEIGHT + ROW_HEIGHT * max(len(bars), 1) + AXIS_HEIGHT
    axis_y = LEGEND_HEIGHT + ROW_HEIGHT * max(len(bars), 1)

    rows = []
    for index, bar in enumerate(bars):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        bar_y = top + (ROW_HEIGHT - BAR_HEIGHT) // 2
        text_y = bar_y + BAR_HEIGHT - 4
        label = format_html(
            '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="13">'
            "<title>{}</title>{}</text>",
            LABEL_WIDTH,
            text_y,
            TEXT,
            bar.label,
            _short(bar.label),
        )
        if bar.note or not bar.total:
            body = format_html(
                '<text x="{}" y="{}" fill="{}" font-size="13" font-style="italic">– {}</text>',
                BAR_X,
                text_y,
                TEXT,
                bar.note or _("keine Pflichten"),
            )
        else:
            body = format_html(
                '{}<text x="{}" y="{}" fill="{}" font-size="13">{}</text>',
                _segments(bar, bar_y, labels),
                FIGURES_X,
                text_y,
                TEXT,
                _figures(bar, labels),
            )
        rows.append(format_html("<g>{}{}</g>", label, body))

    ticks = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1"/>'
        '<text x="{0}" y="{4}" text-anchor="middle" fill="{5}" font-size="12">{6} %</text>',
        (
            (
                BAR_X + BAR_WIDTH * percent // 100,
                LEGEND_HEIGHT - 4,
                axis_y + 4,
                GRID,
                axis_y + 20,
                TEXT,
                percent,
            )
            for percent in (0, 25, 50, 75, 100)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" '
        'focusable="false" font-family="system-ui, sans-serif">'
        '<title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>'
        '<rect x="0" y="0" width="{w}" height="{h}" fill="{bg}"/>'
        "{legend}{ticks}{rows}</svg>",
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=_(
            "Balkendiagramm: Anteile erledigt, offen und überfällig je Zeile. "
            "Dieselben Zahlen stehen in der Tabelle."
        ),
        bg=BACKGROUND,
        legend=_legend(labels),
        ticks=ticks,
        rows=mark_safe("".join(rows)),
    )


# --- Contrast (WCAG 2.x relative luminance), used by the tests -----------------------


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
