"""The quick start (`./lernwerk run`) works on SQLite with the whole demo.

The suite runs on PostgreSQL; this test migrates a throwaway SQLite database with the
quick-start settings, loads the demo and opens the main pages as the demo logins
(``tests/quickstart_pages.py``), in child processes so that nothing touches the test
database or ``var/``.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env, *args, timeout=600):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_quick_start_demo_serves_its_pages_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "LERNWERK_DEV_DATABASE": str(tmp_path / "db.sqlite3"),
        "LERNWERK_DEV_MEDIA_ROOT": str(tmp_path / "media"),
    }
    # The worker of a real quick start fills the search index; searches need it.
    for args in (("migrate", "-v", "0"), ("load_demo_data",), ("update_index", "-v", "0")):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr[-3000:]
    result = manage(
        env, "shell", "-c", "import sys, tests.quickstart_pages as q; sys.exit(q.main())"
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "0 failed" in result.stdout
