"""Settings shared by every environment.

Environment-specific files (dev, test, production) import this module and change only
what differs. Secrets never live here: production reads them from the environment.
"""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # Our apps; each imports only the ones below it in
    # core <- organisations <- courses <- learning <- knowledge <- handovers <- home, demo.
    "core",
    "home",
    "organisations",
    "courses",
    "learning",
    "knowledge",
    "handovers",
    "demo",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Background tasks (django-tasks backport, database backend)
    "django_tasks",
    "django_tasks_db",
    # Security
    "axes",
    "csp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.VersionsMiddleware",
    # Responses to signed-in users are personal: "Cache-Control: private, no-store".
    "organisations.middleware.PrivateResponsesMiddleware",
    "organisations.middleware.UserLanguageMiddleware",
    "organisations.middleware.IntranetLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "organisations.middleware.LernwerkCSPMiddleware",
    # Axes must come last: it turns failed logins into lockouts.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Axes first, so that locked-out username+IP pairs never reach the password check.
    # AxesBackend (rather than AxesStandaloneBackend) also inherits ModelBackend's
    # get_user, which Wagtail's test helpers need from the first backend.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Process owners (holders of an article's owner or deputy position) get access to
    # the admin for editing their articles, and only while they hold the position.
    "knowledge.reviews.StewardAdminAccessBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "organisations.context_processors.lernwerk",
            ],
        },
    },
]

# Database: SQLite is only the quick-start default; PostgreSQL is the real database
# (test and production settings require it through DATABASE_URL).
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def postgresql_options(prepare_threshold: str = "5") -> dict:
    """OPTIONS of a PostgreSQL database: parameters bound on the server, and a query
    executed ``prepare_threshold`` times on a connection prepared there (psycopg 3), so
    PostgreSQL parses and plans it once per connection instead of on every request.
    Pages run the same few queries again and again; planning the wider ones (several
    joins) costs more than running them. An empty value turns preparing off, e.g.
    behind PgBouncer in transaction mode without ``max_prepared_statements``.
    """
    threshold = prepare_threshold.strip()
    return {
        "server_side_binding": True,
        "prepare_threshold": int(threshold) if threshold else None,
    }


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a working day of inactivity and when the browser closes: shared
# workstations in town halls are common. An active session's expiry moves forward at
# most every ten minutes (core.middleware.SessionRefreshMiddleware), not on every request.
SESSION_COOKIE_AGE = 60 * 60 * 9
SESSION_REFRESH_INTERVAL = 10 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Internationalisation: German first, English switchable per user.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "lernwerk_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor of a long course can exceed Django's default of 1000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# CSV uploads are read into memory; 5 MB holds ~50,000 employees.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: console in development, SMTP in production (see production.py).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Lernwerk <lernwerk@localhost>"

# Background tasks: django-tasks with the database backend; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Lernwerk"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# No Gravatar: it would send hashes of staff e-mail addresses outside, and the CSP
# blocks the images anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's database backend, with search text made safe (NUL bytes, quotes on SQLite).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "organisations.search",
        "SEARCH_CONFIG": "german",
    }
}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "ods",
    "pdf",
    "pptx",
    "txt",
    "vtt",
    "xlsx",
    "mp4",
    "webm",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
# Documents are internal: serve them through Django so the login check applies.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# The default cache is each worker's memory, keyed with the site version (core.cache):
# Wagtail's site root paths and other site-wide facts cost no query. Counters every
# worker must share (rate limits) use "shared"; production points it at the database.
CACHES = {
    "default": {"BACKEND": "core.cache.SiteVersionedLocMemCache", "LOCATION": "lernwerk"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# Login throttling (django-axes): staff of one town hall share one IP address, so a
# lockout applies to the pair of username and IP, never to the IP alone.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Unlocking happens in the Wagtail admin (organisations.views.LoginLockViewSet).
AXES_ENABLE_ADMIN = False

# Content-Security-Policy (django-csp 4). Our own templates use no inline script or
# style; the Wagtail admin gets the looser policy its templates need (see
# organisations.middleware.LernwerkCSPMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# URL prefixes that are the Wagtail admin (page previews render inside it).
ADMIN_URL_PREFIXES = ("/admin/",)

# Lernwerk's own settings
LERNWERK_FEEDBACK_EMAIL = "barrierefreiheit@lernwerk.example"

# Periodic work: management commands and when they are due, as "HH:MM" (daily, local
# time) or a timedelta (interval). Production runs them from cron or systemd timers, small
# installs with `manage.py run_scheduler` (see docs/operations.md).
LERNWERK_PERIODIC_COMMANDS = [
    # Close the accounts of staff whose leaving date has passed.
    ("deactivate_leavers", "01:30"),
    # Delete finished task results after 14 days, failed ones after 60 (kept for analysis).
    ("prune_db_task_results --min-age-days 14 --failed-min-age-days 60", "03:15"),
    # Mandatory trainings: "assigned to you", reminders, overdue notices, weekly digest.
    ("send_training_notifications", "06:30"),
    # Delete learning records past their retention period (docs/privacy.md).
    ("apply_retention", "02:30"),
    # Cooperation-wide figures of the course overview report.
    ("refresh_course_statistics", timedelta(hours=1)),
    # Remind process owners of articles due for review.
    ("send_review_reminders", "06:45"),
    # Re-queue tasks whose worker died (LERNWERK_TASK_STALE_AFTER); runs without a worker.
    ("requeue_stale_tasks", timedelta(minutes=10)),
    # Delete uploaded staff files and their error lists (LERNWERK_IMPORT_RETENTION_DAYS).
    ("prune_employee_imports", "03:45"),
]

# Staff import: uploaded files and their per-line errors are deleted this many days after
# the upload (docs/privacy.md); the counts of each run stay.
LERNWERK_IMPORT_RETENTION_DAYS = 30
# A task still "running" this long after it started is taken for the task of a dead
# worker (docs/operations.md): re-queued, and failed after this many attempts in all.
LERNWERK_TASK_STALE_AFTER = timedelta(hours=1)
LERNWERK_TASK_MAX_ATTEMPTS = 3

# Public certificate check: at most this many lookups per client address and window
# (lookups, seconds); more get HTTP 429. Counted in the default cache.
LERNWERK_VERIFY_RATE_LIMIT = (20, 600)

# Mandatory training (learning.obligations, learning.notifications). Every one of these is
# part of the service agreement with the staff council: see docs/privacy.md.
# An open training counts as "due soon" this many days before its due date.
LERNWERK_DUE_SOON_DAYS = 14
# Reminder e-mails go out this many days before the due date (one per due date).
LERNWERK_REMINDER_DAYS_BEFORE = 14
# Managers get the digest of overdue staff on this weekday (0 = Monday).
LERNWERK_DIGEST_WEEKDAY = 0
# Aggregates of voluntary learning are hidden for groups of fewer people than this.
LERNWERK_MIN_GROUP_SIZE = 5
# Quiz attempts and module progress are deleted this many months after the course was
# completed; completions and certificates this many years after the employee left.
LERNWERK_RETENTION_PROGRESS_MONTHS = 12
LERNWERK_RETENTION_COMPLETIONS_YEARS = 3

# Knowledge articles: owners are reminded this many days before the next review date.
KNOWLEDGE_REVIEW_REMINDER_DAYS = 14
