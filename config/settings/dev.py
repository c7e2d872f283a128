"""Quick-start settings: SQLite (WAL mode), debug, mails on the console."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, MEDIA_ROOT

# The quick-start check of the test suite (tests/test_quickstart.py) runs this
# configuration on a throwaway database and media folder.
MEDIA_ROOT = os.environ.get("LERNWERK_DEV_MEDIA_ROOT", MEDIA_ROOT)

DEBUG = True
SECRET_KEY = "dev-only-not-secret-lernwerk"  # noqa: S105 - never used in production
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("LERNWERK_DEV_DATABASE", BASE_DIR / "var" / "db.sqlite3"),
        # The worker and the web server write at the same time; WAL lets readers go on
        # while one writes, and the timeout waits out short write locks.
        "OPTIONS": {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        },
    }
}
