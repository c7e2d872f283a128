"""The process diagram: drawn on the server as SVG from the article's steps.

Lanes are the responsible positions or roles (in order of first appearance), steps are
numbered boxes left to right, decisions are diamonds whose labelled arrows lead to the
steps their branches name. Nobody draws by hand, so the diagram always matches the
steps, and the numbered step list next to it is its text alternative.

Pure functions of the step values: no database, so rendering 60 steps takes a few
milliseconds and is tested without pages.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

LANE_LABEL_WIDTH = 170
COLUMN_WIDTH = 190
LANE_HEIGHT = 130
BOX_WIDTH = 150
BOX_HEIGHT = 72
TOP = 10
WRAP = 20
MAX_LINES = 3


@dataclass
class Node:
    number: int
    kind: str
    title: str
    lane: int
    x: float
    y: float
    targets: list[tuple[int, str]]

    @property
    def cx(self) -> float:
        return self.x + BOX_WIDTH / 2

    @property
    def cy(self) -> float:
        return self.y + BOX_HEIGHT / 2


def _lines(text: str) -> list[str]:
    lines = textwrap.wrap(text, WRAP) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    return lines


def layout(steps: list[tuple[str, dict]]) -> tuple[list[str], list[Node]]:
    """Lanes and positioned nodes; branch targets resolved by step title."""
    lanes: list[str] = []
    by_title = {
        (value.get("title") or "").strip().casefold(): index
        for index, (_k, value) in enumerate(steps)
    }
    nodes = []
    for index, (kind, value) in enumerate(steps):
        lane_name = (value.get("responsible") or "").strip() or "–"
        if lane_name not in lanes:
            lanes.append(lane_name)
        lane = lanes.index(lane_name)
        if kind == "decision":
            targets = []
            for branch in value.get("branches") or []:
                branch = dict(branch)
                target = by_title.get((branch.get("goto") or "").strip().casefold())
                if target is not None:
                    targets.append((target, branch.get("label") or ""))
        else:
            targets = [(index + 1, "")] if index + 1 < len(steps) else []
        nodes.append(
            Node(
                number=index + 1,
                kind=kind,
                title=value.get("title") or "",
                lane=lane,
                x=LANE_LABEL_WIDTH + index * COLUMN_WIDTH + (COLUMN_WIDTH - BOX_WIDTH) / 2,
                y=TOP + lane * LANE_HEIGHT + (LANE_HEIGHT - BOX_HEIGHT) / 2,
                targets=targets,
            )
        )
    return lanes, nodes


def _edge(source: Node, target: Node, label: str, height: float, branch: int = 0) -> str:
    """An arrow from one box to another; backwards arrows run below the lanes.

    The label sits next to the arrow's end, so two branches of one decision that both
    lead forward never write their labels on top of each other.
    """
    if target.number > source.number:
        x1, y1 = source.x + BOX_WIDTH, source.cy
        x2, y2 = target.x, target.cy
        mid = x1 + (COLUMN_WIDTH - BOX_WIDTH) / 2 + branch * 6
        path = f"M{x1:.0f},{y1:.0f} H{mid:.0f} V{y2:.0f} H{x2 - 2:.0f}"
        lx, ly = x2 - 34, y2 - 6
    else:
        below = height - 8 - branch * 6
        x1, y1 = source.cx + branch * 6, source.y + BOX_HEIGHT
        x2, y2 = target.cx, target.y + BOX_HEIGHT
        path = f"M{x1:.0f},{y1:.0f} V{below:.0f} H{x2:.0f} V{y2 + 2:.0f}"
        lx, ly = x1 + 4, below - 4
    parts = [f'<path class="diagram-edge" d="{path}" marker-end="url(#diagram-arrow)"/>']
    if label:
        parts.append(
            f'<text class="diagram-edge-label" x="{lx:.0f}" y="{ly:.0f}">{escape(label)}</text>'
        )
    return "".join(parts)


def _box(node: Node) -> str:
    lines = _lines(node.title)
    first_y = node.cy - (len(lines) - 1) * 8 + 4
    text = "".join(
        f'<tspan x="{node.cx:.0f}" y="{first_y + i * 16:.0f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    if node.kind == "decision":
        points = (
            f"{node.cx:.0f},{node.y - 8:.0f} {node.x + BOX_WIDTH + 6:.0f},{node.cy:.0f} "
            f"{node.cx:.0f},{node.y + BOX_HEIGHT + 8:.0f} {node.x - 6:.0f},{node.cy:.0f}"
        )
        shape = f'<polygon class="diagram-decision" points="{points}"/>'
    else:
        shape = (
            f'<rect class="diagram-step" x="{node.x:.0f}" y="{node.y:.0f}" '
            f'width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6"/>'
        )
    badge = (
        f'<circle class="diagram-number" cx="{node.x + 4:.0f}" cy="{node.y + 4:.0f}" r="11"/>'
        f'<text class="diagram-number-text" x="{node.x + 4:.0f}" y="{node.y + 8:.0f}">'
        f"{node.number}</text>"
    )
    return f'<g class="diagram-node">{shape}<text class="diagram-label">{text}</text>{badge}</g>'


def process_diagram(steps: list[tuple[str, dict]], title: str = "") -> str:
    """The SVG markup of a process; empty for a process without steps.

    ``aria-hidden``: screen readers and print get the ordered step list of the
    surrounding ``<figure>`` instead, which says the same in words.
    """
    if not steps:
        return ""
    lanes, nodes = layout(steps)
    width = LANE_LABEL_WIDTH + len(nodes) * COLUMN_WIDTH
    lanes_height = TOP + len(lanes) * LANE_HEIGHT
    height = lanes_height + 30
    parts = [
        f'<svg class="process-diagram" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-hidden="true" focusable="false">',
        '<defs><marker id="diagram-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" class="diagram-arrowhead"/></marker></defs>',
    ]
    for index, lane in enumerate(lanes):
        y = TOP + index * LANE_HEIGHT
        parts.append(
            f'<rect class="diagram-lane diagram-lane--{index % 2}" x="0" y="{y}" '
            f'width="{width}" height="{LANE_HEIGHT}"/>'
        )
        lines = _lines(lane)
        first_y = y + LANE_HEIGHT / 2 - (len(lines) - 1) * 8 + 4
        label = "".join(
            f'<tspan x="10" y="{first_y + i * 16:.0f}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text class="diagram-lane-label">{label}</text>')
    by_number = {node.number - 1: node for node in nodes}
    for node in nodes:
        for branch, (target, label) in enumerate(node.targets):
            parts.append(_edge(node, by_number[target], label, height, branch))
    parts.extend(_box(node) for node in nodes)
    parts.append("</svg>")
    return "".join(parts)
