"""What browser tests do on many pages: log in through the form, check accessibility.

Use with the ``page`` and ``live_server`` fixtures of the root ``conftest.py``::

    from tests.browser.helpers import assert_no_axe_violations, login

    def test_start_page_greets_employee(page, live_server):
        login(page, live_server, "erika", "lernwerk-test-1")
        assert_no_axe_violations(page)
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import reverse

AXE_JS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"

#: The WCAG 2.1 A/AA rules: what BITV 2.0 (via EN 301 549) requires of a public body.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@functools.cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def path_of(page) -> str:
    """The path of the page's current URL, for asserting where a redirect landed."""
    return urlsplit(page.url).path


def login(page, live_server, username: str, password: str) -> None:
    """Sign in through the real login form, as a person would.

    ``client.login`` is no shortcut here: django-axes rejects authentication without a
    request, and going through the form also proves the form works. Fails the test with
    the form's error message when the login is refused.
    """
    login_path = reverse("login")
    page.goto(f"{live_server.url}{login_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form:has(#id_password) [type=submit]").click()
    if path_of(page) == login_path:
        errors = page.locator(".form-errors, .field__errors").all_inner_texts()
        raise AssertionError(f"Login as {username!r} failed: {' '.join(errors) or page.url}")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current document and return its violations.

    axe is injected by evaluating its source through the DevTools protocol: the strict
    Content-Security-Policy (rightly) refuses inline ``<script>`` tags, so
    ``add_script_tag(content=...)`` would be blocked.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    """Fail with a readable list when axe-core finds WCAG 2.1 A/AA violations on the page."""
    violations = axe_violations(page)
    if violations:
        raise AssertionError(
            f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations)
        )


def csp_violations(page) -> list[str]:
    """Content-Security-Policy violations the page reported since it loaded."""
    return page.evaluate("() => window.__cspViolations || []")
