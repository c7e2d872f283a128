"""Server time and SQL queries of the process-knowledge pages, and the diagram's cost.

Builds three municipalities with a library each and a shared one holding 300 articles,
then articles with 1, 10 and 60 steps (owner, deputy, unit, tags, contacts, related
courses and articles: everything the page shows) and the same process in three
municipalities for the comparison. Signs an employee in with ``Client.force_login``,
warms the caches and prints a Markdown table with the number of SQL queries of one
request and the median and 95th percentile server time of ``--runs`` requests, per
page; then the time ``knowledge.diagram.process_diagram`` takes for 10 and 60 steps.

By default the data goes into a benchmark database of its own
(``<NAME>_bench_articles``, created, migrated and dropped again); ``--in-place`` uses
the database given and rolls everything back at the end::

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lernwerk \\
    python -m bench.article_pages --runs 20

Times are measured in-process (Django test client: middleware, view, templates and
database, no network and no web server), so they compare code, not deployments.
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time

from bench._harness import parser_for, run_with_data, setup_django

LEIKA_KEY = "99036011000000"


def full_article_fields(data: dict) -> dict:
    """Everything an article page shows besides its steps."""
    return {
        "tags": ["E-Akte", "Kfz"],
        "legal_basis": "<p>§ 14 FZV, § 6 StVG</p>",
        "inputs": "Antrag, Zulassungsbescheinigung Teil I, Siegelcode",
        "outputs": "Abmeldebestätigung",
        "contacts": [
            {
                "type": "contact",
                "value": {
                    "name": f"Hotline {n}",
                    "organisation": "Kraftfahrt-Bundesamt",
                    "phone": "0461 316-0",
                    "email": "hotline@example.org",
                    "topic": "Störungen im Portal",
                },
            }
            for n in range(3)
        ],
        "leika_key": LEIKA_KEY,
        "ozg_service": "Fahrzeugabmeldung",
        "responsible_unit": data["unit"],
        "owner_position": data["owner"],
        "deputy_position": data["deputy"],
        "related_courses": data["courses"],
        "related_articles": data["related"],
    }


def build() -> dict:
    from wagtail.search.backends import get_search_backend

    from courses.tests.factories import (
        add_live_children,
        make_course,
        make_course_index,
        section_of,
    )
    from knowledge.models import ProcessArticlePage
    from knowledge.tests.factories import make_article, make_library, numbered_steps, step
    from organisations.models import PositionHolding
    from organisations.tests.factories import (
        make_employee,
        make_municipality,
        make_position,
        make_unit,
    )

    towns = [
        make_municipality(name, slug=f"bench-{name.lower()}")
        for name in ("Benchhausen", "Messstadt", "Probedorf")
    ]
    shared = make_library(section_of(None), "Prozesse für alle")
    libraries = [make_library(section_of(town), f"Prozesse in {town.name}") for town in towns]
    bulk = [
        ProcessArticlePage(
            title=f"Prozess {n:04d}",
            slug=f"prozess-bulk-{n}",
            purpose="Eingangspost scannen und in der E-Akte erfassen.",
            trigger="Post geht ein.",
            steps=numbered_steps(8),
        )
        for n in range(300)
    ]
    add_live_children(shared, bulk)
    get_search_backend().add_bulk(ProcessArticlePage, bulk)

    unit = make_unit(towns[0], "Straßenverkehrsamt")
    owner = make_position(unit, "Sachgebietsleitung Zulassung")
    deputy = make_position(unit, "Sachbearbeitung Zulassung")
    for position in (owner, deputy):
        PositionHolding.objects.create(
            position=position,
            employee=make_employee(towns[0], unit=unit),
            started_on=datetime.date(2020, 1, 1),
        )
    catalogue = make_course_index(section_of(None), "Kurse")
    data = {
        "unit": unit,
        "owner": owner,
        "deputy": deputy,
        "courses": [make_course(catalogue, f"Kurs {n}") for n in range(3)],
        "related": bulk[:3],
    }
    own = libraries[0]
    articles = {
        1: make_article(own, "Prozess mit einem Schritt", steps=[step("Nur ein Schritt")]),
        10: make_article(
            own, "Prozess mit 10 Schritten", steps=numbered_steps(10), **full_article_fields(data)
        ),
        60: make_article(
            own, "Prozess mit 60 Schritten", steps=numbered_steps(60), **full_article_fields(data)
        ),
    }
    for library in libraries[1:]:
        make_article(
            library,
            f"Fahrzeug abmelden ({library.title})",
            steps=numbered_steps(20, lanes=4),
            leika_key=LEIKA_KEY,
        )
    return {
        "articles": articles,
        "library": own,
        "catalogue": catalogue,
        "reader": make_employee(towns[0]).user,
    }


def diagram_times(runs: int) -> list[tuple[int, float, float]]:
    """(steps, median ms, max ms) of ``process_diagram`` for 10 and 60 steps."""
    from knowledge.diagram import process_diagram
    from knowledge.tests.factories import numbered_steps

    results = []
    for count in (10, 60):
        steps = [(item["type"], item["value"]) for item in numbered_steps(count, lanes=5)]
        process_diagram(steps, "warm up")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            process_diagram(steps, "Prozess")
            times.append((time.perf_counter() - start) * 1000)
        results.append((count, statistics.median(times), max(times)))
    return results


def run(runs: int, pdf_runs: int, show_queries: bool = False) -> str:
    from django.test import Client
    from django.urls import reverse

    from bench.course_pages import Row, measure

    data = build()
    client = Client()
    client.force_login(data["reader"])
    articles = data["articles"]
    library_url = data["library"].url
    pages = [
        ("Article page", "1 step, nothing else (baseline)", articles[1].url, runs),
        ("Article page", "10 steps, all fields", articles[10].url, runs),
        ("Article page", "60 steps, all fields", articles[60].url, runs),
        ("Library", "page 1 of 305 visible articles", library_url, runs),
        ("Library search", "q=scannen (300 hits)", f"{library_url}?q=scannen", runs),
        (
            "Course catalogue search",
            "q=scannen: courses and 20 of 300 articles",
            f"{data['catalogue'].url}?q=scannen",
            runs,
        ),
        (
            "Compare",
            "3 articles of one LeiKa key",
            reverse("knowledge:compare", args=[LEIKA_KEY]),
            runs,
        ),
        (
            "Article PDF",
            "10 steps",
            reverse("knowledge:article_pdf", args=[articles[10].pk]),
            pdf_runs,
        ),
        (
            "Article PDF",
            "60 steps",
            reverse("knowledge:article_pdf", args=[articles[60].pk]),
            pdf_runs,
        ),
    ]
    rows = [
        Row(name, content, *measure(client, "get", url, count, show_queries=show_queries))
        for name, content, url, count in pages
    ]
    return markdown(rows, runs, pdf_runs, diagram_times(max(runs, 50)))


def markdown(rows, runs: int, pdf_runs: int, diagrams) -> str:
    import django
    import wagtail

    from bench.course_pages import machine

    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')}: {machine()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}; {runs} requests per page ({pdf_runs} per PDF) after 3 "
        "to warm up.",
        "",
        "| Page | Content | Queries | DB time, median (ms) | Median (ms) | 95th percentile (ms) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.page} | {r.content} | {r.queries} | {r.sql_ms:.1f} | {r.median_ms:.1f} "
        f"| {r.p95_ms:.1f} |"
        for r in rows
    ]
    lines += [
        "",
        "| Diagram (`process_diagram`) | Median (ms) | Slowest (ms) |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {count} steps | {median:.2f} | {slowest:.2f} |" for count, median, slowest in diagrams
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = parser_for(__doc__)
    parser.add_argument("--runs", type=int, default=20, help="measured requests per page")
    parser.add_argument("--pdf-runs", type=int, default=5, help="measured requests per PDF")
    args = parser.parse_args(argv)
    setup_django()
    report = run_with_data(
        lambda: run(args.runs, args.pdf_runs, args.show_queries),
        in_place=args.in_place,
        database_suffix="bench_articles",
    )
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
