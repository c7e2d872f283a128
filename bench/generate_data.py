"""Data for the reports benchmark: a cooperation of 50 municipalities with 50,000 staff.

Creates (``--scale full``) 50 municipalities through the real ``Municipality.save``
(groups, section, collection), 2,000 org units (per municipality one tree: the
administration, 3 Fachbereiche, 12 Ämter, 24 Sachgebiete), 7,000 positions, 50,000
employees with accounts, a shared catalogue of 200 courses with 1,000 modules, 20
assignments (whole municipality, unit subtree, single unit, position; one-time,
rolling and calendar recertification, assigned between 10 and 700 days ago), their
obligations (through ``learning.obligations.sync_assignment``), 10,000,000
``ModuleProgress`` rows and the ``CourseCompletion`` rows that go with them::

    DJANGO_SETTINGS_MODULE=config.settings.test \\
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/lw_bench \\
    .venv/bin/python bench/generate_data.py --scale full

The database named in ``DATABASE_URL`` is created and migrated if it does not exist,
and left in place for the benchmarks. The script refuses to run when it already holds
bench data; ``--reset`` drops and recreates it first. ``--scale tiny`` is a smoke test.

The generation itself (``generate``) runs on Django's default connection, so the test
suite calls it on its test database (``tests/test_bench_generator.py``).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent

#: Password of the three named bench accounts (everybody else has an unusable one).
PASSWORD = "lernwerk-bench"
#: Municipalities and usernames of generated data start with this; it marks bench data.
PREFIX = "bench-"
ADMIN = "bench-admin"
MANAGER_MUNICIPALITY = "bench-manager-municipality"
MANAGER_UNIT = "bench-manager-unit"

#: Shares of the (employee, assigned course) pairs: completed, started, not started.
DONE_SHARE = 0.62
STARTED_SHARE = 0.15
#: Share of fully visited voluntary (unassigned) courses that were completed.
VOLUNTARY_DONE_SHARE = 0.3
#: Shares of employees who have left (account closed) and who will leave soon.
LEFT_SHARE = 0.02
LEAVING_SHARE = 0.01
#: Share of active employees with a current exemption (e.g. parental leave).
EXEMPT_SHARE = 0.01
#: Tables bigger than this get their indexes and constraints built after the load.
DEFER_INDEXES_FROM = 1_000_000


def modules_of(course_number: int) -> int:
    """3 to 7 modules, 5 on average."""
    return 3 + course_number % 5


@dataclass(frozen=True)
class Scale:
    name: str
    municipalities: int
    employees: int
    departments: int  # Fachbereiche per municipality
    offices: int  # Ämter per Fachbereich
    teams: int  # Sachgebiete per Amt
    courses: int
    assignments: int
    progress_rows: int

    @property
    def units_per_municipality(self) -> int:
        d, o, t = self.departments, self.offices, self.teams
        return 1 + d + d * o + d * o * t

    @property
    def units(self) -> int:
        return self.municipalities * self.units_per_municipality

    @property
    def modules(self) -> int:
        return sum(modules_of(n) for n in range(self.courses))

    @property
    def rows_per_employee(self) -> int:
        return self.progress_rows // self.employees


SCALES = {
    "full": Scale("full", 50, 50_000, 3, 4, 2, 200, 20, 10_000_000),
    "tiny": Scale("tiny", 2, 200, 3, 1, 1, 10, 3, 5_000),
}


# --- Names -----------------------------------------------------------------------------

TOWN_STEMS = ["Linden", "Eichen", "Birken", "Buchen", "Erlen", "Tannen", "Weiden", "Ahorn"]
TOWN_STEMS += ["Rosen", "Fichten"]
TOWN_ENDINGS = ["hausen", "dorf", "feld", "heim", "berg"]

DEPARTMENTS = [
    ("Zentrale Dienste", ["Personal", "Organisation und IT", "Finanzen", "Recht und Vergabe"]),
    ("Bürgerdienste", ["Bürgerbüro", "Standesamt", "Ordnungsamt", "Feuerwehr"]),
    ("Bauen und Umwelt", ["Stadtplanung", "Bauordnung", "Tiefbau und Bauhof", "Umwelt"]),
    ("Jugend und Soziales", ["Jugendamt", "Sozialamt", "Schulen und Sport", "Kultur"]),
]
TEAMS = ["Grundsatz und Steuerung", "Service und Beratung", "Verwaltung", "Außendienst"]

#: Posts per kind of unit; the first one leads the unit.
POSITIONS = {
    "root": ["Verwaltungsleitung", "Büro der Verwaltungsleitung"],
    "department": ["Fachbereichsleitung", "Fachbereichscontrolling"],
    "office": ["Amtsleitung", "Sachbearbeitung", "Sekretariat"],
    "team": ["Sachgebietsleitung", "Sachbearbeitung", "Verwaltungsfachangestellte*r", "Azubi"],
}
LEADER_TITLES = [titles[0] for titles in POSITIONS.values()]
#: Where the staff of a municipality work (the root unit is the administration).
UNIT_KIND_WEIGHTS = {"root": 0.01, "department": 0.04, "office": 0.15, "team": 0.80}

FIRST_NAMES = """Anna Maria Julia Laura Sarah Lisa Katharina Sabine Petra Monika Claudia Andrea
Stefanie Nicole Jana Miriam Hatice Katarzyna Elena Sophie Lena Hannah Emma Mia Leonie Carina
Thomas Michael Andreas Stefan Christian Markus Frank Jürgen Klaus Peter Sven Lukas Jonas Felix
Tobias Daniel Dennis Mehmet Ahmet Piotr Alexander Matthias Sebastian Tim Jan Paul Max Niklas
Florian Uwe Bernd""".split()
LAST_NAMES = """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer
Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann
Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König
Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich
Keller Günther Frank Berger Winkler Roth Beck Lorenz Yılmaz Kaya Nowak Kowalski""".split()

#: Courses that get assigned: the usual mandatory trainings of a town hall.
MANDATORY_COURSES = [
    "Datenschutz in der Verwaltung (DSGVO)",
    "Brandschutzunterweisung",
    "Sicherer Umgang mit Bargeld und Kasse",
    "Informationssicherheit am Arbeitsplatz",
    "Korruptionsprävention",
    "Arbeitsschutz und Gefährdungsbeurteilung",
    "Erste Hilfe im Büro",
    "Barrierefreie Dokumente erstellen",
    "Allgemeines Gleichbehandlungsgesetz (AGG)",
    "Umgang mit Verschlusssachen",
]
TOPICS = """E-Akte|Bürgerkommunikation|Vergaberecht|Haushaltsrecht|Verwaltungsverfahren|
Onlinezugangsgesetz|Projektmanagement|Führung|Zeitmanagement|Konfliktlösung|Tabellenkalkulation|
Leichte Sprache|Social Media|Bauleitplanung|Melderecht|Personalrecht|Gesundheitsmanagement|
Ehrenamt|Klimaschutz|Katastrophenschutz""".replace("\n", "").split("|")
VARIANTS = ["Grundlagen", "Aufbaukurs", "Praxis", "Update 2026", "für Führungskräfte", "Kompakt"]
VARIANTS += ["Fallbeispiele", "Prüfungsvorbereitung", "Vertiefung", "Einstieg"]
LEVELS = ["basic", "advanced", "expert"]


def municipality_names(count: int) -> list[str]:
    names = [stem + ending for ending in TOWN_ENDINGS for stem in TOWN_STEMS]
    return [names[n % len(names)] + (f" {n // len(names) + 1}" if n >= len(names) else "")
            for n in range(count)]  # fmt: skip


def course_title(number: int) -> tuple[str, str]:
    """Title and tag of the course with this number."""
    if number < len(MANDATORY_COURSES):
        return MANDATORY_COURSES[number], "Pflichtschulung"
    n = number - len(MANDATORY_COURSES)
    topic = TOPICS[(n // len(VARIANTS)) % len(TOPICS)]
    return f"{topic}: {VARIANTS[n % len(VARIANTS)]}", topic


def ascii_name(text: str) -> str:
    text = text.replace("ß", "ss").replace("ı", "i")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# --- Assignments -------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One assignment: where, whom, which course, due when, repeated how, assigned when."""

    municipality: int  # index into the generated municipalities (modulo their number)
    target: str  # municipality | subtree | unit | position
    selector: str | None  # which unit or position, see ``_assignment_target``
    course: int  # index into the generated courses
    due_rule: str  # fixed | after_assignment | after_joining
    due: int  # days after assignment, or for "fixed" the due date in days from today
    recertification: str = "none"  # none | rolling | calendar
    every: int | tuple[int, int] | None = None  # months (rolling) or (month, day)
    assigned_days_ago: int = 30


#: The first ``Scale.assignments`` are used: the first three are the tiny scale's mix.
SPECS = [
    Spec(0, "municipality", None, 0, "after_assignment", 90, "rolling", 12, 400),
    Spec(0, "subtree", "manager_office", 1, "after_assignment", 60, "calendar", (11, 30), 45),
    Spec(1, "position", "first_team_clerk", 2, "fixed", -30, "none", None, 200),
    Spec(0, "municipality", None, 3, "fixed", -235, "calendar", (3, 31), 300),
    Spec(0, "municipality", None, 4, "after_joining", 180, "none", None, 120),
    Spec(0, "subtree", "first_department", 5, "after_assignment", 30, "rolling", 24, 200),
    Spec(0, "unit", "manager_team", 6, "after_assignment", 90, "rolling", 6, 500),
    Spec(0, "position", "manager_team_clerk", 7, "after_assignment", 30, "none", None, 90),
    Spec(1, "municipality", None, 0, "after_assignment", 120, "rolling", 12, 365),
    Spec(2, "municipality", None, 3, "after_assignment", 60, "calendar", (6, 30), 250),
    Spec(3, "municipality", None, 4, "after_assignment", 90, "none", None, 30),
    Spec(4, "municipality", None, 0, "after_assignment", 90, "rolling", 6, 180),
    Spec(5, "municipality", None, 5, "fixed", 20, "rolling", 24, 60),
    Spec(6, "municipality", None, 8, "after_joining", 90, "none", None, 700),
    Spec(7, "municipality", None, 3, "after_assignment", 30, "calendar", (12, 31), 100),
    Spec(8, "municipality", None, 0, "after_assignment", 90, "rolling", 12, 10),
    Spec(9, "municipality", None, 9, "after_assignment", 180, "none", None, 220),
    Spec(10, "municipality", None, 4, "after_assignment", 60, "rolling", 36, 150),
    Spec(2, "subtree", "first_department", 8, "after_assignment", 45, "none", None, 80),
    Spec(3, "position", "first_team_clerk", 9, "fixed", -10, "none", None, 120),
]


# --- Reporting ---------------------------------------------------------------------------


@dataclass
class Result:
    phases: list[tuple[str, float]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[str] = field(default_factory=list)


class Phases:
    """Times each phase and prints it as it ends."""

    def __init__(self, result: Result, out: Callable[[str], None]) -> None:
        self.result, self.out = result, out

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.result.phases.append((name, elapsed))
        self.out(f"  {name:<32} {elapsed:8.1f} s")


def _u(key: str, seed: int) -> str:
    """SQL for a deterministic pseudo-random number in [0, 1) from an integer key."""
    return f"((hashint8extended(({key})::bigint, {seed}) & 4294967295)::float8 / 4294967296.0)"


def _pair(user: str, course: str) -> str:
    return f"({user})::bigint * 1000003 + ({course})"


def _execute(sql: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _scalar(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def drop_secondary_indexes(table: str) -> list[str]:
    """Drop a table's indexes and constraints but the primary key; returns the SQL that
    rebuilds them.

    Loading millions of rows is several times faster without them, and the deferred
    foreign-key checks would queue one trigger event per row and key. The definitions
    are read from the catalogue, so the rebuilt table is exactly what the migrations
    made; re-adding the constraints validates every row.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype IN ('u', 'f')"
            " ORDER BY contype DESC, conname",  # unique ones first, then the keys
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid"
            " AND c.conrelid = x.indrelid) ORDER BY i.relname",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ]


# --- Phases ------------------------------------------------------------------------------


@dataclass
class Unit:
    kind: str
    name: str
    short_name: str = ""
    children: list[Unit] = field(default_factory=list)
    record: object = None  # the OrgUnit
    positions: list = field(default_factory=list)  # Position records, leader first


@dataclass
class Town:
    municipality: object
    size: int
    root: Unit
    departments: list[Unit] = field(default_factory=list)
    offices: list[Unit] = field(default_factory=list)
    teams: list[Unit] = field(default_factory=list)

    def units(self) -> list[Unit]:
        return [self.root, *self.departments, *self.offices, *self.teams]


def town_sizes(scale: Scale) -> list[int]:
    """Staff per municipality: a few big towns, many small ones (about 6 : 1)."""
    weights = [1 / (1 + n / 10) for n in range(scale.municipalities)]
    sizes = [int(scale.employees * w / sum(weights)) for w in weights]
    sizes[0] += scale.employees - sum(sizes)
    return sizes


def create_municipalities(scale: Scale) -> list:
    """The real ``save``: groups, permissions, collection and section of each."""
    from django.utils.text import slugify

    from organisations.models import Municipality

    return [
        Municipality.objects.create(name=name, slug=PREFIX + slugify(name), ags=f"0599{n:04d}")
        for n, name in enumerate(municipality_names(scale.municipalities), start=1)
    ]


def create_units(scale: Scale, municipalities: list) -> list[Town]:
    """One tree per municipality, inserted in bulk with treebeard's paths.

    Siblings get their paths in name order, as ``node_order_by`` would give them; the
    roots go after any roots already there.
    """
    from organisations.models import OrgUnit, Position

    towns = []
    for municipality, size in zip(municipalities, town_sizes(scale), strict=True):
        town = Town(municipality, size, Unit("root", f"Stadtverwaltung {municipality.name}"))
        for d in range(scale.departments):
            title, office_names = DEPARTMENTS[d % len(DEPARTMENTS)]
            department = Unit("department", f"Fachbereich {d + 1} {title}", f"FB {d + 1}")
            town.root.children.append(department)
            town.departments.append(department)
            for o in range(scale.offices):
                number = 10 * (d + 1) + o
                office = Unit("office", office_names[o % len(office_names)], str(number))
                department.children.append(office)
                town.offices.append(office)
                for t in range(scale.teams):
                    team = Unit("team", TEAMS[t % len(TEAMS)], f"{number}.{t + 1}")
                    office.children.append(team)
                    town.teams.append(team)
        towns.append(town)

    last_root = OrgUnit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True)
    first_step = OrgUnit._str2int(last_root[0]) + 1 if last_root else 1
    records = []

    def place(unit: Unit, municipality, path: str, depth: int) -> None:
        unit.record = OrgUnit(
            municipality=municipality,
            name=unit.name,
            short_name=unit.short_name,
            path=path,
            depth=depth,
            numchild=len(unit.children),
        )
        records.append(unit.record)
        for step, child in enumerate(sorted(unit.children, key=lambda u: u.name), start=1):
            place(child, municipality, OrgUnit._get_path(path, depth + 1, step), depth + 1)

    for step, town in enumerate(sorted(towns, key=lambda t: t.root.name), start=first_step):
        place(town.root, town.municipality, OrgUnit._get_path(None, 1, step), 1)
    OrgUnit.objects.bulk_create(records, batch_size=2000)

    positions = []
    for town in towns:
        for unit in town.units():
            unit.positions = [Position(org_unit=unit.record, title=t) for t in POSITIONS[unit.kind]]
            positions += unit.positions
    Position.objects.bulk_create(positions, batch_size=5000)
    return towns


def staff_rows(scale: Scale, towns: list[Town], today: datetime.date) -> Iterator[tuple]:
    """One row per employee for ``bench_staff``.

    The first person placed in a unit holds its leading post (and will lead it); the
    first two of the biggest municipality are the named managers of its administration
    and of an Amt.
    """
    rng = random.Random(20261122)
    kinds = list(UNIT_KIND_WEIGHTS)
    n = 0
    for index, town in enumerate(towns):
        by_kind = {kind: [u for u in town.units() if u.kind == kind] for kind in kinds}
        slug = town.municipality.slug.removeprefix(PREFIX)
        led: set[int] = set()
        for k in range(town.size):
            n += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            username = f"{PREFIX}{n:06d}"
            unit = rng.choice(by_kind[rng.choices(kinds, list(UNIT_KIND_WEIGHTS.values()))[0]])
            entry = today - datetime.timedelta(days=rng.randint(10, 35 * 365))
            if rng.random() < 0.05:
                entry = today - datetime.timedelta(days=rng.randint(1, 180))
            leaving = None
            chance = rng.random()
            if chance < LEFT_SHARE:
                days = (today - entry).days
                # within the last year: retention has not deleted their progress yet
                leaving = today - datetime.timedelta(days=rng.randint(1, max(1, min(days, 360))))
            elif chance < LEFT_SHARE + LEAVING_SHARE:
                leaving = today + datetime.timedelta(days=rng.randint(1, 180))
            if index == 0 and k < 2:
                username = [MANAGER_MUNICIPALITY, MANAGER_UNIT][k]
                unit = [town.root, town.offices[0]][k]
                first, last = "Bench", ["Verwaltungsleitung", "Amtsleitung"][k]
            if rng.random() < 0.005 and k >= 2:
                unit = position = None
            elif unit.record.pk not in led:
                led.add(unit.record.pk)
                position, leaving = unit.positions[0], None
            else:
                position = rng.choice(unit.positions[1:]) if rng.random() > 0.08 else None
            yield (
                n,
                username,
                first,
                last,
                f"{ascii_name(first)}.{ascii_name(last)}.{n}@{slug}.example",
                leaving is None or leaving >= today,
                town.municipality.pk,
                unit.record.pk if unit else None,
                position.pk if position else None,
                f"{10000 + k}",
                entry,
                leaving,
            )


def create_staff(scale: Scale, towns: list[Town], today: datetime.date) -> dict:
    """Accounts and employees by COPY and INSERT … SELECT, with what ``Employee.save``
    would add: the staff group, the position history; plus unit leaders and the admin."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from organisations.models import Employee
    from organisations.provisioning import ensure_cooperation_admin_group
    from organisations.roles import Role

    municipality_ids = [t.municipality.pk for t in towns]
    _execute("DROP TABLE IF EXISTS bench_staff")
    _execute(
        "CREATE TEMP TABLE bench_staff (n int, username text, first_name text, last_name text,"
        " email text, is_active bool, municipality_id int, org_unit_id int, position_id int,"
        " personnel_number text, entry_date date, leaving_date date)"
    )
    columns = "n username first_name last_name email is_active municipality_id org_unit_id"
    columns += " position_id personnel_number entry_date leaving_date"
    _copy("bench_staff", columns.split(), staff_rows(scale, towns, today))
    _execute(
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,"
        " is_staff, is_active, date_joined)"
        " SELECT '!', false, username, first_name, last_name, email, false, is_active, now()"
        " FROM bench_staff ORDER BY n"
    )
    _execute(
        "INSERT INTO organisations_employee (user_id, municipality_id, personnel_number,"
        " org_unit_id, position_id, entry_date, leaving_date)"
        " SELECT u.id, s.municipality_id, s.personnel_number, s.org_unit_id, s.position_id,"
        " s.entry_date, s.leaving_date FROM bench_staff s JOIN auth_user u USING (username)"
        " ORDER BY s.n"
    )
    _execute(
        "INSERT INTO auth_user_groups (user_id, group_id)"
        " SELECT e.user_id, r.group_id FROM organisations_employee e"
        " JOIN organisations_rolegroup r ON r.municipality_id = e.municipality_id"
        " WHERE r.role = %s AND e.municipality_id = ANY(%s)",
        [Role.EMPLOYEE.value, municipality_ids],
    )
    _execute(
        "INSERT INTO organisations_positionholding (position_id, employee_id, started_on)"
        " SELECT position_id, id, COALESCE(entry_date, %s) FROM organisations_employee"
        " WHERE position_id IS NOT NULL AND municipality_id = ANY(%s)",
        [today, municipality_ids],
    )
    # Each unit is led by the holder of its leading post (see ``staff_rows``).
    _execute(
        "INSERT INTO organisations_orgunit_leaders (orgunit_id, employee_id)"
        " SELECT DISTINCT ON (p.org_unit_id) p.org_unit_id, e.id"
        " FROM organisations_employee e JOIN organisations_position p ON p.id = e.position_id"
        " WHERE p.title = ANY(%s) AND e.municipality_id = ANY(%s) AND e.org_unit_id = p.org_unit_id"
        " AND (e.leaving_date IS NULL OR e.leaving_date >= %s)"
        " ORDER BY p.org_unit_id, e.id",
        [LEADER_TITLES, municipality_ids, today],
    )
    _execute(
        "INSERT INTO auth_user_groups (user_id, group_id)"
        " SELECT DISTINCT e.user_id, r.group_id FROM organisations_orgunit_leaders l"
        " JOIN organisations_employee e ON e.id = l.employee_id"
        " JOIN organisations_rolegroup r ON r.municipality_id = e.municipality_id"
        " WHERE r.role = %s AND e.municipality_id = ANY(%s)",
        [Role.MANAGER.value, municipality_ids],
    )
    User = get_user_model()
    admin = User.objects.create_user(ADMIN, f"{ADMIN}@lernwerk.example", PASSWORD)
    admin.first_name, admin.last_name = "Bench", "Kooperations-Admin"
    admin.save(update_fields=["first_name", "last_name"])
    admin.groups.add(ensure_cooperation_admin_group())
    User.objects.filter(username__in=[MANAGER_MUNICIPALITY, MANAGER_UNIT]).update(
        password=make_password(PASSWORD)
    )
    town = towns[0]
    return {
        "admin": admin,
        "municipality_manager": Employee.objects.get(user__username=MANAGER_MUNICIPALITY),
        "unit_manager": Employee.objects.get(user__username=MANAGER_UNIT),
        "root": town.root.record,
        "office": town.offices[0].record,
    }


def create_courses(scale: Scale) -> list:
    """A shared catalogue: live pages inserted in bulk (``courses.tests.factories``)."""
    from courses.models import CoursePage
    from courses.tests.factories import (
        add_live_children,
        make_course_index,
        many_modules,
        section_of,
    )

    index = make_course_index(section_of(None), "Kurse der Kooperation", slug="bench-kurse")
    titles = [(number, *course_title(number)) for number in range(scale.courses)]
    courses: list = []
    for tag, group in itertools.groupby(titles, key=lambda row: row[2]):
        pages = [
            CoursePage(
                title=title,
                slug=f"{PREFIX}kurs-{number + 1}",
                teaser="Ein Kurs für die Beschäftigten der Kooperation.",
                objectives="<ul><li>Sie kennen die Grundlagen.</li></ul>",
                target_group="alle Beschäftigten",
                level=LEVELS[number % len(LEVELS)],
            )
            for number, title, _tag in group
        ]
        courses += add_live_children(index, pages, tags=[tag])
    for number, course in enumerate(courses):
        course.bench_modules = many_modules(
            course, modules_of(number), estimated_minutes=10 + 5 * (number % 3)
        )
    return courses


def _assignment_target(spec: Spec, town: Town) -> dict:
    office = town.offices[0]
    team = next(t for t in town.teams if t.record.path.startswith(office.record.path))
    first_team = town.teams[0]
    clerk = {
        "manager_team_clerk": team.positions[1],
        "first_team_clerk": first_team.positions[1],
    }
    unit = {
        "manager_office": office,
        "manager_team": team,
        "first_department": town.departments[0],
    }
    if spec.target in ("subtree", "unit"):
        return {"org_unit": unit[spec.selector].record, "include_subtree": spec.target == "subtree"}
    if spec.target == "position":
        return {"position": clerk[spec.selector]}
    return {}


def create_assignments(
    scale: Scale, towns: list[Town], courses: list, admin, today: datetime.date
) -> list:
    """The assignments with their (backdated) day of assignment as ``bench_assigned_on``."""
    from django.utils import timezone

    from learning.models import Assignment
    from learning.rules import validate_assignment

    assignments = []
    for spec in SPECS[: scale.assignments]:
        town = towns[spec.municipality % len(towns)]
        assigned_on = today - datetime.timedelta(days=spec.assigned_days_ago)
        target = {"subtree": "unit", "unit": "unit"}.get(spec.target, spec.target)
        assignment = Assignment(
            course=courses[spec.course % len(courses)],
            municipality=town.municipality,
            target=target,
            due_rule=spec.due_rule,
            recertification=spec.recertification,
            created_by=admin,
            note="Bitte bis zum Fälligkeitsdatum abschließen.",
            **_assignment_target(spec, town),
        )
        if spec.due_rule == "fixed":
            assignment.due_date = today + datetime.timedelta(days=spec.due)
        else:
            assignment.due_days = spec.due
        if spec.recertification == "rolling":
            assignment.valid_months = spec.every
        elif spec.recertification == "calendar":
            assignment.recurring_month, assignment.recurring_day = spec.every
        errors = validate_assignment(assignment)
        assert not errors, (spec, errors)
        assignment.save()
        created_at = timezone.make_aware(
            datetime.datetime.combine(assigned_on, datetime.time(9, 0))
        )
        Assignment.objects.filter(pk=assignment.pk).update(created_at=created_at)
        assignment.bench_assigned_on = assigned_on
        assignments.append(assignment)
    return assignments


def create_exemptions(towns: list[Town], admin, today: datetime.date) -> int:
    """Current exemptions (parental leave) of about 1 % of the active staff."""
    return _execute(
        "INSERT INTO learning_exemption (employee_id, reason, starts_on, ends_on, note,"
        " recorded_by_id)"
        f" SELECT id, 'parental_leave', %(today)s - floor({_u('id', 8)} * 300)::int,"
        f" %(today)s + 30 + floor({_u('id', 9)} * 300)::int, '', %(admin)s"
        " FROM organisations_employee WHERE municipality_id = ANY(%(towns)s)"
        " AND (leaving_date IS NULL OR leaving_date >= %(today)s)"
        f" AND {_u('id', 7)} < %(share)s",
        {
            "today": today,
            "admin": admin.pk,
            "towns": [t.municipality.pk for t in towns],
            "share": EXEMPT_SHARE,
        },
    )


def plan_learning(
    scale: Scale, towns: list[Town], courses: list, assignments: list, now: datetime.datetime
) -> None:
    """Decide, per person and course, how far they got: ``bench_engagement``.

    Assigned courses (pairs of the people an assignment targets and its course): 62 %
    completed in the last year, 15 % started, the rest not started. The rest of each
    person's ``rows_per_employee`` module rows go to a window of unassigned courses that
    starts at a course of their own: every course in it fully visited (30 % of those
    completed, the others partly), the last one started. So every person has exactly
    ``rows_per_employee`` rows, and a completion always has all its modules completed.
    """
    from learning.obligations import targeted_employees

    assigned_courses = {a.course_id for a in assignments}
    course_rows, module_rows, offset, other = [], [], 0, 0
    for course in courses:
        n = len(course.bench_modules)
        if course.pk in assigned_courses:
            course_rows.append((course.pk, n, True, None, None))
        else:
            course_rows.append((course.pk, n, False, other, offset))
            other, offset = other + 1, offset + n
        module_rows += [(m.pk, course.pk, pos) for pos, m in enumerate(course.bench_modules, 1)]
    other_modules = offset
    if scale.rows_per_employee > other_modules:
        raise ValueError("Too few unassigned modules for the progress rows per employee.")

    for sql in [
        "DROP TABLE IF EXISTS bench_course, bench_module, bench_obligated, bench_learner,"
        " bench_engagement",
        "CREATE TEMP TABLE bench_course (course_id int PRIMARY KEY, n int, assigned bool,"
        " other_ord int, other_start int)",
        "CREATE TEMP TABLE bench_module (module_id int, course_id int, pos int)",
        "CREATE TEMP TABLE bench_obligated (user_id int, course_id int,"
        " PRIMARY KEY (user_id, course_id))",
        "CREATE TEMP TABLE bench_learner (user_id int, assigned_rows int, window_rows int,"
        " window_start int)",
        "CREATE TEMP TABLE bench_engagement (user_id int, course_id int, n int, covered int,"
        " completed int, done bool, at timestamptz)",
    ]:
        _execute(sql)
    _copy("bench_course", ["course_id", "n", "assigned", "other_ord", "other_start"], course_rows)
    _copy("bench_module", ["module_id", "course_id", "pos"], module_rows)
    for assignment in assignments:
        with _as_of(assignment.bench_assigned_on):
            users = list(targeted_employees(assignment).values_list("user_id", flat=True))
        _execute(
            "INSERT INTO bench_obligated SELECT u, %s FROM unnest(%s::int[]) AS u"
            " ON CONFLICT DO NOTHING",
            [assignment.course_id, users],
        )
    key = _pair("o.user_id", "o.course_id")
    _execute(
        "INSERT INTO bench_engagement (user_id, course_id, n, covered, completed, done, at)"
        " SELECT o.user_id, o.course_id, c.n, x.covered, x.covered - (NOT x.done)::int, x.done,"
        " %(now)s - make_interval(days => CASE WHEN x.done THEN 3 + floor(r.h3 * 357)::int"
        " ELSE 1 + floor(r.h3 * 90)::int END, mins => floor(r.h2 * 600)::int)"
        " FROM bench_obligated o JOIN bench_course c USING (course_id)"
        f" CROSS JOIN LATERAL (SELECT {_u(key, 1)} AS h, {_u(key, 2)} AS h2,"
        f" {_u(key, 3)} AS h3) r"
        " CROSS JOIN LATERAL (SELECT r.h < %(done)s AS done, CASE WHEN r.h < %(done)s"
        " THEN c.n ELSE 1 + floor(r.h2 * c.n)::int END AS covered) x"
        " WHERE r.h < %(done)s + %(started)s",
        {"now": now, "done": DONE_SHARE, "started": STARTED_SHARE},
    )
    others = sum(1 for row in course_rows if not row[2])
    _execute(
        "INSERT INTO bench_learner (user_id, assigned_rows, window_rows, window_start)"
        " SELECT e.user_id, COALESCE(a.rows, 0),"
        " LEAST(GREATEST(%(rows)s - COALESCE(a.rows, 0), 0), %(other_modules)s), c.other_start"
        " FROM organisations_employee e"
        " LEFT JOIN (SELECT user_id, sum(covered)::int AS rows FROM bench_engagement"
        " GROUP BY user_id) a USING (user_id)"
        f" JOIN bench_course c ON c.other_ord = floor({_u('e.user_id', 4)} * %(others)s)::int"
        " WHERE e.municipality_id = ANY(%(towns)s)",
        {
            "rows": scale.rows_per_employee,
            "other_modules": other_modules,
            "others": others,
            "towns": [t.municipality.pk for t in towns],
        },
    )
    key = _pair("l.user_id", "c.course_id")
    _execute(
        "INSERT INTO bench_engagement (user_id, course_id, n, covered, completed, done, at)"
        " SELECT l.user_id, c.course_id, c.n, x.covered,"
        " CASE WHEN x.done THEN c.n ELSE floor(r.h2 * x.covered)::int END, x.done,"
        " %(now)s - make_interval(days => CASE WHEN x.done THEN 3 + floor(r.h3 * 357)::int"
        " ELSE 1 + floor(r.h3 * 180)::int END, mins => floor(r.h2 * 600)::int)"
        " FROM bench_learner l JOIN bench_course c ON NOT c.assigned"
        " CROSS JOIN LATERAL (SELECT (c.other_start - l.window_start + %(m)s) %% %(m)s AS off,"
        f" {_u(key, 5)} AS h, {_u(key, 6)} AS h2, {_u(key, 7)} AS h3) r"
        " CROSS JOIN LATERAL (SELECT LEAST(c.n, l.window_rows - r.off) AS covered,"
        " r.off + c.n <= l.window_rows AND r.h < %(voluntary)s AS done) x"
        " WHERE r.off < l.window_rows",
        {"now": now, "m": other_modules, "voluntary": VOLUNTARY_DONE_SHARE},
    )


def create_progress() -> int:
    """Module rows of every engagement: one INSERT … SELECT, visits 25 minutes apart."""
    return _execute(
        "INSERT INTO learning_moduleprogress (user_id, module_id, course_id, status,"
        " first_visit_at, last_visit_at, completed_at)"
        " SELECT e.user_id, m.module_id, e.course_id,"
        " CASE WHEN m.pos <= e.completed THEN 2 ELSE 1 END,"
        " x.t - interval '12 minutes', x.t, CASE WHEN m.pos <= e.completed THEN x.t END"
        " FROM bench_engagement e"
        " JOIN bench_module m ON m.course_id = e.course_id AND m.pos <= e.covered"
        " CROSS JOIN LATERAL"
        " (SELECT e.at - (e.covered - m.pos) * interval '25 minutes' AS t) x"
    )


def create_completions() -> int:
    """One completion per completed engagement, at the time of its last module."""
    return _execute(
        "INSERT INTO learning_coursecompletion (user_id, course_id, course_title,"
        " duration_minutes, learner_name, municipality_name, completed_at, quizzes_passed,"
        " verification_code)"
        " SELECT e.user_id, e.course_id, p.title, c.duration_minutes,"
        " trim(u.first_name || ' ' || u.last_name), m.name, e.at, true,"
        " 'BN' || upper(lpad(to_hex(row_number() OVER ()), 14, '0'))"
        " FROM bench_engagement e"
        " JOIN wagtailcore_page p ON p.id = e.course_id"
        " JOIN courses_coursepage c ON c.page_ptr_id = e.course_id"
        " JOIN auth_user u ON u.id = e.user_id"
        " JOIN organisations_employee emp ON emp.user_id = e.user_id"
        " JOIN organisations_municipality m ON m.id = emp.municipality_id"
        " WHERE e.done"
    )


class _Clock:
    """``django.utils.timezone`` with "today" set to another day."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today

    def localdate(self, value=None, timezone=None):
        from django.utils import timezone as real

        return self.today if value is None else real.localdate(value, timezone)

    def __getattr__(self, name):
        from django.utils import timezone as real

        return getattr(real, name)


@contextmanager
def _as_of(day: datetime.date) -> Iterator[None]:
    """Run the obligation code as on ``day``: who was active then, assigned that day."""
    import organisations.models
    from learning import obligations, rules

    clock = _Clock(day)
    with (
        mock.patch.object(obligations, "timezone", clock),
        mock.patch.object(rules, "timezone", clock),
        mock.patch.object(organisations.models, "timezone", clock),
    ):
        yield


def create_obligations(assignments: list) -> int:
    """``sync_assignment`` run as on the day of each assignment, then what happened since.

    The people are those active on that day; completions are the ones recorded since, as
    ``refresh_completion`` would have copied them in the meantime. A lapsed completion
    (valid until before the assignment) does not count, the first due date counts from
    the day of assignment, so assignments from long ago have overdue obligations. People
    who joined later got theirs on joining (``sync_employee``), and leaving dates end
    obligations, as ``sync_employee`` does when a leaving date is entered.
    """
    from django.db import connection

    from learning.models import Obligation
    from learning.obligations import refresh_completion, sync_assignment
    from organisations.models import Employee

    created = 0
    for assignment in assignments:
        with _as_of(assignment.bench_assigned_on):
            created += len(sync_assignment(assignment))
        wrong = Obligation.objects.filter(assignment=assignment).exclude(
            assigned_on=assignment.bench_assigned_on
        )
        if wrong.exists():
            raise RuntimeError("sync_assignment no longer takes 'today' from timezone.")
    ids = [a.pk for a in assignments]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE learning_obligation o SET assigned_on = e.entry_date"
            " FROM organisations_employee e WHERE e.id = o.employee_id"
            " AND e.entry_date > o.assigned_on AND o.assignment_id = ANY(%s)"
            " RETURNING o.employee_id, o.course_id",
            [ids],
        )
        joined = set(cursor.fetchall())
    employees = Employee.objects.in_bulk({employee for employee, _course in joined})
    for employee_id, course_id in sorted(joined):
        refresh_completion(employees[employee_id], course_id)
    _execute(
        "UPDATE learning_obligation o SET ended_on = e.leaving_date"
        " FROM organisations_employee e WHERE e.id = o.employee_id"
        " AND e.leaving_date IS NOT NULL AND o.assignment_id = ANY(%s)",
        [ids],
    )
    _execute(
        "UPDATE learning_obligation SET assigned_mail_sent_at"
        " = assigned_on + interval '9 hours 5 minutes' WHERE assignment_id = ANY(%s)",
        [ids],
    )
    return created


def count(towns: list[Town], courses: list, assignments: list) -> dict[str, int]:
    from django.db.models import Count

    from courses.models import ModulePage
    from learning.models import CourseCompletion, Exemption, ModuleProgress, Obligation
    from learning.rules import DONE_STATES, OPEN_STATES, OVERDUE_STATES
    from organisations.models import Employee, OrgUnit, Position

    ids = [t.municipality.pk for t in towns]
    employees = Employee.objects.filter(municipality__in=ids)
    obligations = Obligation.objects.filter(assignment__in=assignments)
    current = obligations.current().with_state()
    states = dict(current.values_list("state").annotate(n=Count("id")).order_by())
    return {
        "municipalities": len(towns),
        "org_units": OrgUnit.objects.filter(municipality__in=ids).count(),
        "positions": Position.objects.filter(org_unit__municipality__in=ids).count(),
        "employees": employees.count(),
        "employees_left": employees.exclude(pk__in=employees.active()).count(),
        "unit_leaders": OrgUnit.leaders.through.objects.filter(
            orgunit__municipality__in=ids
        ).count(),
        "courses": len(courses),
        "modules": ModulePage.objects.filter(
            pk__in=[m.pk for c in courses for m in c.bench_modules]
        ).count(),
        "assignments": len(assignments),
        "obligations": obligations.count(),
        "obligations_ended": obligations.exclude(pk__in=obligations.current()).count(),
        "obligations_done": sum(states.get(s, 0) for s in DONE_STATES),
        "obligations_open": sum(states.get(s, 0) for s in OPEN_STATES),
        "obligations_overdue": sum(states.get(s, 0) for s in OVERDUE_STATES),
        "obligations_exempt": states.get("exempt", 0),
        "exemptions": Exemption.objects.filter(employee__in=employees).count(),
        "module_progress": ModuleProgress.objects.filter(course__in=courses).count(),
        "course_completions": CourseCompletion.objects.filter(course__in=courses).count(),
    }


def generate(
    scale: Scale,
    *,
    out: Callable[[str], None] = print,
    vacuum: bool = True,
    result: Result | None = None,
) -> Result:
    """Generate the data set of ``scale`` on Django's default connection.

    Each phase runs in a transaction of its own (a savepoint inside a test). ``vacuum``
    (outside a transaction only) vacuums and checkpoints at the end, so the benchmark
    that follows measures the steady state rather than the aftermath of the load.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    result = result or Result()
    phase = Phases(result, out)
    now = timezone.now()
    today = timezone.localdate(now)
    if scale.progress_rows % scale.employees:
        raise ValueError("progress_rows must be a multiple of employees")

    with phase("municipalities"), transaction.atomic():
        municipalities = create_municipalities(scale)
    with phase("org units and positions"), transaction.atomic():
        towns = create_units(scale, municipalities)
    with phase("accounts and employees"), transaction.atomic():
        people = create_staff(scale, towns, today)
    with phase("courses and modules"), transaction.atomic():
        courses = create_courses(scale)
    with phase("assignments and exemptions"), transaction.atomic():
        assignments = create_assignments(scale, towns, courses, people["admin"], today)
        create_exemptions(towns, people["admin"], today)
    with phase("learning plan"), transaction.atomic():
        plan_learning(scale, towns, courses, assignments, now)
    with transaction.atomic():
        rebuild = []
        if scale.progress_rows >= DEFER_INDEXES_FROM:
            with phase("drop indexes for the load"):
                for table in ("learning_moduleprogress", "learning_coursecompletion"):
                    rebuild += drop_secondary_indexes(table)
        with phase("module progress"):
            create_progress()
        with phase("course completions"):
            create_completions()
        if rebuild:
            with phase("rebuild indexes, constraints"):
                for sql in rebuild:
                    _execute(sql)
    with phase("obligations"), transaction.atomic():
        create_obligations(assignments)
    _execute("DROP TABLE IF EXISTS bench_staff, bench_course, bench_module, bench_obligated,"
             " bench_learner, bench_engagement")  # fmt: skip
    if vacuum and not connection.in_atomic_block:
        with phase("vacuum, analyze, checkpoint"):
            _execute("VACUUM (ANALYZE)")
            _execute("CHECKPOINT")
    else:
        with phase("analyze"):
            _execute("ANALYZE")
    result.counts = count(towns, courses, assignments)
    result.accounts = accounts(people, towns)
    return result


def accounts(people: dict, towns: list[Town]) -> list[str]:
    from organisations.models import Employee

    root, office = people["root"], people["office"]
    in_root = Employee.objects.filter(org_unit__path__startswith=root.path).count()
    in_office = Employee.objects.filter(org_unit__path__startswith=office.path).count()
    town = towns[0].municipality
    return [
        f"{ADMIN}: Kooperations-Admin (group), sees all {len(towns)} municipalities",
        f"{MANAGER_MUNICIPALITY}: leads the root unit id={root.pk} ({root}, path {root.path})"
        f" of municipality id={town.pk} ({town.name}): {in_root} employees in the subtree",
        f"{MANAGER_UNIT}: leads the Amt id={office.pk} ({office}, path {office.path}) in"
        f" {town.name}: {in_office} employees in the subtree",
        f"Password of these three: {PASSWORD}",
    ]


# --- Command line ------------------------------------------------------------------------


def has_bench_data() -> bool:
    """Whether the database of the default connection already holds generated data."""
    if _scalar("SELECT to_regclass('organisations_municipality') IS NULL"):
        return False
    return _scalar(
        "SELECT EXISTS (SELECT 1 FROM organisations_municipality WHERE slug LIKE %s)"
        " OR EXISTS (SELECT 1 FROM auth_user WHERE username LIKE %s)",
        [PREFIX + "%", PREFIX + "%"],
    )


def prepare_database(reset: bool, out: Callable[[str], None]) -> bool:
    """Create (or with ``reset`` drop and recreate) the database; False if it has data."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    quoted = connection.ops.quote_name(name)
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and reset:
            out(f"Dropping database {name} …")
            connection.close()
            cursor.execute(f"DROP DATABASE {quoted}")
            exists = False
        if not exists:
            out(f"Creating database {name} …")
            cursor.execute(f"CREATE DATABASE {quoted}")
    return not (exists and has_bench_data())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database first")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def out(line: str) -> None:
        print(line, flush=True)

    scale = SCALES[args.scale]
    name = connection.settings_dict["NAME"]
    if not prepare_database(args.reset, out):
        print(
            f"Database {name} already holds bench data (municipalities {PREFIX}*). "
            "Run with --reset to drop and recreate it, or point DATABASE_URL elsewhere.",
            file=sys.stderr,
        )
        return 2
    result = Result()
    started = time.perf_counter()
    out(f"Generating scale '{scale.name}' in database {name}:")
    with Phases(result, out)("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    # Session settings for the bulk load only; the server's configuration is untouched.
    for setting in (
        "synchronous_commit = off",
        "work_mem = '256MB'",
        "maintenance_work_mem = '1GB'",
    ):
        _execute(f"SET {setting}")
    generate(scale, out=out, result=result)
    total = time.perf_counter() - started
    out(f"  {'total':<32} {total:8.1f} s ({total / 60:.1f} min)")
    out("")
    out("Counts:")
    for key, value in result.counts.items():
        out(f"  {key:<32} {value:>12,}")
    out("")
    out("Accounts for the benchmark:")
    for line in result.accounts:
        out(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
