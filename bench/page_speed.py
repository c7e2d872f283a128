"""Page speed under gunicorn: Lernwerk's pages next to a bare Wagtail page and the lesson
page of wagtail-lms, measured with wrk in the same rounds (issue 14).

The machine the figures come from is shared and noisy, so a time on its own says little;
a ratio to a reference measured minutes apart on the same machine says more. That is why
one run prepares and serves both sites and takes turns between their pages:

1. The peer site of ``../shared/peer-bench`` (a bare Wagtail 8 page and a wagtail-lms
   0.11.1 lesson with the same ~800 words), prepared as its ``setup_and_bench.sh`` does:
   virtualenv ``/tmp/peer-venv`` with the pinned versions, ``site/`` copied to a
   temporary folder, database migrated, content seeded, queries counted. Its database
   lies on the PostgreSQL server of ``DATABASE_URL``.
2. Lernwerk in a database of its own (``<NAME>_bench_pages``): migrated, the demo loaded,
   and staff added until at least ``--users`` employees of Blomberg can sign in, each
   with some progress, a completion and an obligation; one of them takes over the
   demo's handover. Every employee gets a session, as a login would leave behind.
3. Both served by gunicorn (2 sync workers, DEBUG off; Lernwerk with its production
   settings), then measured with wrk (``bench/page_speed.lua``) at each of ``--conns``,
   page by page in ``--rounds`` rounds of ``--duration`` seconds. Requests to
   Lernwerk rotate over all signed-in employees, so whatever is kept per person is as
   cold as in real use.

It prints a Markdown table: queries of one warm request (Django test client with the
cache configuration of the production settings), median latency (p50) per connection
count, throughput, and the ratios the issue sets targets for::

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lernwerk \\
    python -m bench.page_speed [--duration 10] [--rounds 3] [--conns "1 4"]

Both gunicorns are stopped and both databases dropped at the end, after an error or
Ctrl-C too, unless ``--keep`` is given. ``--in-place`` uses the configured database
instead of creating one and leaves what it added there (the servers must see the data,
so nothing can be rolled back): use a scratch database.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import importlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

from bench._harness import ROOT, setup_django

LUA_SCRIPT = ROOT / "bench" / "page_speed.lua"
PEER_BENCH = ROOT.parent / "shared" / "peer-bench"
PEER_VENV = Path("/tmp/peer-venv")
#: What ``setup_and_bench.sh`` installs into the peer's virtualenv, and how it checks it.
PEER_REQUIREMENTS = [
    "wagtail-lms==0.11.1",
    "wagtail==8.0.1",
    "django==5.2.*",
    "gunicorn",
    "psycopg[binary]",
]
PEER_VERSION_CHECK = """
from importlib.metadata import version
assert version("wagtail-lms") == "0.11.1"
assert version("wagtail") == "8.0.1"
assert version("django").startswith("5.2.")
version("gunicorn"); version("psycopg"); version("psycopg-binary")
"""
#: The peer's pages say who is signed in; its learner is called "learner".
PEER_SIGNED_IN = "Signed in as learner"

#: The demo municipality whose staff sign in.
MUNICIPALITY = "blomberg"
#: Personnel numbers of the staff this script adds (the demo's Blomberg numbers are 10xxx),
#: so a second run on a kept database finds them instead of adding more.
PERSONNEL_PREFIX = "18"
FIRST_NAMES = (
    "Alexander Andreas Birgit Carina Christian Daniela Dirk Elke Fabian Franziska Gabriele "
    "Hannah Heike Ingo Jan Jessica Kerstin Lea Manfred Marie Markus Nicole Olaf Patrick "
    "Rainer Sandra Silke Timo Ursula Yvonne"
).split()
LAST_NAMES = (
    "Albrecht Baumann Dietrich Engel Franke Frey Graf Hahn Heinrich Horn Jung Keller Kraus "
    "Lorenz Ludwig Marx Peters Pohl Sommer Thiel Vogt Winkler Ziegler"
).split()
#: A word of the demo catalogue that finds courses and module texts.
SEARCH_TERM = "Datenschutz"
#: The module the issue measures has about this many words and a quiz.
MODULE_WORDS = 850

#: Targets of issue 14.
MAX_RATIO_TO_BARE = 1.5
MAX_RATIO_TO_LESSON = 0.77
MIN_MODULE_THROUGHPUT = 0.70
MAX_QUERIES = {"module": 10, "course": 10, "article": 10, "start": 10, "catalogue": 8, "search": 8}
#: Pages whose p50 is compared with the wagtail-lms lesson.
LESSON_PEERS = ("module", "course", "article")


@dataclass
class Result:
    """One wrk run of one page, as printed by ``page_speed.lua``."""

    requests: int
    seconds: float
    p50_ms: float
    not_200: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


@dataclass
class Page:
    """A page to measure, with its rounds; ``key`` names it in files and targets."""

    key: str
    label: str
    server: Server
    path: str
    #: One Cookie header per person who opens the page, taken in turn.
    cookies: list[str]
    #: Text that proves the page shows what it should (already HTML-escaped).
    expect: str
    queries: int | None = None
    results: dict[int, list[Result]] = field(default_factory=dict)

    def p50(self, conns: int) -> float:
        return statistics.median(r.p50_ms for r in self.results[conns])

    def rps(self, conns: int) -> float:
        return statistics.median(r.rps for r in self.results[conns])


# --- Servers and databases ------------------------------------------------------------------


class Server:
    """A gunicorn of ours: started in a session of its own, so Ctrl-C reaches only this
    script, which then stops the server by its pid (never by name: other people's
    servers run on the same machine)."""

    def __init__(self, name: str, argv: list[str], *, cwd: Path, env: dict, log: Path):
        self.name, self.argv, self.cwd, self.env, self.log = name, argv, cwd, env, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        #: What every page of this server shows a signed-in person only.
        self.signed_in = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        argv = [*self.argv, "--workers", "2", "--worker-class", "sync"]
        argv += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                argv, cwd=self.cwd, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name}: gunicorn exited.\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                say(f"{self.name}: gunicorn (pid {self.process.pid}) on {self.base_url}")
                return
            time.sleep(0.2)
        raise SystemExit(f"{self.name}: gunicorn did not answer within 60 s.")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        say(f"{self.name}: gunicorn stopped (pid {self.process.pid})")
        errors = [line for line in self.log.read_text().splitlines() if "Traceback" in line]
        if errors:
            say(f"{self.name}: the server log has {len(errors)} tracebacks: {self.log}")

    def get(self, path: str, cookie: str) -> tuple[int, str]:
        """One request as wrk sends it (no redirects followed: a login page is a failure)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                "GET", path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"}
            )
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def say(message: str) -> None:
    """Progress goes to stderr, so stdout holds nothing but the report."""
    print(message, file=sys.stderr, flush=True)


def server_params() -> dict:
    """How to reach the PostgreSQL server of ``DATABASE_URL``."""
    from django.db import connection

    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    if host not in ("127.0.0.1", "localhost"):
        # The peer's settings connect to 127.0.0.1 only (PEER_PGPORT is their one knob).
        raise SystemExit(
            f"DATABASE_URL must point to 127.0.0.1 (the peer site needs it), not {host}."
        )
    return {
        "host": "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
    }


def recreate_database(name: str, params: dict) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str, params: dict) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    say(f"dropped database {name}")


# --- The peer site ----------------------------------------------------------------------------


class PeerSite:
    """``../shared/peer-bench`` as its ``setup_and_bench.sh`` prepares it, on our server."""

    def __init__(self, source: Path, work: Path, database: str, params: dict):
        self.source, self.site = source, work / "peer-site"
        self.database, self.params = database, params
        self.python = PEER_VENV / "bin" / "python"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PYTHONPATH")
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="peersite.settings",
            PEER_DB=database,
            PEER_PGPORT=params["port"],
        )
        self.seed: dict = {}
        self.queries: dict = {}

    def prepare(self) -> None:
        self.ensure_venv()
        shutil.copytree(self.source / "site", self.site)
        recreate_database(self.database, self.params)
        say(f"peer: database {self.database}, site {self.site}")
        self.run("manage.py", "makemigrations", "barepage", "-v0")
        self.run("manage.py", "migrate", "--noinput", "-v0")
        self.run("manage.py", "collectstatic", "--noinput", "-v0")
        self.run("peer_seed.py")
        self.run("peer_queries.py")
        self.seed = json.loads((self.site / "seed.json").read_text())
        self.queries = json.loads((self.site / "queries.json").read_text())

    def ensure_venv(self) -> None:
        """Reuse ``/tmp/peer-venv`` when it has the pinned versions, else install them."""
        if not self.python.exists():
            python3 = shutil.which("python3") or sys.executable
            subprocess.run([python3, "-m", "venv", str(PEER_VENV)], check=True)
        check = subprocess.run([self.python, "-c", PEER_VERSION_CHECK], capture_output=True)
        if check.returncode != 0:
            say(f"peer: installing {' '.join(PEER_REQUIREMENTS)} into {PEER_VENV}")
            pip = [str(PEER_VENV / "bin" / "pip"), "install", "-q", *PEER_REQUIREMENTS]
            subprocess.run(pip, check=True, stdout=sys.stderr)

    def run(self, *args: str) -> None:
        subprocess.run(
            [self.python, *args], cwd=self.site, env=self.env, check=True, stdout=sys.stderr
        )

    def versions(self) -> str:
        code = (
            "from importlib.metadata import version as v; print(', '.join(f'{p} {v(p)}' "
            "for p in ('wagtail-lms', 'wagtail', 'django', 'gunicorn', 'psycopg')))"
        )
        return subprocess.run(
            [self.python, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()

    def pages(self, server: Server) -> list[Page]:
        """The bare page and the lesson, opened by the seeded learner (with a CSRF
        cookie, like every person of this benchmark)."""
        cookie = f"sessionid={self.seed['sessionid']}; csrftoken={csrf_cookie()}"
        return [
            Page(
                key,
                label,
                server,
                self.seed[f"{key}_url"],
                [cookie],
                html.escape(self.seed[f"{key}_title"]),
                self.queries[key]["queries"],
            )
            for key, label in (("bare", "bare Wagtail page"), ("lesson", "wagtail-lms lesson"))
        ]

    def server(self, work: Path) -> Server:
        server = Server(
            "peer",
            [str(PEER_VENV / "bin" / "gunicorn"), "peersite.wsgi:application"],
            cwd=self.site,
            env=self.env,
            log=work / "peer-gunicorn.log",
        )
        server.signed_in = PEER_SIGNED_IN
        return server


# --- Lernwerk: data ---------------------------------------------------------------------------


@contextlib.contextmanager
def lernwerk_database(*, in_place: bool, keep: bool, params: dict):
    """Lernwerk's database: ``<NAME>_bench_pages`` (created, migrated, dropped unless
    ``keep``), or the configured one as it is.

    Created as the test runner creates its database; dropped by name, so a run stopped
    during the migrations leaves nothing behind either (``destroy_test_db`` would drop
    the configured database when the switch to the new one has not happened yet)."""
    from django.db import connection

    if in_place:
        yield connection.settings_dict["NAME"]
        return
    settings = connection.settings_dict
    name = settings.setdefault("TEST", {})["NAME"] = f"{settings['NAME']}_bench_pages"
    say(f"lernwerk: creating and migrating {name} …")
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        yield name
    finally:
        connection.close()
        if keep:
            say(f"kept database {name}")
        else:
            drop_database(name, params)


def load_demo() -> None:
    from django.core.management import call_command

    call_command("load_demo_data", allow_production=True, stdout=sys.stderr)


def add_staff(municipality, users: int) -> list:
    """Employees of ``municipality`` until ``users`` of them can sign in.

    The demo's people come first (their roles give the mix a real town hall has: a
    manager, a trainer, an editor, an admin); the added ones hold the posts without a
    leading role. Each added person has completed one short course, has started another
    one and owes the municipality's mandatory training, so "Mein Lernen" shows all its
    boxes.
    """
    from demo.organisations import email_address
    from organisations.models import Employee, Position
    from organisations.tests.factories import make_employee, make_user

    staff = Employee.objects.filter(municipality=municipality, user__is_active=True).active()
    staff = staff.select_related("user").order_by("personnel_number")
    existing = list(staff)
    missing = users - len(existing)
    if missing <= 0:
        return existing
    posts = list(
        Position.objects.filter(org_unit__municipality=municipality)
        .exclude(title__startswith="Leitung")
        .select_related("org_unit")
        .order_by("pk")
    )
    numbers = set(staff.values_list("personnel_number", flat=True))
    added = []
    n = 0
    while len(added) < missing:
        n += 1
        number = f"{PERSONNEL_PREFIX}{n:03d}"
        if number in numbers:
            continue
        first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
        post = posts[n % len(posts)]
        email = email_address(first, last, f"{municipality.slug}.example")
        user = make_user(
            username=email,
            email=email,
            first_name=first,
            last_name=last,
        )
        added.append(
            make_employee(
                municipality,
                unit=post.org_unit,
                position=post,
                user=user,
                personnel_number=number,
                entry_date=date(1995 + n % 30, 1 + n % 12, 1),
            )
        )
    give_learning_records(municipality, added)
    return existing + added


def give_learning_records(municipality, employees: list) -> None:
    """A completed course, a started one and an obligation each, through the functions
    the pages use, so the records are what real use leaves behind."""
    from django.db.models import Q

    from courses.models import CoursePage
    from demo.progress import work_through
    from learning.models import Obligation
    from learning.progress import record_visit
    from learning.tests.factories import make_assignment
    from organisations.models import SectionPage

    sections = SectionPage.objects.filter(
        Q(municipality=municipality) | Q(municipality__isnull=True)
    )
    courses = []
    for course in CoursePage.objects.live().order_by("path"):
        if any(course.path.startswith(section.path) for section in sections):
            modules = [m.specific for m in course.modules() if not m.optional]
            if modules:
                courses.append((course, modules))
    courses.sort(key=lambda pair: len(pair[1]))
    if len(courses) < 3:
        raise SystemExit("The demo has fewer than three courses with modules.")
    for n, employee in enumerate(employees):
        done, started = courses[n % 2], courses[2 + n % (len(courses) - 2)]
        for module in done[1]:
            work_through(employee.user, module)
        work_through(employee.user, started[1][0])
        if len(started[1]) > 1:
            record_visit(employee.user, started[1][1])
    owing = Obligation.objects.filter(employee__in=employees).values("employee").distinct()
    if owing.count() < len(employees):
        # No assignment for the whole municipality in the demo: add one, as HR would.
        make_assignment(courses[-1][0], municipality)


def give_handover(municipality, staff: list):
    """The demo's open handover, with a successor, so its page has several readers.

    Usually the first person added on the leaver's post has become successor already
    (``handovers.signals``: whoever takes the post takes over). Should the demo have no
    open handover, the last person added gets a leaving date, which starts one; a
    handover still without successor gets the last other person as successor."""
    from django.utils import timezone

    from handovers.models import Handover
    from handovers.services import assign_successor, manages

    def open_handover():
        handovers = Handover.objects.filter(leaver__municipality=municipality)
        return handovers.filter(completed_at__isnull=True).order_by("pk").first()

    handover = open_handover()
    if handover is None:
        leaver = staff[-1]
        leaver.leaving_date = timezone.localdate() + timedelta(days=30)
        leaver.save()  # handovers.signals start the handover
        handover = open_handover()
        if handover is None:
            raise SystemExit("No handover could be started in the demo.")
    if handover.successor_id is None:
        successor = next(e for e in reversed(staff) if e.pk != handover.leaver_id)
        manager = next((e.user for e in staff if manages(e.user, handover)), None)
        assign_successor(handover, successor, by=manager)
    return handover


def sign_in(user) -> str:
    """The Cookie header of a browser after logging in: the session a login stores
    (what ``Client.force_login`` writes, with the backend a password login records) and
    a CSRF cookie, which a browser sends back, so no response has to set a new one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_cookie()}"
    )


def csrf_cookie() -> str:
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    return get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


def words_of(module) -> int:
    from django.utils.html import strip_tags

    return len(strip_tags(str(module.body.render_as_block())).split())


def lernwerk_pages(
    server: Server, staff: list, everybody: list[str], handover
) -> tuple[list[Page], str]:
    """The pages of the issue, picked from the demo, with the Cookie headers of the
    people who open them; returns them and a note on what was picked."""
    from django.db.models import Q
    from django.urls import reverse

    from courses.models import CourseIndexPage, CoursePage, ModulePage
    from handovers.models import Handover
    from knowledge.models import KnowledgeIndexPage, ProcessArticlePage
    from organisations.models import SectionPage

    shared = SectionPage.objects.get(municipality__isnull=True)
    home = SectionPage.objects.get(municipality=staff[0].municipality)
    readable = ModulePage.objects.live().filter(
        Q(path__startswith=shared.path) | Q(path__startswith=home.path)
    )
    with_quiz = [module for module in readable.specific() if module.quiz]
    if not with_quiz:
        raise SystemExit("The demo has no module with a quiz.")
    words = {module.pk: words_of(module) for module in with_quiz}
    module = min(with_quiz, key=lambda m: (abs(words[m.pk] - MODULE_WORDS), -words[m.pk], m.pk))
    course = module.get_parent().specific
    catalogue = CourseIndexPage.objects.live().descendant_of(shared).first()
    found = CoursePage.objects.live().filter(title__icontains=SEARCH_TERM).first()
    library = KnowledgeIndexPage.objects.live().descendant_of(shared).first()
    article = None
    for candidate in ProcessArticlePage.objects.live().descendant_of(home).exclude(leika_key=""):
        if candidate.leika_key and (
            ProcessArticlePage.objects.live()
            .filter(leika_key=candidate.leika_key)
            .exclude(pk=candidate.pk)
            .exists()
        ):
            article = candidate
            break
    if any(page is None for page in (catalogue, found, library, article)):
        raise SystemExit(
            "The demo lacks a catalogue, a search hit, a library or a compared article."
        )

    readers = [
        cookie
        for employee, cookie in zip(staff, everybody, strict=True)
        if Handover.objects.visible_to(employee.user).filter(pk=handover.pk).exists()
    ]
    e = html.escape
    pages = [
        Page("module", "Lernwerk module", server, module.url, everybody, e(module.title)),
        Page("course", "Lernwerk course", server, course.url, everybody, e(course.title)),
        Page("start", '"Mein Lernen"', server, "/", everybody, e(staff[0].user.first_name)),
        Page("catalogue", "catalogue", server, catalogue.url, everybody, e(course.title)),
        Page(
            "search",
            f"catalogue search ({SEARCH_TERM})",
            server,
            f"{catalogue.url}?q={SEARCH_TERM}",
            everybody,
            e(found.title),
        ),
        Page("article", "process article", server, article.url, everybody, e(article.title)),
        Page("library", "process library", server, library.url, everybody, e(library.title)),
        Page(
            "compare",
            "compare view",
            server,
            reverse("knowledge:compare", args=[article.leika_key]),
            everybody,
            e(article.title),
        ),
        Page(
            "handover",
            "handover",
            server,
            reverse("handovers:detail", args=[handover.pk]),
            readers,
            e(handover.leaver.full_name),
        ),
    ]
    if not readers:
        raise SystemExit("None of the signed-in employees may open the handover.")
    note = (
        f"module “{module.title}” ({words[module.pk]} words with its quiz; the demo's "
        f"module with a quiz nearest to {MODULE_WORDS} words), course “{course.title}”, "
        f"article “{article.title}”, handover of {handover.leaver.full_name} "
        f"({len(readers)} of the {len(staff)} employees may open it)"
    )
    return pages, note


# --- Lernwerk: server -------------------------------------------------------------------------


def production_env(database: str, work: Path) -> dict[str, str]:
    """What ``config.settings.production`` needs (docs/operations.md), for a server on
    this machine. The secret key is the test settings' one, so the sessions written here
    are valid there; uploaded files are where this process put them."""
    from urllib.parse import quote

    from django.conf import settings
    from django.db import connection

    params = connection.settings_dict
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    url = (
        f"postgres://{quote(params['USER'] or 'postgres', safe='')}{password}@"
        f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{database}"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=url,
        EMAIL_HOST="localhost",
        DEFAULT_FROM_EMAIL="Lernwerk <lernwerk@localhost>",
        BASE_URL="https://127.0.0.1",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        LOG_LEVEL="WARNING",
    )
    return env


def production_caches(env: dict[str, str]) -> dict:
    """The cache configuration of the production settings, which the server uses: the
    query counts must include what the server reads from a database cache."""
    with mock.patch.dict(os.environ, env):
        return importlib.import_module("config.settings.production").CACHES


def lernwerk_server(env: dict[str, str], work: Path) -> Server:
    """gunicorn ``config.wsgi`` as docs/operations.md runs it, after the deployment steps
    the production settings rely on (shared cache table, collected static files: the
    manifest storage refuses to render a page without them)."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [*manage, *command], cwd=ROOT, env=env, check=True, stdout=sys.stderr, stderr=sys.stderr
        )
    server = Server(
        "lernwerk",
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"],
        cwd=ROOT,
        env=env,
        log=work / "lernwerk-gunicorn.log",
    )
    from django.urls import reverse

    server.signed_in = f'action="{reverse("logout")}"'
    return server


# --- Checks, queries, measurement -------------------------------------------------------------


def check(page: Page) -> None:
    """One request per page before measuring: 200, its content, signed in."""
    status, body = page.server.get(page.path, page.cookies[0])
    problem = (
        f"answered {status}"
        if status != 200
        else "is not signed in"
        if page.server.signed_in not in body
        else f"does not show {page.expect!r}"
        if page.expect not in body
        else ""
    )
    if problem:
        raise SystemExit(f"{page.label}: {page.server.base_url}{page.path} {problem}.")
    say(f"checked {page.key:<9} {page.path} ({len(body):,} bytes)")


def check_everybody(server: Server, staff: list, cookies: list[str]) -> None:
    """Every session works and is the person's own: the start page greets them."""
    for employee, cookie in zip(staff, cookies, strict=True):
        status, body = server.get("/", cookie)
        name = html.escape(employee.user.first_name)
        if status != 200 or server.signed_in not in body or name not in body:
            raise SystemExit(
                f"{employee.full_name}: the start page answered {status} without their name."
            )
    say(f"checked the start page for all {len(staff)} employees")


def count_queries(pages: list[Page], caches: dict, show: bool) -> None:
    """Queries of one warm request per Lernwerk page, in this process (test client)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(CACHES=caches):
        for page in pages:
            client = Client()
            for cookie in page.cookies[0].split("; "):
                name, value = cookie.split("=", 1)
                client.cookies[name] = value
            client.get(page.path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.path)
            if response.status_code != 200:
                raise SystemExit(f"{page.label}: the test client got {response.status_code}.")
            page.queries = len(queries)
            if show:
                print(f"\n{page.label} {page.path}: {len(queries)} queries", file=sys.stderr)
                for number, query in enumerate(queries.captured_queries, start=1):
                    print(f"{number:3} {query['time']}s {query['sql']}", file=sys.stderr)


def wrk(page: Page, conns: int, seconds: int, cookie_file: Path) -> Result:
    command = [
        "wrk",
        "-t1",
        f"-c{conns}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA_SCRIPT),
        page.server.base_url,
        "--",
        page.path,
        str(cookie_file),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("page_speed ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed on {page.path}:\n{done.stdout}{done.stderr}")
    figures = dict(item.split("=") for item in lines[0].split()[1:])
    return Result(
        requests=int(figures["requests"]),
        seconds=int(figures["duration_us"]) / 1e6,
        p50_ms=int(figures["p50_us"]) / 1000,
        not_200=int(figures["not_200"]),
        socket_errors=int(figures["socket_errors"]),
    )


def measure(pages: list[Page], args, work: Path) -> None:
    """Warm up every page, then take turns: each round requests every page once."""
    files = {}
    for page in pages:
        files[page.key] = work / f"cookies-{page.key}.txt"
        files[page.key].write_text("\n".join(page.cookies) + "\n")
    if args.warmup:
        say(f"warm-up: {args.warmup} s per page at {max(args.conns)} connections")
        for page in pages:
            wrk(page, max(args.conns), args.warmup, files[page.key])
    for conns in args.conns:
        for number in range(1, args.rounds + 1):
            for page in pages:
                result = wrk(page, conns, args.duration, files[page.key])
                page.results.setdefault(conns, []).append(result)
                say(
                    f"c={conns} round={number} {page.key:<9} {result.rps:8.1f} req/s, "
                    f"p50 {result.p50_ms:8.2f} ms (load {load()})"
                )


def load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def busiest_processes(servers: list[Server]) -> str:
    """Other work skews the figures: name what else is busy (ps: CPU share over each
    process's lifetime), leaving out this script and its servers."""
    ours = {os.getpid()} | {server.process.pid for server in servers if server.process}
    ps = subprocess.run(
        ["ps", "-eo", "pid,ppid,pcpu,comm", "--sort=-pcpu", "--no-headers"],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    busy = [
        (comm, pcpu)
        for pid, ppid, pcpu, comm in (line.split(None, 3) for line in ps)
        if float(pcpu) > 5 and int(pid) not in ours and int(ppid) not in ours
    ]
    return ", ".join(f"{comm} {pcpu} %" for comm, pcpu in busy[:5]) or "none above 5 %"


# --- Report -----------------------------------------------------------------------------------


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def report(pages: list[Page], conns: list[int], facts: dict) -> str:
    by_key = {page.key: page for page in pages}
    bare, lesson = by_key["bare"], by_key["lesson"]
    top = max(conns)
    ours = {page.key for page in pages} - {"bare", "lesson"}
    header = ["Page", "Queries"]
    header += [f"p50 c={c} (ms)" for c in conns] + [f"req/s c={top}", f"req/s ÷ bare c={top}"]
    header += [f"p50 ÷ bare c={c}" for c in conns] + [f"p50 ÷ lesson c={c}" for c in conns]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for page in pages:
        queries = "–" if page.queries is None else str(page.queries)
        if page.key in MAX_QUERIES:
            queries += f" {mark(page.queries <= MAX_QUERIES[page.key])}"
        cells = [page.label, queries]
        cells += [f"{page.p50(c):.2f}" for c in conns]
        cells += [f"{page.rps(top):.1f}", f"{page.rps(top) / bare.rps(top):.2f}"]
        for c in conns:
            ratio = page.p50(c) / bare.p50(c)
            cells.append(
                f"{ratio:.2f}"
                + (f" {mark(ratio <= MAX_RATIO_TO_BARE)}" if page.key in ours else "")
            )
        for c in conns:
            ratio = page.p50(c) / lesson.p50(c)
            if page.key in LESSON_PEERS:
                cells.append(f"{ratio:.2f} {mark(ratio <= MAX_RATIO_TO_LESSON)}")
            else:
                cells.append(f"{ratio:.2f}" if page.key in ("bare", "lesson") else "–")
        lines.append("| " + " | ".join(cells) + " |")

    module = by_key["module"]
    throughput = module.rps(top) / bare.rps(top)
    slow = [
        p.key
        for p in pages
        if p.key in ours and any(p.p50(c) > MAX_RATIO_TO_BARE * bare.p50(c) for c in conns)
    ]
    behind = [
        key
        for key in LESSON_PEERS
        if any(by_key[key].p50(c) > MAX_RATIO_TO_LESSON * lesson.p50(c) for c in conns)
    ]
    heavy = [key for key, limit in MAX_QUERIES.items() if by_key[key].queries > limit]
    targets = [
        f"- {mark(not slow)} every Lernwerk page p50 ≤ {MAX_RATIO_TO_BARE} × the bare page's "
        f"at {' and '.join(map(str, conns))} connections"
        + (f" (missed: {', '.join(slow)})" if slow else ""),
        f"- {mark(not behind)} module, course and article p50 ≤ {MAX_RATIO_TO_LESSON} × the "
        "wagtail-lms lesson's" + (f" (missed: {', '.join(behind)})" if behind else ""),
        f"- {mark(throughput >= MIN_MODULE_THROUGHPUT)} module throughput at {top} connections "
        f"{throughput:.0%} of the bare page's (target ≥ {MIN_MODULE_THROUGHPUT:.0%})",
        f"- {mark(not heavy)} queries: module, course, article, start page ≤ 10, catalogue "
        "and search ≤ 8" + (f" (missed: {', '.join(heavy)})" if heavy else ""),
    ]
    problems = [
        f"- {page.key} c={c}: {r.not_200} answers other than 200, {r.socket_errors} socket errors"
        for page in pages
        for c in conns
        for r in page.results[c]
        if r.not_200 or r.socket_errors
    ]
    paths = ", ".join(f"{page.key} `{page.path}`" for page in pages)
    return "\n".join(
        [
            f"Measured on {facts['date']} at commit {facts['commit']}: {facts['machine']}.",
            f"Load average (1/5/15 min) before measuring {facts['load_before']}, after "
            f"{facts['load_after']}; busy before: {facts['busy']}.",
            f"wrk, 1 thread, {facts['rounds']} rounds of {facts['duration']} s per page and "
            f"connection count, pages in turn, after {facts['warmup']} s of warm-up each; "
            "p50 and req/s are the medians of the rounds. Both sites under gunicorn (2 sync "
            "workers, DEBUG off) on the same PostgreSQL server; Lernwerk with "
            f"config.settings.production, {facts['users']} signed-in employees of Blomberg "
            f"in turn; the peer ({facts['peer']}) with its one learner. Queries: one warm "
            "request in-process (test client, production cache settings); the peer's from "
            "its queries.json.",
            "",
            *lines,
            "",
            "Targets of issue 14:",
            *targets,
            "",
            f"Pages: {facts['note']}. Paths: {paths}.",
            *(["", "PROBLEMS (these rounds do not count):", *problems] if problems else []),
        ]
    )


def machine_facts() -> str:
    import django
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return (
        f"{os.cpu_count()} cores, PostgreSQL {postgres}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, Wagtail {wagtail.__version__}"
    )


def commit() -> str:
    return subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


# --- Main -------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per connection count")
    parser.add_argument("--conns", default="1 4", help='connection counts, e.g. "1 4"')
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--users", type=int, default=60, help="signed-in employees (≥ 50)")
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="use the configured database and leave the added data there (a scratch database)",
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of each Lernwerk page to stderr"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep both databases and the work folder at the end"
    )
    parser.add_argument("--peer-db", help="the peer's database (default <NAME>_bench_peer)")
    parser.add_argument("--peer-bench", type=Path, default=PEER_BENCH, help="peer-bench folder")
    args = parser.parse_args(argv)
    args.conns = sorted({int(c) for c in args.conns.split()})
    if args.users < 50:
        parser.error("--users must be at least 50 (issue 14)")
    return args


def start_peer(args, params: dict, work: Path, cleanup: contextlib.ExitStack):
    """The peer site, prepared and served; returns it with its gunicorn."""
    from django.db import connection

    database = args.peer_db or f"{connection.settings_dict['NAME']}_bench_peer"
    if args.keep:
        cleanup.callback(say, f"kept database {database}")
    else:
        cleanup.callback(drop_database, database, params)
    peer = PeerSite(args.peer_bench, work, database, params)
    peer.prepare()
    server = peer.server(work)
    cleanup.callback(server.stop)
    server.start()
    return peer, server


def start_lernwerk(args, params: dict, work: Path, cleanup: contextlib.ExitStack):
    """Lernwerk with the demo, its staff signed in, served; returns the server, the
    staff, their Cookie headers, the pages and a note on what the pages show."""
    from django.db import transaction

    from organisations.models import Municipality

    database = cleanup.enter_context(
        lernwerk_database(in_place=args.in_place, keep=args.keep, params=params)
    )
    load_demo()
    municipality = Municipality.objects.get(slug=MUNICIPALITY)
    with transaction.atomic():
        staff = add_staff(municipality, args.users)
        handover = give_handover(municipality, staff)
    env = production_env(database, work)
    server = lernwerk_server(env, work)
    cookies = [sign_in(employee.user) for employee in staff]
    pages, note = lernwerk_pages(server, staff, cookies, handover)
    cleanup.callback(server.stop)
    server.start()
    return server, env, staff, cookies, pages, note


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # A plain kill (SIGTERM) cleans up like Ctrl-C: servers stopped, databases dropped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed.")
    setup_django()
    params = server_params()
    work = Path(tempfile.mkdtemp(prefix="page-speed-"))
    with contextlib.ExitStack() as cleanup:
        if args.keep:
            cleanup.callback(say, f"kept work folder {work}")
        else:
            cleanup.callback(shutil.rmtree, work, ignore_errors=True)
        peer, peer_server = start_peer(args, params, work, cleanup)
        server, env, staff, cookies, ours, note = start_lernwerk(args, params, work, cleanup)
        pages = [*peer.pages(peer_server), *ours]
        for page in pages:
            check(page)
        check_everybody(server, staff, cookies)
        count_queries(ours, production_caches(env), args.show_queries)

        facts = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "commit": commit(),
            "machine": machine_facts(),
            "busy": busiest_processes([peer_server, server]),
            "load_before": load(),
            "rounds": args.rounds,
            "duration": args.duration,
            "warmup": args.warmup,
            "users": len(staff),
            "peer": peer.versions(),
            "note": note,
        }
        measure(pages, args, work)
        facts["load_after"] = load()
        print(report(pages, args.conns, facts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
