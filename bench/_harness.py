"""What the page benchmarks share: their command line, Django set-up, and where the
generated data lives (a benchmark database of its own, or the configured one rolled
back at the end)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parser_for(doc: str) -> argparse.ArgumentParser:
    """``--in-place`` and ``--show-queries``; the script adds its own options."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="use the configured database and roll back, instead of a benchmark database",
    )
    parser.add_argument(
        "--show-queries",
        action="store_true",
        help="print the SQL of each page's measured request to stderr",
    )
    return parser


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def run_with_data(run: Callable[[], str], *, in_place: bool, database_suffix: str) -> str:
    """Run a benchmark whose data must not stay behind; returns its report.

    By default in ``<NAME>_<suffix>``, created, migrated and dropped again; with
    ``in_place`` in the configured, migrated database inside a rolled-back transaction.
    """
    from django.db import connection, transaction

    if in_place:
        with transaction.atomic():
            report = run()
            transaction.set_rollback(True)
        return report
    settings = connection.settings_dict
    settings.setdefault("TEST", {})["NAME"] = f"{settings['NAME']}_{database_suffix}"
    print(f"Creating and migrating {settings['TEST']['NAME']} …", file=sys.stderr)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
