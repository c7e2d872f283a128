"""Throughput and latency of progress recording under concurrent load.

Fills a benchmark database with ``--rows`` existing progress rows (default 1,000,000:
25,000 learners x 40 modules of one course), then lets ``--workers`` processes record
visits and completions through ``learning.progress`` (the code path of the views and of
the page-serve hook) for random learner/module pairs, each operation in autocommit as in
a request. Prints operations per second and latency percentiles, plus the server's
``fsync`` and ``synchronous_commit`` settings, since durability is what costs here::

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lernwerk \\
    python -m bench.progress_recording --workers 4 --seconds 20

The database ``<NAME>_bench_progress`` is created, migrated and dropped again.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULES = 40


def build(rows: int) -> dict:
    """One course with ``MODULES`` modules, ``rows // MODULES`` learners, ``rows`` rows."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from courses.tests.factories import make_course, make_course_index, many_modules, section_of
    from organisations.tests.factories import make_municipality

    make_municipality("Blomberg", slug="blomberg")
    course = make_course(make_course_index(section_of(None)), "E-Akte")
    modules = many_modules(course, MODULES, estimated_minutes=10)
    learners = rows // MODULES
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"lerner{n:06d}", password="!") for n in range(learners)],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO learning_moduleprogress
                (user_id, module_id, course_id, status, first_visit_at, last_visit_at,
                 completed_at)
            SELECT u.id, m.id, %s, s.status, now() - interval '30 days', now(),
                   CASE WHEN s.status = 2 THEN now() END
            FROM auth_user u
            CROSS JOIN unnest(%s::int[]) AS m(id)
            CROSS JOIN LATERAL (SELECT (random() * 2)::int AS status) s
            WHERE u.username LIKE 'lerner%%'
            """,
            [course.pk, [module.pk for module in modules]],
        )
        # Measure the steady state, not the aftermath of the bulk load: vacuum the new
        # table and flush the dirty pages now, instead of during the measurement.
        cursor.execute("VACUUM ANALYZE learning_moduleprogress")
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT count(*) FROM learning_moduleprogress")
        count = cursor.fetchone()[0]
        cursor.execute("SELECT min(id), max(id) FROM auth_user WHERE username LIKE 'lerner%%'")
        first_user, last_user = cursor.fetchone()
    return {
        "module_ids": [module.pk for module in modules],
        "users": (first_user, last_user),
        "rows": count,
    }


def worker(args) -> list[float]:
    """Record for ``seconds``; returns the latency of each operation in milliseconds."""
    module_ids, (first_user, last_user), seconds, seed = args
    from django.contrib.auth import get_user_model

    from courses.models import ModulePage
    from learning.progress import complete_module, record_visit

    rng = random.Random(seed)
    modules = {module.pk: module for module in ModulePage.objects.filter(pk__in=module_ids)}
    User = get_user_model()
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        user = User(pk=rng.randint(first_user, last_user), username="lerner")
        module = modules[rng.choice(module_ids)]
        module.__dict__.pop("course", None)  # looked up per request, as in a view
        start = time.perf_counter()
        if rng.random() < 0.7:
            record_visit(user, module)
        else:
            complete_module(user, module)
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def run(rows: int, workers: int, seconds: float) -> str:
    from django.db import connection, connections

    started = time.perf_counter()
    data = build(rows)
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        fsync = cursor.fetchone()[0]
        cursor.execute("SHOW synchronous_commit")
        synchronous_commit = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    connections.close_all()  # each worker process opens its own connection
    jobs = [(data["module_ids"], data["users"], seconds, n) for n in range(workers)]
    context = multiprocessing.get_context("fork")
    wall = time.perf_counter()
    with context.Pool(workers) as pool:
        results = pool.map(worker, jobs)
    wall = time.perf_counter() - wall
    latencies = sorted(ms for result in results for ms in result)
    cuts = statistics.quantiles(latencies, n=100)
    return "\n".join(
        [
            f"Measured on {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, "
            f"PostgreSQL {version} (fsync={fsync}, synchronous_commit={synchronous_commit}), "
            f"load {os.getloadavg()[0]:.1f}; data built in {built:.0f} s.",
            "",
            "| Existing rows | Workers | Operations | Ops/s | Median (ms) | p95 (ms) | p99 (ms) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {data['rows']:,} | {workers} | {len(latencies):,} | "
            f"{len(latencies) / wall:.0f} | {statistics.median(latencies):.1f} | "
            f"{cuts[94]:.1f} | {cuts[98]:.1f} |",
            "",
            "Mix: 70 % visits (`record_visit`), 30 % completions (`complete_module`, "
            "including the course-completion check with its row lock).",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection

    settings = connection.settings_dict
    settings.setdefault("TEST", {})["NAME"] = f"{settings['NAME']}_bench_progress"
    print(f"Creating and migrating {settings['TEST']['NAME']} …", file=sys.stderr)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        report = run(args.rows, args.workers, args.seconds)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
