"""A manager checks her staff's mandatory training and downloads the numbers.

Maria leads the Fachbereich Bürgerdienste in Blomberg; the Bürgerbüro below it has
four people who must complete "Datenschutz im Amt": one done, one overdue, two open.
She opens the completion matrix from the admin's "Berichte" menu, drills into the
Bürgerbüro, sees who is overdue, downloads the matrix as XLSX and the test compares
the file with the database. The report pages are checked with axe-core (WCAG 2.1 A/AA)
and must raise no Content-Security-Policy violation.
"""

import datetime

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import ReportAccess
from courses.tests.factories import make_course, make_course_index, section_of
from learning.models import Assignment, Obligation
from learning.obligations import sync_assignment
from organisations.roles import Role
from organisations.tests.factories import make_employee, make_municipality, make_unit, make_user
from tests.browser.helpers import assert_no_axe_violations, csp_violations, login

PASSWORD = "lernwerk-test-1"
COURSE = "Datenschutz im Amt"


@pytest.fixture
def reports_world(transactional_db):
    blomberg = make_municipality("Blomberg", slug="blomberg")
    services = make_unit(blomberg, "Bürgerdienste")
    office = make_unit(blomberg, "Bürgerbüro", parent=services)
    finance = make_unit(blomberg, "Kämmerei")
    maria = make_employee(
        unit=services,
        user=make_user("maria", password=PASSWORD, first_name="Maria", last_name="Leitung"),
        roles=[Role.MANAGER],
    )
    services.leaders.add(maria)
    people = {
        name: make_employee(unit=office, first_name=name, last_name=last)
        for name, last in [("Anna", "Erledigt"), ("Otto", "Verspätet"), ("Olga", "Offen")]
    }
    make_employee(unit=office, first_name="Paul", last_name="Neu")
    make_employee(unit=finance, first_name="Fritz", last_name="Kämmerer")
    course = make_course(make_course_index(section_of(None)), COURSE)
    assignment = Assignment.objects.create(
        course=course,
        municipality=blomberg,
        target=Assignment.Target.MUNICIPALITY,
        due_rule=Assignment.DueRule.AFTER_ASSIGNMENT,
        due_days=30,
    )
    sync_assignment(assignment)
    today = timezone.localdate()
    Obligation.objects.filter(employee=people["Anna"]).update(
        completed_on=today - datetime.timedelta(days=3)
    )
    Obligation.objects.filter(employee=people["Otto"]).update(
        due_date=today - datetime.timedelta(days=7)
    )
    return {"office": office, "course": course, "maria": maria}


def test_manager_drills_into_overdue_staff_and_downloads_the_matrix(
    page, live_server, reports_world, tmp_path, settings
):
    # The admin's avatars would come from gravatar.com, which the CSP (rightly) blocks;
    # an intranet should not send staff's e-mail hashes there anyway.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    login(page, live_server, "maria", PASSWORD)
    # Her start page lists her own assigned trainings with their states.
    expect(page.get_by_role("heading", name="Meine Pflichtschulungen")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/admin/")
    page.get_by_role("button", name="Berichte").click()
    page.get_by_role("link", name="Pflichtschulungen: Erfüllung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erfüllung der Pflichtschulungen")

    table = page.get_by_role("table", name="Erfüllung je Organisationseinheit und Kurs")
    office_row = table.get_by_role("row").filter(has_text="Bürgerbüro")
    expect(office_row).to_contain_text("1 (25 %)")  # done
    expect(office_row).to_contain_text("2 (50 %)")  # open
    expect(page.get_by_role("figure")).to_contain_text("Erfüllung je Organisationseinheit")
    expect(
        page.get_by_role("img", name="Erfüllung je Organisationseinheit und Kurs (diese Seite)")
    ).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Kämmerei")
    assert_no_axe_violations(page)

    # The unit's people, with status and dates.
    office_row.get_by_role("link", name="Bürgerbüro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pflichtschulungen: Bürgerbüro")
    otto = page.get_by_role("row").filter(has_text="Otto Verspätet")
    expect(otto).to_contain_text("Überfällig")
    expect(page.get_by_role("row").filter(has_text="Anna Erledigt")).to_contain_text("Erledigt")
    assert_no_axe_violations(page)

    # Back to the matrix and download it.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erfüllung der Pflichtschulungen")
    page.get_by_role("button", name="Aktionen").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX herunterladen").click()
    download = download_info.value
    today = timezone.localdate().isoformat()
    assert download.suggested_filename == f"erfuellungsmatrix-{today}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert "Erledigt" in header
    office = next(row for row in data if row["Organisationseinheit"] == "Bürgerbüro")
    obligations = Obligation.objects.filter(org_unit=reports_world["office"])
    states = [o.state for o in obligations]
    assert office["Pflichten"] == len(states) == 4
    assert office["Erledigt"] == states.count("done") == 1
    assert office["Überfällig"] == states.count("overdue") == 1
    assert office["Offen"] == 2
    assert {row["Organisationseinheit"] for row in data} == {"Bürgerdienste", "Bürgerbüro"}

    # The course overview, too, is accessible; everything she saw is in the log.
    page.goto("/admin/berichte/pflichtschulungen/kurse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kursübersicht Pflichtschulungen")
    assert_no_axe_violations(page)
    page.goto("/admin/berichte/pflichtschulungen/ueberfaellig/")
    expect(page.get_by_role("row").filter(has_text="Otto Verspätet")).to_be_visible()
    assert_no_axe_violations(page)
    assert csp_violations(page) == []
    logged = list(
        ReportAccess.objects.filter(username="maria")
        .order_by("pk")
        .values_list("report", "export_format")
    )
    assert ("completion_matrix", "xlsx") in logged
    assert ("completion_matrix_unit", "") in logged
