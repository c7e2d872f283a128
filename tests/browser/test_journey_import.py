"""Journey: the HR office imports staff in the admin and reads the result.

An administrator of the cooperation opens "Beschäftigte importieren", uploads an export
with a misspelt top unit and reads which line is wrong; then uploads the corrected file
and reads the counts. Form and status pages are checked with axe. Tasks run at once in
the tests (``ImmediateBackend``), so the status page shows the finished run.
"""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from organisations.models import Employee
from organisations.roles import COOPERATION_ADMIN_GROUP
from organisations.tests.factories import make_municipality, make_unit, make_user
from tests.browser.helpers import assert_no_axe_violations, login

PASSWORD = "lernwerk-test-1"
HEADER = "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle\r\n"
MISSPELT = (
    HEADER + "1001;Anna;Müller;anna@blomberg.de;Stadt Blombreg > Bürgerbüro;Sachbearbeitung\r\n"
).encode("cp1252")
CORRECT = (
    HEADER
    + "1001;Anna;Müller;anna@blomberg.de;Stadt Blomberg > Bürgerbüro;Sachbearbeitung\r\n"
    + "1002;Ben;Meier;ben@blomberg.de;Stadt Blomberg > Bürgerbüro;Sachbearbeitung\r\n"
).encode("cp1252")


@pytest.fixture
def blomberg(transactional_db):
    town = make_municipality("Blomberg", slug="blomberg")
    make_unit(town, "Stadt Blomberg")
    admin = make_user("hr", password=PASSWORD, first_name="Helga", last_name="Personal")
    admin.groups.add(Group.objects.get(name=COOPERATION_ADMIN_GROUP))
    return town


def upload(page, name: str, content: bytes) -> None:
    page.goto("/admin/beschaeftigte-importieren/")
    page.get_by_label("Kommune").select_option(label="Blomberg")
    page.get_by_label("CSV-Datei").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Hochladen und importieren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beschäftigten-Import")


def test_hr_uploads_a_file_reads_the_bad_line_then_imports_the_corrected_one(
    page, live_server, blomberg
):
    login(page, live_server, "hr", PASSWORD)
    page.goto("/admin/beschaeftigte-importieren/")
    assert_no_axe_violations(page)

    upload(page, "personal.csv", MISSPELT)
    expect(page.get_by_text("Nicht importiert")).to_be_visible()
    expect(page.get_by_text("Stadt Blombreg > Bürgerbüro")).to_be_visible()
    assert_no_axe_violations(page)
    assert not Employee.objects.filter(municipality=blomberg).exists()

    upload(page, "personal-korrigiert.csv", CORRECT)
    expect(page.get_by_text("2 neu angelegt")).to_be_visible()
    assert_no_axe_violations(page)
    assert Employee.objects.filter(municipality=blomberg).count() == 2
