"""SQL time, server time and query counts of the manager reports at cooperation scale.

Runs against the database made by ``bench/generate_data.py --scale full`` (50,000
employees, 2,000 units, 200 courses, 20 assignments, 10 million progress rows) and
measures, each as the median of ``--runs`` warm requests through the Django test client:

- the completion matrix for one org unit (``bench-manager-unit``: an Amt with its
  Sachgebiete) and for one municipality (``bench-manager-municipality``);
- the cooperation-wide course overview (``bench-admin``), which reads the aggregate;
- the refresh of that aggregate (``refresh_course_statistics``);
- the XLSX export of the staff list of one municipality with its subtree, after adding
  assignments (in a transaction that is rolled back) until it holds at least 50,000
  rows: time and peak memory increase of the process (VmHWM, reset before the export).

"SQL time" is the sum of the durations of the statements of one request, measured with
a connection execute wrapper. Nothing is left behind in the database::

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/lw_bench \\
    .venv/bin/python -m bench.reports --runs 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SqlTimer:
    """Execute wrapper that counts statements and sums their durations."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


@contextmanager
def timed_sql():
    from django.db import connection

    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        yield timer


def measure(client, url: str, runs: int) -> dict:
    """Median and p95 of server and SQL time over ``runs`` requests, after 3 warm-ups."""
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    server, sql, queries = [], [], []
    for _ in range(runs):
        with timed_sql() as timer:
            start = time.perf_counter()
            response = client.get(url)
            server.append(time.perf_counter() - start)
        assert response.status_code == 200
        sql.append(timer.seconds)
        queries.append(timer.count)
    return {
        "queries": max(queries),
        "sql_ms": statistics.median(sql) * 1000,
        "median_ms": statistics.median(server) * 1000,
        "p95_ms": sorted(server)[int(0.95 * (len(server) - 1))] * 1000,
    }


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak_rss() -> None:
    """Linux: writing 5 to clear_refs resets VmHWM to the current RSS."""
    Path("/proc/self/clear_refs").write_text("5")


def login(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _export_municipality_root():
    from organisations.models import Employee, OrgUnit

    manager = Employee.objects.get(user__username="bench-manager-municipality")
    return OrgUnit.objects.filter(leaders=manager).order_by("depth").first()


def measure_export() -> dict:
    """The XLSX export of one municipality's staff list (with subtree), as a cooperation
    admin would download it; run in a fresh process so the memory figure is its own."""
    from django.urls import reverse

    root = _export_municipality_root()
    client = login("bench-admin")
    url = reverse("learning_reports:completion_matrix_unit", args=[root.pk])
    url += "?umfang=mit&export=xlsx"
    before = current_rss_mb()
    reset_peak_rss()
    start = time.perf_counter()
    with timed_sql() as timer:
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
    return {
        "seconds": time.perf_counter() - start,
        "queries": timer.count,
        "bytes": size,
        "peak_increase_mb": peak_rss_mb() - before,
    }


def export_benchmark(target_rows: int) -> dict:
    """Grow one municipality's obligations to ``target_rows``, export them as XLSX in a
    separate process, and remove the added assignments again."""
    import json
    import subprocess

    from courses.models import CoursePage
    from learning.models import Assignment, Obligation
    from learning.obligations import sync_assignment

    municipality = _export_municipality_root().municipality
    added = []
    try:
        existing = Obligation.objects.filter(municipality=municipality).current().count()
        assigned = set(
            Assignment.objects.filter(municipality=municipality).values_list("course", flat=True)
        )
        for course in CoursePage.objects.exclude(pk__in=assigned).order_by("pk"):
            if existing >= target_rows:
                break
            assignment = Assignment.objects.create(
                course=course,
                municipality=municipality,
                target=Assignment.Target.MUNICIPALITY,
                due_rule=Assignment.DueRule.AFTER_ASSIGNMENT,
                due_days=30,
            )
            added.append(assignment.pk)
            existing += len(sync_assignment(assignment))
        output = subprocess.run(
            [sys.executable, "-m", "bench.reports", "--measure-export"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        result["rows"] = existing
        return result
    finally:
        Assignment.objects.filter(pk__in=added).delete()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--export-rows", type=int, default=50_000)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--measure-export", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from learning.statistics import refresh_course_statistics
    from organisations.models import Employee, OrgUnit

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    if args.measure_export:
        import json

        print(json.dumps(measure_export()))
        return 0

    start = time.perf_counter()
    refresh_course_statistics()
    refresh_seconds = time.perf_counter() - start

    rows = []
    for username, label in (
        ("bench-manager-unit", "Completion matrix, one org unit (Amt + 2 Sachgebiete)"),
        ("bench-manager-municipality", "Completion matrix, one municipality (40 units)"),
    ):
        client = login(username)
        manager = Employee.objects.get(user__username=username)
        unit = OrgUnit.objects.filter(leaders=manager).order_by("depth").first()
        url = reverse("learning_reports:completion_matrix") + f"?einheit={unit.pk}"
        rows.append((label, measure(client, url, args.runs)))
    admin = login("bench-admin")
    rows.append(
        (
            "Course overview, cooperation-wide (aggregate)",
            measure(admin, reverse("learning_reports:course_overview"), args.runs),
        )
    )
    rows.append(
        (
            "Overdue list, cooperation-wide, first page",
            measure(admin, reverse("learning_reports:overdue"), args.runs),
        )
    )

    print(f"Runs: {args.runs} warm requests each (median / p95), in-process test client.\n")
    print("| Report | Queries | SQL median (ms) | Server median (ms) | Server p95 (ms) |")
    print("|---|---:|---:|---:|---:|")
    for label, row in rows:
        print(
            f"| {label} | {row['queries']} | {row['sql_ms']:.1f} | {row['median_ms']:.0f} "
            f"| {row['p95_ms']:.0f} |"
        )
    print(f"\nrefresh_course_statistics(): {refresh_seconds:.1f} s")
    if not args.skip_export:
        export = export_benchmark(args.export_rows)
        print(
            f"XLSX export: {export['rows']:,} rows x 8 columns, {export['seconds']:.1f} s "
            f"({export['queries']} queries), "
            f"{export['bytes'] / 1e6:.1f} MB, peak memory increase "
            f"{export['peak_increase_mb']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
