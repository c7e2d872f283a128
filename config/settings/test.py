"""Test settings: PostgreSQL from DATABASE_URL, tasks run immediately, fast hashing."""

import os
import tempfile

import dj_database_url

from .base import *  # noqa: F403
from .base import postgresql_options

DEBUG = False
SECRET_KEY = "test-only-not-secret-lernwerk"  # noqa: S105
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lernwerk"),
        conn_max_age=0,
    )
}
# As in production, so that every query of the suite runs with server-side binding.
DATABASES["default"]["OPTIONS"] = postgresql_options()

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded files go to a throwaway folder: documents are served from disk (sendfile).
MEDIA_ROOT = tempfile.mkdtemp(prefix="lernwerk-test-media-")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "organisations.search",
        "SEARCH_CONFIG": "german",
    }
}
