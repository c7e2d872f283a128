"""Upgrading an installation keeps every row, and a model that moved keeps its identity.

``tests/data/demo_at_706085a.sql.gz`` is a database as it was before ``core`` existed
(migrated and demo-loaded at commit 706085a, with report accesses, grants and log
entries; ``tests/data/README.md`` says how it was made). The test restores it into a
database of its own on the test server, runs this code's ``migrate`` on it in a child
process, as an upgrade would, and compares every table with what was there before.
``ReportAccess`` moved from ``learning`` to ``core``: its content type must keep its id,
so that its permissions, the group and user grants and Wagtail's log entries still
point at it, and the admin must still show them (``tests/upgrade_checks.py``).
``Handover`` and ``HandoverItem`` moved from ``knowledge`` to ``handovers`` the same way:
their content types keep their ids, and the demo's handover is read through the new
models and shown on its page.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from glob import glob
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "demo_at_706085a.sql.gz"

#: Tables the new migrations add rows to, and why; rows already there must stay.
GROWING = {
    "django_migrations": "the migrations since 706085a are recorded",
    "django_content_type": "the models since 706085a get content types",
    "auth_permission": "and permissions",
}

#: Rows ``organisations`` 0005 deletes on purpose: root-collection "choose" grants that
#: Wagtail's migrations gave the shared section's groups.
REVOKED_CHOOSE_GRANTS = """
    SELECT gcp.id FROM wagtailcore_groupcollectionpermission gcp
    JOIN wagtailcore_collection c ON c.id = gcp.collection_id AND c.depth = 1
    JOIN auth_permission p ON p.id = gcp.permission_id
    JOIN auth_group g ON g.id = gcp.group_id
    WHERE p.codename IN ('choose_document', 'choose_image') AND g.name <> 'Kooperations-Admin'
"""

#: The content type of ``ReportAccess`` before the upgrade: it is renamed, not replaced.
REPORT_ACCESS = "WHERE app_label = 'learning' AND model = 'reportaccess'"

#: The content types of ``Handover`` and ``HandoverItem`` before the upgrade: renamed too.
HANDOVERS = "WHERE app_label = 'knowledge' AND model IN ('handover', 'handoveritem')"


def _psql() -> str:
    found = shutil.which("psql") or next(iter(sorted(glob("/usr/lib/postgresql/*/bin/psql"))), None)
    if found is None:
        pytest.fail("psql not found: install Debian's postgresql-client.", pytrace=False)
    return found


def _conninfo(settings: dict, name: str) -> dict:
    info = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}
    if settings["PASSWORD"]:
        info["password"] = settings["PASSWORD"]
    return {key: str(value) for key, value in info.items() if value} | {"dbname": name}


def _database_url(settings: dict, name: str) -> str:
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{quote(settings['USER'], safe='')}{password}@{host}{port}/{name}"


def _manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result


def _tables(cursor) -> dict[str, list[str]]:
    cursor.execute(
        """
        SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position)
        FROM information_schema.columns
        WHERE table_schema = 'public'
        GROUP BY table_name
        """
    )
    return dict(cursor.fetchall())


def _rows(cursor, tables: dict[str, list[str]]) -> dict[str, Counter]:
    """Each table's rows as a multiset of fingerprints over the given columns."""
    rows = {}
    for table, columns in tables.items():
        cursor.execute(
            sql.SQL("SELECT md5(ROW({})::text) FROM {}").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
            )
        )
        rows[table] = Counter(fingerprint for (fingerprint,) in cursor.fetchall())
    return rows


def _fingerprints(cursor, table: str, columns: list[str], ids_query: str) -> Counter:
    cursor.execute(
        sql.SQL("SELECT md5(ROW({})::text) FROM {} WHERE id IN ({})").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.Identifier(table),
            sql.SQL(ids_query),
        )
    )
    return Counter(fingerprint for (fingerprint,) in cursor.fetchall())


#: A type cast or a parenthesis in an index or constraint definition.
CAST_OR_PARENTHESIS = re.compile(r"::[a-z]+(?: [a-z]+)*(?:\[\])?|[()]")


def _schema(cursor) -> dict[str, list]:
    """Columns, indexes and constraints of every table, in a comparable form.

    Definitions are compared without casts and parentheses: pg_dump writes a condition
    as PostgreSQL prints it, and restored it prints with its casts elsewhere (Wagtail's
    ``unique_in_progress_workflow``: ``ARRAY[('a'::varchar)::text]`` for
    ``(ARRAY['a'::varchar])::text[]``), the same condition in other words.
    """
    queries = {
        "columns": """
            SELECT table_name, column_name, data_type, character_maximum_length,
                   is_nullable, column_default, is_identity
            FROM information_schema.columns WHERE table_schema = 'public'
            ORDER BY 1, 2
        """,
        "indexes": """
            SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' ORDER BY 1, 2
        """,
        "constraints": """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2
        """,
    }
    schema = {}
    for name, query in queries.items():
        cursor.execute(query)
        rows = cursor.fetchall()
        if name != "columns":
            rows = [(*row[:-1], CAST_OR_PARENTHESIS.sub("", row[-1])) for row in rows]
        schema[name] = [list(row) for row in rows]
    return schema


@pytest.fixture(scope="module")
def upgraded(django_db_setup):
    """The dump restored, fingerprinted, migrated by this code and fingerprinted again.

    The database is named after this worker's test database, so parallel workers never
    share one; it is dropped at the end.
    """
    settings = connection.settings_dict
    name = f"{settings['NAME']}_upgrade"
    server = psycopg.connect(**_conninfo(settings, "postgres"), autocommit=True)
    server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        info = _conninfo(settings, name)
        restore = subprocess.run(
            [_psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", name],
            input=gzip.decompress(FIXTURE.read_bytes()),
            env={**os.environ, **{f"PG{k.upper()}": v for k, v in info.items() if k != "dbname"}},
            capture_output=True,
            timeout=120,
        )
        assert restore.returncode == 0, restore.stderr.decode()[-3000:]
        with psycopg.connect(**info) as database, database.cursor() as cursor:
            tables = _tables(cursor)
            before = _rows(cursor, tables)
            table = "wagtailcore_groupcollectionpermission"
            revoked = _fingerprints(cursor, table, tables[table], REVOKED_CHOOSE_GRANTS)
            cursor.execute(f"SELECT id, app_label, model FROM django_content_type {REPORT_ACCESS}")
            content_types = cursor.fetchall()
            cursor.execute(
                f"SELECT id, app_label, model FROM django_content_type {HANDOVERS} ORDER BY id"
            )
            handover_types = cursor.fetchall()
            table = "django_content_type"
            renamed = _fingerprints(
                cursor, table, tables[table], f"SELECT id FROM {table} {REPORT_ACCESS}"
            ) + _fingerprints(cursor, table, tables[table], f"SELECT id FROM {table} {HANDOVERS}")
            facts = _facts_before(cursor)
        url = _database_url(settings, name)
        _manage(url, "migrate", "--no-input", "-v", "0")
        with psycopg.connect(**info) as database, database.cursor() as cursor:
            after = _rows(cursor, tables)
            schema = _schema(cursor)
        checks = _manage(
            url, "shell", "-v", "0", "-c", "import tests.upgrade_checks as c; c.main()"
        )
        yield {
            "tables": tables,
            "before": before,
            "after": after,
            "expected_gone": {
                "wagtailcore_groupcollectionpermission": revoked,
                "django_content_type": renamed,
            },
            "content_types": content_types,
            "handover_types": handover_types,
            "facts": facts,
            "schema": schema,
            "seen": json.loads(checks.stdout.strip().splitlines()[-1]),
        }
    finally:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.close()


def _facts_before(cursor) -> dict:
    """What the old database says about report accesses, in ``upgrade_checks``' terms."""

    def fetch(query: str) -> list[list]:
        cursor.execute(query)
        return sorted(list(row) for row in cursor.fetchall())

    access = (
        "JOIN django_content_type ct ON ct.id = p.content_type_id AND ct.model = 'reportaccess'"
    )
    return {
        "permissions": fetch(f"SELECT p.id, p.codename FROM auth_permission p {access}"),
        "group_grants": fetch(
            "SELECT g.name, p.codename FROM auth_group_permissions gp "
            "JOIN auth_group g ON g.id = gp.group_id "
            f"JOIN auth_permission p ON p.id = gp.permission_id {access}"
        ),
        "user_grants": fetch(
            "SELECT u.username, p.codename FROM auth_user_user_permissions up "
            "JOIN auth_user u ON u.id = up.user_id "
            f"JOIN auth_permission p ON p.id = up.permission_id {access}"
        ),
        "log_entries": fetch(
            "SELECT e.object_id, e.action, r.username || ': ' || r.report "
            "FROM wagtailcore_modellogentry e "
            "JOIN django_content_type ct ON ct.id = e.content_type_id "
            "AND ct.model = 'reportaccess' "
            "JOIN learning_reportaccess r ON r.id::text = e.object_id"
        ),
        "accesses": [row[0] for row in fetch("SELECT id FROM learning_reportaccess")],
        "handover_permissions": fetch(
            "SELECT p.id, p.codename FROM auth_permission p "
            "JOIN django_content_type ct ON ct.id = p.content_type_id "
            "AND ct.model IN ('handover', 'handoveritem')"
        ),
        "handovers": fetch("SELECT id, leaver_id, position_id FROM knowledge_handover"),
        "handover_items": fetch(
            "SELECT id, handover_id, kind, article_id, course_id FROM knowledge_handoveritem"
        ),
    }


def test_upgrade_from_706085a_keeps_every_row(upgraded):
    """Every row of every table is still there, unchanged, but for the rows the new
    migrations add (``GROWING``), the grants ``organisations`` 0005 revokes, and the
    content type of ``ReportAccess``, renamed in place (next test)."""
    before, after = upgraded["before"], upgraded["after"]
    assert sum(rows.total() for rows in before.values()) > 1000, "the whole demo"
    changed = {}
    for table in upgraded["tables"]:
        gone = before[table] - after[table]
        added = after[table] - before[table]
        if gone != upgraded["expected_gone"].get(table, Counter()) or (
            added and table not in GROWING
        ):
            changed[table] = f"{gone.total()} rows gone or changed, {added.total()} new"
    assert changed == {}


def test_report_access_keeps_its_content_type_grants_and_log_entries(upgraded):
    facts, seen = upgraded["facts"], upgraded["seen"]
    [(content_type_id, _app_label, _model)] = upgraded["content_types"]
    assert seen["content_type"] == [content_type_id, "core", "reportaccess"]
    assert facts["accesses"] and facts["log_entries"]
    assert facts["group_grants"] and facts["user_grants"]
    for key in ("permissions", "group_grants", "user_grants", "log_entries"):
        assert seen[key] == facts[key], key
    assert seen["has_view_permission"] == ["fuehrungskraft", "kooperation"]
    # In the admin, for the cooperation admin of the dump: the access log lists every
    # entry, the site history the log entries about them.
    assert seen["index_status"] == 200
    assert seen["index_lists"] == facts["accesses"]
    assert seen["history_status"] == 200
    assert seen["history_lists"] == sorted(str(e[0]) for e in facts["log_entries"])


def test_handovers_keep_their_rows_and_content_types(upgraded):
    facts, seen = upgraded["facts"], upgraded["seen"]
    assert [model for _id, _app_label, model in upgraded["handover_types"]] == [
        "handover",
        "handoveritem",
    ]
    assert seen["handover_content_types"] == [
        [content_type_id, "handovers", model]
        for content_type_id, _app_label, model in upgraded["handover_types"]
    ]
    assert facts["handover_permissions"]
    assert seen["handover_permissions"] == facts["handover_permissions"]
    # The demo's pending handover and its items, read through the moved models, and
    # its page for the manager of its unit.
    assert facts["handovers"] and facts["handover_items"]
    assert seen["handovers"] == facts["handovers"]
    assert seen["handover_items"] == facts["handover_items"]
    assert seen["handover_status"] == 200
    assert seen["handover_lists"] == sorted(item[0] for item in facts["handover_items"])


def test_upgraded_schema_is_a_fresh_migrate(upgraded, db):
    """The test database was migrated from nothing by this code: same tables, columns,
    indexes and constraints as the upgraded one."""
    with connection.cursor() as cursor:
        fresh = _schema(cursor)
    for part in ("columns", "indexes", "constraints"):
        assert upgraded["schema"][part] == fresh[part], part
