"""The process diagram: drawn from the steps, lanes per role, decisions as branches."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

from knowledge.diagram import layout, process_diagram

SVG = "{http://www.w3.org/2000/svg}"


def steps_of(raw: list[dict]) -> list[tuple[str, dict]]:
    return [(item["type"], item["value"]) for item in raw]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element, css_class: str) -> list[str]:
    return [
        "".join(element.itertext())
        for element in root.iter(f"{SVG}text")
        if element.get("class") == css_class
    ]


def sample() -> list[tuple[str, dict]]:
    from .factories import decision, step

    return steps_of(
        [
            step("Antrag prüfen", "Sachbearbeitung"),
            decision(
                "Vollständig",
                "Sachbearbeitung",
                branches=[("Ja", "Bescheid erstellen"), ("Nein", "Nachfordern")],
            ),
            step("Nachfordern", "Sachbearbeitung"),
            step("Bescheid erstellen", "Teamleitung"),
        ]
    )


def test_one_lane_per_responsible_role_in_order_of_appearance():
    lanes, nodes = layout(sample())
    assert lanes == ["Sachbearbeitung", "Teamleitung"]
    assert [node.lane for node in nodes] == [0, 0, 0, 1]
    root = parse(process_diagram(sample(), "Test"))
    assert texts(root, "diagram-lane-label") == ["Sachbearbeitung", "Teamleitung"]
    lane_rects = [r for r in root.iter(f"{SVG}rect") if "diagram-lane" in (r.get("class") or "")]
    assert [r.get("class") for r in lane_rects] == [
        "diagram-lane diagram-lane--0",
        "diagram-lane diagram-lane--1",
    ]


def test_steps_are_numbered_boxes_and_decisions_diamonds():
    root = parse(process_diagram(sample(), "Test"))
    assert texts(root, "diagram-number-text") == ["1", "2", "3", "4"]
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "diagram-step"]) == 3
    assert len([p for p in root.iter(f"{SVG}polygon") if p.get("class") == "diagram-decision"]) == 1


def test_decision_branches_are_labelled_arrows_to_their_steps():
    _lanes, nodes = layout(sample())
    assert nodes[1].targets == [(3, "Ja"), (2, "Nein")]
    assert nodes[0].targets == [(1, "")]  # a plain step leads to the next one
    assert nodes[3].targets == []  # the last step ends the process
    root = parse(process_diagram(sample(), "Test"))
    assert texts(root, "diagram-edge-label") == ["Ja", "Nein"]
    edges = [p for p in root.iter(f"{SVG}path") if p.get("class") == "diagram-edge"]
    assert len(edges) == 1 + 2 + 1  # step 1 -> 2, two branches, step 3 -> 4
    assert all(edge.get("marker-end") == "url(#diagram-arrow)" for edge in edges)


def test_backward_branches_run_below_the_lanes():
    from .factories import decision, step

    steps = steps_of(
        [
            step("Prüfen", "A"),
            decision("Ok", "A", branches=[("Nein", "Prüfen"), ("Ja", "Ende")]),
            step("Ende", "A"),
        ]
    )
    root = parse(process_diagram(steps, "Schleife"))
    height = float(root.get("height"))
    back = [p.get("d") for p in root.iter(f"{SVG}path") if p.get("class") == "diagram-edge"][1]
    verticals = [float(v) for v in re.findall(r"V(\d+)", back)]
    assert max(verticals) > height - 30  # the loop is drawn under the lane


def test_text_is_escaped():
    from .factories import step

    steps = steps_of([step("<script>&</script>", "Amt <b>&</b>")])
    svg = process_diagram(steps, "<x>")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;&amp;&lt;/script&gt;" in svg
    assert "Amt &lt;b&gt;&amp;&lt;/b&gt;" in svg
    parse(svg)  # still well-formed XML


def test_long_titles_are_wrapped_and_shortened():
    from .factories import step

    title = (
        "Antrag auf Wiederaufbauhilfe vollständig prüfen und alle Belege mit dem Antrag abgleichen"
    )
    root = parse(process_diagram(steps_of([step(title, "A")]), "x"))
    [label] = [t for t in root.iter(f"{SVG}text") if t.get("class") == "diagram-label"]
    lines = [tspan.text for tspan in label]
    assert len(lines) == 3 and lines[-1].endswith("…")


def test_diagram_is_hidden_from_assistive_technology():
    root = parse(process_diagram(sample(), "Test"))
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"


def test_no_steps_no_diagram():
    assert process_diagram([], "Leer") == ""


def test_sixty_steps_render_in_under_50_ms():
    from .factories import numbered_steps

    steps = steps_of(numbered_steps(60, lanes=5))
    process_diagram(steps, "warm up")
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        svg = process_diagram(steps, "Sechzig")
        timings.append((time.perf_counter() - start) * 1000)
    assert sorted(timings)[2] < 50, timings
    root = parse(svg)
    assert len(texts(root, "diagram-number-text")) == 60
    assert len(texts(root, "diagram-lane-label")) == 5
