"""On the quick start's SQLite, a big staff import does not break other people's logins.

The import checks its file outside any transaction and writes in one short set-based
transaction, so logins and pages (which write sessions and ``last_login``) wait at most
for the write phase, within SQLite's busy timeout. Runs ``bench/staff_import.py
--sqlite-concurrency`` in a child process on a throwaway file database with the quick-start
settings (``config.settings.dev``), as ``tests/test_quickstart.py`` does.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_5000_row_import_on_sqlite_while_someone_logs_in_and_opens_pages(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "LERNWERK_DEV_DATABASE": str(tmp_path / "db.sqlite3"),
        "LERNWERK_DEV_MEDIA_ROOT": str(tmp_path / "media"),
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]

    run = subprocess.run(
        [sys.executable, "-m", "bench.staff_import", "--sqlite-concurrency", "5000"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["failure"] == [], outcome
    assert outcome["people"] == 5001
    assert set(outcome["statuses"]) == {"200", "login ok"}, outcome["statuses"]
    assert run.returncode == 0, run.stderr[-3000:]
