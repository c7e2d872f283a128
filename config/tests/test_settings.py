"""Production configuration and the security headers every response carries."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from organisations.tests.factories import make_employee, make_municipality, make_unit

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-very-long-random-production-secret-key-for-the-deploy-check-1234567890",
    "ALLOWED_HOSTS": "lernwerk.example.de",
    "DATABASE_URL": "postgres://lernwerk:geheim@127.0.0.1:5432/lernwerk",
    "EMAIL_HOST": "smtp.example.de",
    "DEFAULT_FROM_EMAIL": "Lernwerk <lernwerk@example.de>",
    "BASE_URL": "https://lernwerk.example.de",
}


def run_manage(*args, env):
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    unwanted = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_on_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "EMAIL_HOST"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_sqlite():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///tmp/lernwerk.sqlite3"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


@pytest.mark.parametrize(
    ("value", "threshold"), [(None, "5"), ("0", "0"), ("", "None")], ids=["default", "0", "off"]
)
def test_production_prepares_repeated_queries_unless_turned_off(value, threshold):
    """Server-side binding and psycopg's prepared statements; DATABASE_PREPARE_THRESHOLD
    empty turns preparing off (PgBouncer in transaction mode)."""
    env = {**PRODUCTION_ENV}
    if value is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = value
    script = (
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
        "print(o['server_side_binding'], o['prepare_threshold'])"
    )
    result = run_manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", threshold]


def test_queries_run_prepared_on_a_kept_connection(django_db_blocker):
    """The suite runs with the production options: a query run often is prepared."""
    from django.db import connection  # noqa: PLC0415 (the test database is ready here)

    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            for _ in range(7):
                cursor.execute("SELECT %s::int + 1", [1])
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            [(prepared,)] = cursor.fetchall()
    assert prepared >= 1


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_front_end_pages_carry_a_strict_content_security_policy(client):
    town = make_municipality("Blomberg", slug="blomberg")
    client.force_login(make_employee(unit=make_unit(town, "Bürgerbüro")).user)
    response = client.get("/")
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "<script>" not in response.content.decode()
    assert " style=" not in response.content.decode()


@pytest.mark.django_db
def test_public_pages_carry_the_strict_policy_too(client):
    response = client.get("/konto/anmelden/")
    policy = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]


@pytest.mark.django_db
def test_wagtail_admin_gets_its_looser_policy(client):
    response = client.get("/admin/login/")
    policy = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
