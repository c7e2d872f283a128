"""Open the main pages of the quick-start demo as each demo login would, on SQLite.

Run by ``tests/test_quickstart.py`` in a child process with ``config.settings.dev``
after ``migrate`` and ``load_demo_data``: the test suite itself runs on PostgreSQL, so
this is where SQL that only PostgreSQL understands would show before a newcomer's
``./lernwerk run`` does. Prints every page that does not answer 200 and exits non-zero.
"""

from __future__ import annotations

import re
import sys

from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

#: Search terms that SQLite's full-text search (FTS5) would read as broken syntax.
QUOTES = ["%22", "%22Meldebescheinigung", "Melde%22"]

PAGES = {
    "beschaeftigte": [
        "/",
        "/konto/profil/",
        "/lernen/meine-daten/csv/",
        *(f"/gemeinsam/kurse/?q={term}" for term in QUOTES),
        *(f"/gemeinsam/prozesse/?q={term}" for term in QUOTES),
    ],
    "fuehrungskraft": [
        "/",
        "learning_reports:completion_matrix",
        "learning_reports:completion_matrix?export=xlsx",
        "learning_reports:completion_matrix?export=csv",
        "learning_reports:overdue",
        "learning_reports:overdue?export=csv",
        "learning_reports:course_overview",
        "learning_reports:course_overview?export=xlsx",
        "knowledge_reports:at_risk",
        "knowledge_reports:at_risk?export=csv",
        "handovers:list",
        "/admin/pflichtschulungen/",
    ],
    "admin": [
        "learning_reports:course_overview",
        "learning_reports:completion_matrix",
        "/admin/berichtszugriffe/",
        "/admin/externe-abschluesse/",
        "/admin/befreiungen/",
        *(f"/admin/pages/search/?q={term}" for term in QUOTES),
        *(f"/admin/choose-page/search/?q={term}" for term in QUOTES),
        *(f"/admin/images/?q={term}" for term in QUOTES),
    ],
}


def resolve(target: str) -> str:
    if target.startswith("/"):
        return target
    name, _, query = target.partition("?")
    return reverse(name) + (f"?{query}" if query else "")


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


def main() -> int:
    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    failures = []
    for username, targets in PAGES.items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        found = []
        for target in targets:
            url = resolve(target)
            response = client.get(url)
            if response.status_code != 200:
                failures.append(f"{username} {url}: {response.status_code}")
                continue
            if not response.streaming and "html" in response.get("Content-Type", ""):
                html = response.content.decode()
                found += links(html, r'href="(/admin/berichte/[^"?]*/einheit/\d+/)"')
                found += links(html, r'href="(/wissen/uebergaben/\d+/)"')
                found += links(html, r'href="(/[a-z-]+/prozesse/[a-z0-9-]+/)')
                found += links(html, r'href="(/wissen/vergleich/\d+/)"')
            elif response.streaming:
                # Exports stream: reading them runs their queries.
                b"".join(response.streaming_content)
        for url in sorted(set(found)):
            response = client.get(url)
            if response.status_code != 200:
                failures.append(f"{username} {url}: {response.status_code}")
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"quick-start pages checked, {len(failures)} failed")
    return 1 if failures else 0
