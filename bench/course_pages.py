"""Server time and SQL queries of the course pages at the scale of a cooperation.

Builds a shared catalogue with 200 courses and one course with 50 modules (real-sized
bodies, an image and an eight-question quiz each) next to three municipalities, signs
an employee in with ``Client.force_login``, warms the caches and prints a Markdown table
with the median and 95th percentile server time of ``--runs`` requests and the number
of SQL queries of one request, per page.

By default the data goes into a benchmark database of its own (``<NAME>_bench_courses``,
created, migrated and dropped again); ``--in-place`` uses the database given and rolls
everything back at the end::

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lernwerk \\
    python -m bench.course_pages --runs 20

Times are measured in-process (Django test client: middleware, view, templates and
database, no network and no web server), so they compare code, not deployments.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench._harness import parser_for, run_with_data, setup_django

#: Sentences the generated module texts are made of (about 100 words per paragraph).
SENTENCES = [
    "Die elektronische Akte ersetzt die Papierakte und bündelt alle Dokumente eines "
    "Vorgangs an einem Ort.",
    "Jedes Schriftstück erhält ein Aktenzeichen, das sich aus dem Aktenplan ergibt.",
    "Eingehende Post wird noch am Tag des Eingangs gescannt, geprüft und zugeordnet.",
    "Berechtigte Kolleginnen und Kollegen finden Vorgänge über die Volltextsuche, auch "
    "wenn die Sachbearbeitung im Urlaub ist.",
    "Personenbezogene Daten dürfen nur zu dem Zweck verarbeitet werden, zu dem sie erhoben wurden.",
    "Nach Ablauf der Aufbewahrungsfrist wird die Akte dem Archiv angeboten oder gelöscht.",
    "Vertretungsregelungen sorgen dafür, dass Fristen auch bei Abwesenheit gewahrt werden.",
    "Die Schlusszeichnung dokumentiert, wer einen Vorgang wann abgeschlossen hat.",
]


@dataclass
class Row:
    page: str
    content: str
    queries: int
    sql_ms: float
    median_ms: float
    p95_ms: float


def paragraph(seed: int) -> str:
    sentences = [SENTENCES[(seed + i) % len(SENTENCES)] for i in range(8)]
    return "<p>" + " ".join(sentences) + "</p>"


def module_body(number: int, image) -> list[dict]:
    """What a real module holds: about 1,400 words, an image, guidance and a quiz."""
    from courses.tests.factories import (
        answer,
        multiple_choice,
        quiz_block,
        single_choice,
        text_block,
        true_false,
    )

    body: list[dict] = []
    for section in range(3):
        body.append(
            {"type": "heading", "value": {"text": f"Abschnitt {section + 1}", "level": "h2"}}
        )
        body += [text_block(paragraph(number + section + i)) for i in range(3)]
    body.insert(
        4,
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Ein Aktenschrank", "decorative": False},
                "caption": "Aktenschrank im Bürgerbüro",
            },
        },
    )
    body.append(
        {
            "type": "callout",
            "value": {
                "kind": "legal",
                "title": "Aufbewahrungsfristen",
                "text": "<p>Schriftgut ist nach den Fristen des Aktenplans aufzubewahren.</p>",
            },
        }
    )
    body.append(
        {
            "type": "steps",
            "value": {
                "title": "Eingangspost erfassen",
                "steps": [
                    {"type": "item", "value": {"title": f"Schritt {i}", "text": paragraph(i)}}
                    for i in range(1, 6)
                ],
            },
        }
    )
    body.append(
        {
            "type": "checklist",
            "value": {
                "title": "Vor dem Versand prüfen",
                "items": [{"type": "item", "value": f"Punkt {i}"} for i in range(1, 7)],
            },
        }
    )
    questions = []
    for q in range(8):
        qid = f"m{number}q{q}"
        if q % 3 == 0:
            questions.append(true_false(qid, f"Aussage {q}: {SENTENCES[q]}", q % 2 == 0))
        elif q % 3 == 1:
            questions.append(
                single_choice(
                    qid,
                    f"Frage {q}?",
                    [answer(f"{qid}a{a}", f"Antwort {a}", a == 1, "Rückmeldung") for a in range(4)],
                )
            )
        else:
            questions.append(
                multiple_choice(
                    qid,
                    f"Frage {q}?",
                    [answer(f"{qid}a{a}", f"Antwort {a}", a % 2 == 0) for a in range(5)],
                )
            )
    body.append(quiz_block(questions, pass_mark=75, block_id=f"quiz-{number}"))
    return body


def build() -> dict:
    """Three municipalities, a shared catalogue of 200 courses, a course of 50 modules."""
    import wagtail_factories
    from wagtail.search.backends import get_search_backend

    from courses.models import CoursePage
    from courses.tests.factories import (
        make_course,
        make_course_index,
        make_module,
        many_courses,
        section_of,
    )
    from organisations.tests.factories import make_employee, make_municipality

    towns = [
        make_municipality(name, slug=f"bench-{name.lower()}")
        for name in ("Benchhausen", "Messstadt", "Probedorf")
    ]
    image = wagtail_factories.ImageFactory(
        title="Aktenschrank", file__width=1600, file__height=900, file__filename="schrank.jpg"
    )
    shared = make_course_index(section_of(None), "Kurse für alle")
    for town in towns:
        catalogue = make_course_index(section_of(town), f"Kurse in {town.name}")
        many_courses(catalogue, 20, tags=["E-Akte"], teaser="Ein Kurs der Kommune.")
    tag_sets = [["E-Akte"], ["Datenschutz"], ["E-Akte", "Schriftgut"], ["Führung"]]
    courses = []
    for i in range(200):
        courses += many_courses(
            shared,
            1,
            tags=tag_sets[i % len(tag_sets)],
            teaser=SENTENCES[i % len(SENTENCES)],
            level=["basic", "advanced", "expert"][i % 3],
            duration_minutes=[20, 45, 120][i % 3],
            cover_image=image,
            cover_image_alt="Ein Aktenschrank",
        )
    get_search_backend().add_bulk(CoursePage, courses)
    course = make_course(
        shared,
        "E-Akte von A bis Z",
        tags=["E-Akte"],
        cover_image=image,
        cover_image_alt="Ein Aktenschrank",
        teaser="Alles zur elektronischen Akte in 50 Modulen.",
    )
    modules = [
        make_module(course, f"Modul {n}: Die E-Akte im Alltag", body=module_body(n, image))
        for n in range(1, 51)
    ]
    return {
        "catalogue": shared,
        "course": CoursePage.objects.get(pk=course.pk),
        "module": modules[24],
        "learner": make_employee(towns[0]).user,
    }


class DatabaseTimer:
    """An ``execute_wrapper`` that adds up the time spent in the database."""

    def __init__(self) -> None:
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def measure(
    client, method: str, url: str, runs: int, data=None, show_queries: bool = False
) -> tuple[int, float, float, float]:
    """Queries of one request; median DB time, median and p95 server time of ``runs``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def once():
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code in (200, 302), (url, response.status_code)

    for _ in range(3):  # warm caches: templates, site root paths, renditions
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
        print(f"\n{method.upper()} {url}: {len(queries)} queries", file=sys.stderr)
        for number, query in enumerate(queries.captured_queries, start=1):
            print(f"{number:3} {query['time']}s {query['sql'][:300]}", file=sys.stderr)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return len(queries), statistics.median(db_times), statistics.median(times), p95


def run(runs: int, show_queries: bool = False) -> str:
    """Build the data, measure every page, and return the Markdown report."""
    from django.test import Client
    from django.urls import reverse

    data = build()
    client = Client()
    client.force_login(data["learner"])
    module = data["module"]
    quiz = module.quiz
    answers = {"quiz": quiz.id}
    for question_id, block, value in quiz.block.questions_of(quiz.value):
        first = block.answer_options(value)[0][0]
        answers[f"q-{question_id}"] = [first]
    catalogue_url = data["catalogue"].url
    pages = [
        ("Course page", "course with 50 modules", "get", data["course"].url, None),
        ("Module page", "module 25 of 50: ~1,400 words, image, quiz", "get", module.url, None),
        ("Catalogue", "221 visible of 261 courses, page 1", "get", catalogue_url, None),
        (
            "Catalogue, filtered",
            "thema=e-akte, stufe=basic",
            "get",
            f"{catalogue_url}?thema=e-akte&stufe=basic",
            None,
        ),
        (
            "Catalogue search",
            "q=Akten (courses and modules)",
            "get",
            f"{catalogue_url}?q=Akten",
            None,
        ),
        (
            "Quiz submission (POST)",
            "8 answers, graded, redirect",
            "post",
            reverse("learning:submit_quiz", args=[module.pk]),
            answers,
        ),
    ]
    rows = []
    for name, content, method, url, form in pages:
        rows.append(Row(name, content, *measure(client, method, url, runs, form, show_queries)))
    return markdown(rows, runs)


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.1f} GB RAM"
    load = "load {:.1f} / {:.1f} / {:.1f} (1/5/15 min)".format(*os.getloadavg())
    return (
        f"{os.cpu_count()} cores{memory}, {load}, PostgreSQL {postgres}, "
        f"Python {platform.python_version()}"
    )


def markdown(rows: list[Row], runs: int) -> str:
    import django
    import wagtail

    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')}: {machine()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}; {runs} requests per page after 3 to warm up.",
        "",
        "| Page | Content | Queries | DB time, median (ms) | Median (ms) | 95th percentile (ms) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.page} | {r.content} | {r.queries} | {r.sql_ms:.1f} | {r.median_ms:.1f} "
        f"| {r.p95_ms:.1f} |"
        for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = parser_for(__doc__)
    parser.add_argument("--runs", type=int, default=20, help="measured requests per page")
    args = parser.parse_args(argv)
    setup_django()
    report = run_with_data(
        lambda: run(args.runs, args.show_queries),
        in_place=args.in_place,
        database_suffix="bench_courses",
    )
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
