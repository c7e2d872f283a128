"""Server time and SQL queries of the knowledge-at-risk report over 2,000 articles.

Builds three municipalities with org units, 120 positions and their holders (some with
a leaving date, some posts vacant), a library per municipality and a shared one, and
``--articles`` live process articles inserted in bulk (owner positions, responsible
units, review dates partly overdue, a third with acknowledgement requirements, half of
those acknowledged by someone other than the owner). It measures the report first over
a tenth of the articles and then over all of them, to show that the number of queries
does not grow with the articles, and prints a Markdown table: queries of one request,
median time in the database, median and 95th percentile server time of ``--runs``
requests, for a cooperation admin (all articles), a manager (one municipality), a filter
by reason, and the CSV export (read to the end). Tables are analysed after each bulk
load, as autovacuum would.

By default the data goes into a benchmark database of its own (``<NAME>_bench_risk``,
created, migrated and dropped again); ``--in-place`` uses the configured database and
rolls everything back at the end::

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lernwerk \\
    python -m bench.knowledge_at_risk --runs 20

Times are measured in-process (Django test client: middleware, view, templates and
database, no network and no web server), so they compare code, not deployments.
"""

from __future__ import annotations

import datetime
import random
import statistics
import sys
import time
from dataclasses import dataclass

from bench._harness import parser_for, run_with_data, setup_django

POSITIONS_PER_MUNICIPALITY = 40
UNITS_PER_MUNICIPALITY = 6


@dataclass
class Row:
    view: str
    articles: int
    rows: int
    queries: int
    sql_ms: float
    median_ms: float
    p95_ms: float


def build_people(rng: random.Random) -> dict:
    """Municipalities, units, positions with holders, libraries, a manager and an admin."""
    from courses.tests.factories import section_of
    from knowledge.tests.factories import make_article, make_library
    from organisations.tests.factories import (
        make_cooperation_admin,
        make_employee,
        make_manager,
        make_municipality,
        make_position,
        make_unit,
    )

    today = datetime.date.today()
    towns, positions, units, libraries = [], [], [], []
    for name in ("Benchhausen", "Messstadt", "Probedorf"):
        town = make_municipality(name, slug=f"risk-{name.lower()}")
        towns.append(town)
        root = make_unit(town, f"Fachbereich {name}")
        town_units = [root] + [
            make_unit(town, f"Amt {n} {name}", parent=root)
            for n in range(1, UNITS_PER_MUNICIPALITY)
        ]
        units.append(town_units)
        town_positions = []
        for n in range(POSITIONS_PER_MUNICIPALITY):
            unit = town_units[n % len(town_units)]
            position = make_position(unit, f"Stelle {n} {name}")
            town_positions.append(position)
            roll = rng.random()
            if roll < 0.85:  # held; a few holders are leaving or have left
                leaving = None
                if roll < 0.06:
                    leaving = today + datetime.timedelta(days=rng.randint(-60, 90))
                make_employee(
                    town, unit=unit, position=position, leaving_date=leaving, first_name="Eva"
                )
        positions.append(town_positions)
        libraries.append(make_library(section_of(town), slug=f"prozesse-{town.slug}"))
    libraries.append(make_library(section_of(None), slug="prozesse-gemeinsam"))
    reference = make_article(libraries[0], "Referenzprozess", owner_position=positions[0][0])
    return {
        "towns": towns,
        "units": units,
        "positions": positions,
        "libraries": libraries,
        "reference": reference,
        "manager": make_manager(units[0][0]).user,
        "admin": make_cooperation_admin(),
    }


def add_articles(people: dict, count: int, rng: random.Random, offset: int = 0) -> None:
    """``count`` live articles in bulk, with requirements and acknowledgements."""
    from courses.tests.factories import add_live_children
    from knowledge.models import Acknowledgement, ProcessArticlePage
    from knowledge.tests.factories import step
    from organisations.models import Employee

    today = datetime.date.today()
    steps = [step("Antrag erfassen", category="eingang"), step("Bescheid erstellen")]
    revision_id = people["reference"].live_revision_id
    by_library: dict[int, list] = {}
    for n in range(offset, offset + count):
        town = n % 3
        library = people["libraries"][3 if n % 10 == 0 else town]
        owner = None if rng.random() < 0.08 else rng.choice(people["positions"][town])
        review = today + datetime.timedelta(days=rng.randint(-200, 700))
        article = ProcessArticlePage(
            title=f"Prozess {n:05d}",
            slug=f"risiko-prozess-{n}",
            purpose="Wozu der Prozess dient.",
            trigger="Ein Antrag geht ein.",
            steps=steps,
            owner_position=owner,
            responsible_unit=rng.choice(people["units"][town]),
            next_review_date=review,
            last_reviewed_on=review - datetime.timedelta(days=365),
        )
        by_library.setdefault(library.pk, (library, []))[1].append(article)
    articles = []
    for library, pages in by_library.values():
        articles += add_live_children(library, pages)

    positions_through = ProcessArticlePage.acknowledgement_positions.through
    holders = Employee.objects.filter(position__isnull=False)
    readers = list(holders.values_list("user_id", flat=True))
    requirements, acknowledgements = [], []
    for article in articles[::3]:
        town = int(article.title.split()[-1]) % 3
        required = rng.choice(people["positions"][town])
        requirements.append(
            positions_through(processarticlepage_id=article.pk, position_id=required.pk)
        )
        if rng.random() < 0.5:
            acknowledgements.append(
                Acknowledgement(
                    article_id=article.pk, user_id=rng.choice(readers), revision_id=revision_id
                )
            )
    positions_through.objects.bulk_create(requirements)
    Acknowledgement.objects.bulk_create(acknowledgements, ignore_conflicts=True)


def measure(client, url: str, runs: int, show_queries: bool = False):
    """Queries of one request; median DB time, median and p95 server time of ``runs``.

    Streamed responses (the exports) are read to the end, so their time counts.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.course_pages import DatabaseTimer

    def once():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)

    for _ in range(3):
        once()
    times, db_times = [], []
    for _ in range(runs):
        timer = DatabaseTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            once()
            times.append((time.perf_counter() - start) * 1000)
        db_times.append(timer.ms)
    with CaptureQueriesContext(connection) as queries:
        once()
    if show_queries:
        print(f"\nGET {url}: {len(queries)} queries", file=sys.stderr)
        for number, query in enumerate(queries.captured_queries, start=1):
            print(f"{number:3} {query['time']}s {query['sql'][:300]}", file=sys.stderr)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return len(queries), statistics.median(db_times), statistics.median(times), p95


def run(total: int, runs: int, show_queries: bool = False) -> str:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from knowledge.models import ProcessArticlePage
    from knowledge.reports import at_risk, report_articles, risk_conditions

    rng = random.Random(20260302)
    people = build_people(rng)
    url = reverse("knowledge_reports:at_risk")
    admin, manager = Client(), Client()
    admin.force_login(people["admin"])
    manager.force_login(people["manager"])
    views = [
        ("Cooperation admin, page 1", admin, url, people["admin"]),
        ("Manager (one municipality), page 1", manager, url, people["manager"]),
        (
            "Admin, filter grund=pruefung_ueberfaellig",
            admin,
            f"{url}?grund=pruefung_ueberfaellig",
            people["admin"],
        ),
        ("Admin, CSV export (all rows)", admin, f"{url}?export=csv", people["admin"]),
    ]
    rows: list[Row] = []
    first = max(total // 10, 1)
    for to_add, offset in ((first, 0), (total - first, first)):
        add_articles(people, to_add, rng, offset)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        existing = ProcessArticlePage.objects.live().count()
        for name, client, view_url, user in views:
            found = at_risk(report_articles(user))
            if "grund=" in view_url:
                overdue = risk_conditions(datetime.date.today())["pruefung_ueberfaellig"]
                found = found.filter(overdue)
            in_rows = found.count()
            rows.append(
                Row(name, existing, in_rows, *measure(client, view_url, runs, show_queries))
            )
    return markdown(rows, runs)


def markdown(rows: list[Row], runs: int) -> str:
    import django
    import wagtail

    from bench.course_pages import machine

    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')}: {machine()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}; {runs} requests per view after 3 to warm up.",
        "",
        "| View | Live articles | Rows at risk | Queries | DB time, median (ms) "
        "| Median (ms) | 95th percentile (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.view} | {r.articles} | {r.rows} | {r.queries} | {r.sql_ms:.1f} "
        f"| {r.median_ms:.1f} | {r.p95_ms:.1f} |"
        for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = parser_for(__doc__)
    parser.add_argument("--articles", type=int, default=2000, help="live articles in the end")
    parser.add_argument("--runs", type=int, default=20, help="measured requests per view")
    args = parser.parse_args(argv)
    setup_django()
    report = run_with_data(
        lambda: run(args.articles, args.runs, args.show_queries),
        in_place=args.in_place,
        database_suffix="bench_risk",
    )
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
