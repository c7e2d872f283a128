"""Staff import benchmark: 50,000 new people into one municipality, then the same file again.

Builds the cooperation of the reports data set without its learning records
(``bench/generate_data.py``: 50 municipalities through ``Municipality.save``, 2,000 org
units, 7,000 positions, 50,000 existing staff, the shared catalogue and the 20
assignments; seven of them in Lindenhausen), writes a CSV of ``--people`` new people of
Lindenhausen (every column, paths from the top unit, a leader per unit, 1 % leaving in
the future, 2 % left already) and runs it as an admin upload does: an ``EmployeeImport``
run by ``run_upload`` in a fresh worker process, whose peak RSS is reported. Then the same
file a second time (nothing changes).

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lernwerk \\
    .venv/bin/python -m bench.staff_import [--people 50000] [--in-place]

By default in a database of its own (``<NAME>_bench_import``, created, migrated and
dropped); ``--in-place`` uses the configured database and, since the worker process must
see the data, does not roll it back: use a scratch database. ``measure`` is what the
test suite calls at tiny scale (``tests/test_bench_staff_import.py``).

``--sqlite-concurrency ROWS`` instead runs the quick-start check: on the configured SQLite
database (``config.settings.dev``), one thread imports ROWS people while another logs in
and opens pages; every response must be 200 (``tests/test_import_sqlite_concurrency.py``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time

from bench._harness import ROOT, parser_for, run_with_data, setup_django
from bench.generate_data import SCALES, Town

LEAVING_SHARE, LEFT_SHARE = 0.01, 0.02


def unit_paths(town: Town) -> list[tuple[tuple[str, ...], object]]:
    """Every unit of the town with its path of names from the top unit."""
    found = []

    def walk(unit, names):
        names = (*names, unit.name)
        found.append((names, unit))
        for child in unit.children:
            walk(child, names)

    walk(town.root, ())
    return found


def staff_csv(town: Town, people: int, today: datetime.date, first_number: int = 900_000) -> bytes:
    """New people of ``town`` as an HR export would list them (semicolons, German dates)."""
    from bench.generate_data import FIRST_NAMES, LAST_NAMES, ascii_name

    rng = random.Random(20260610)
    units = unit_paths(town)
    weights = [{"root": 1, "department": 4, "office": 15, "team": 80}[u.kind] for _p, u in units]
    slug = town.municipality.slug
    lines = [
        "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle;Eintrittsdatum;"
        "Austrittsdatum;Führungskraft"
    ]
    led = set()
    for n in range(people):
        names, unit = rng.choices(units, weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        number = first_number + n
        email = f"{ascii_name(first)}.{ascii_name(last)}.{number}@{slug}.example".lower()
        position = rng.choice(unit.positions[1:] or unit.positions).title
        leader = id(unit) not in led
        if leader:
            led.add(id(unit))
            position = unit.positions[0].title
        entry = today - datetime.timedelta(days=rng.randrange(400, 9000))
        leaving = ""
        share = rng.random()
        if share < LEFT_SHARE:
            leaving = (today - datetime.timedelta(days=rng.randrange(1, 300))).strftime("%d.%m.%Y")
        elif share < LEFT_SHARE + LEAVING_SHARE:
            leaving = (today + datetime.timedelta(days=rng.randrange(1, 180))).strftime("%d.%m.%Y")
        lines.append(
            f"{number};{first};{last};{email};{' > '.join(names)};{position};"
            f"{entry:%d.%m.%Y};{leaving};{'ja' if leader else ''}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def build(scale_name: str) -> tuple[list[Town], object]:
    """The cooperation without learning records; returns the towns and the admin."""
    from django.db import transaction
    from django.utils import timezone

    from bench.generate_data import (
        create_assignments,
        create_courses,
        create_municipalities,
        create_staff,
        create_units,
    )

    scale = SCALES[scale_name]
    today = timezone.localdate()
    with transaction.atomic():
        towns = create_units(scale, create_municipalities(scale))
        people = create_staff(scale, towns, today)
        courses = create_courses(scale)
        create_assignments(scale, towns, courses, people["admin"], today)
    return towns, people["admin"]


def run_in_worker(import_id: int) -> dict:
    """``run_upload`` in a fresh process, as the worker would; its time and peak RSS."""
    from django.db import connection

    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    done = subprocess.run(
        [sys.executable, "-m", "bench.staff_import", "--worker", str(import_id)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


#: As in production: invitations go to the task table, the worker sends them later.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def worker(import_id: int) -> dict:
    from django.test import override_settings

    from organisations.importing.uploads import run_upload

    start = time.perf_counter()
    with override_settings(TASKS=DATABASE_TASKS):
        status = run_upload(import_id)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"status": status, "seconds": round(seconds, 2), "peak_rss_mb": round(peak_kb / 1024)}


def measure(people: int, *, scale: str = "full", in_process: bool = False, out=print) -> list[dict]:
    """Build, import ``people`` new people, import the same file again; one row per run."""
    from django.utils import timezone

    from organisations.models import Employee, EmployeeImport

    start = time.perf_counter()
    towns, admin = build(scale)
    out(f"Data built in {time.perf_counter() - start:.1f} s")
    town = towns[0]
    data = staff_csv(town, people, timezone.localdate())
    out(f"{people} rows, {len(data) / 1024 / 1024:.1f} MB")
    rows = []
    for label in ("new people", "same file again"):
        run = EmployeeImport.objects.create(
            municipality=town.municipality, uploaded_by=admin, file_name="bench.csv", data=data
        )
        figures = worker(run.pk) if in_process else run_in_worker(run.pk)
        run.refresh_from_db()
        if run.status != EmployeeImport.Status.DONE:
            raise RuntimeError(f"{label}: {run.status} {run.errors[:5]}")
        figures.update(label=label, summary=run.summary, counts=run.counts)
        rows.append(figures)
        out(f"{label}: {figures['seconds']} s, peak RSS {figures['peak_rss_mb']} MB: {run.summary}")
    assert Employee.objects.filter(municipality=town.municipality).count() >= people
    return rows


def report(rows: list[dict], people: int) -> str:
    load = os.getloadavg()
    lines = [
        f"Staff import, {people:,} people, {datetime.date.today()}, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "",
        "| Run | Seconds | Worker peak RSS (MB) | Result |",
        "|---|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['seconds']} | {row['peak_rss_mb']} | {row['summary']} |"
        )
    return "\n".join(lines)


# --- SQLite: importing while others log in ---------------------------------------------


def sqlite_concurrency(rows: int, out=print) -> dict:
    """One thread imports ``rows`` people; another logs in and opens pages meanwhile.

    Returns the status codes seen. On the quick start's SQLite (WAL, immediate
    transactions, 20 s timeout) the import's short write phase must not make a login
    or page fail.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from organisations.importing import import_employees
    from organisations.models import Municipality, OrgUnit
    from organisations.tests.factories import make_employee

    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    municipality = Municipality.objects.create(name="Sqlitehausen", slug="sqlitehausen")
    root = OrgUnit.add_root(instance=OrgUnit(municipality=municipality, name="Stadt Sqlitehausen"))
    clerk = make_employee(municipality=municipality, unit=root, personnel_number="1")
    clerk.user.set_password("lernwerk-sqlite")
    clerk.user.save()
    lines = ["Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle;Eintrittsdatum"]
    for n in range(rows):
        lines.append(
            f"{10_000 + n};Vor{n};Nach{n};p{n}@sqlitehausen.example;"
            f"Stadt Sqlitehausen > Amt {n % 20} > Team {n % 3};Sachbearbeitung;01.02.2020"
        )
    data = ("\r\n".join(lines) + "\r\n").encode()
    result, failure = {}, []

    def run_import():
        try:
            start = time.perf_counter()
            result["summary"] = import_employees(data, municipality).summary()
            result["seconds"] = round(time.perf_counter() - start, 1)
        except BaseException as error:  # reported by the main thread
            failure.append(repr(error))
        finally:
            connection.close()

    thread = threading.Thread(target=run_import)
    statuses: dict[str, int] = {}
    thread.start()
    requests = 0
    while thread.is_alive() or requests < 3:
        client = Client()
        login = client.post(
            reverse("login"),
            {"username": clerk.user.username, "password": "lernwerk-sqlite"},
        )
        key = "login ok" if login.status_code == 302 else f"login {login.status_code}"
        statuses[key] = statuses.get(key, 0) + 1
        for url in ("/", reverse("profile")):
            status = str(client.get(url).status_code)
            statuses[status] = statuses.get(status, 0) + 1
        requests += 1
    thread.join()
    people = get_user_model().objects.filter(employee__municipality=municipality).count()
    outcome = {"statuses": statuses, "people": people, "failure": failure, **result}
    out(json.dumps(outcome, ensure_ascii=False))
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = parser_for(__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-concurrency", type=int, metavar="ROWS")
    args = parser.parse_args(argv)
    setup_django()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    if args.sqlite_concurrency:
        outcome = sqlite_concurrency(args.sqlite_concurrency)
        bad = {k: v for k, v in outcome["statuses"].items() if k not in ("200", "login ok")}
        return 1 if bad or outcome["failure"] else 0

    def run() -> str:
        rows = measure(args.people, out=lambda line: print(line, file=sys.stderr))
        return report(rows, args.people)

    print(
        run()
        if args.in_place
        else run_with_data(run, in_place=False, database_suffix="bench_import")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
