"""The admin screen "Beschäftigte importieren": upload, background run, status page with
progress, counts and errors, and who may see what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from organisations.importing import MAX_FILE_BYTES
from organisations.models import Employee, EmployeeImport
from organisations.roles import Role
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_unit,
)

pytestmark = pytest.mark.django_db

URL = "/admin/beschaeftigte-importieren/"
GOOD_FILE = (
    "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle\r\n"
    "1001;Anna;Müller;anna@blomberg.de;Stadt Blomberg > Bürgerbüro;Sachbearbeitung\r\n"
    "1002;Ben;Meier;ben@blomberg.de;Stadt Blomberg > Bürgerbüro;Sachbearbeitung\r\n"
).encode("cp1252")


def upload(content: bytes, name: str = "personal.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def blomberg():
    return make_municipality("Blomberg")


@pytest.fixture
def admin_client(client):
    client.force_login(make_cooperation_admin())
    return client


def test_url_is_registered_in_the_admin():
    assert reverse("employee_import:index") == URL


def test_cooperation_admin_sees_form_and_menu_item(admin_client, blomberg):
    page = admin_client.get(URL)
    dashboard = admin_client.get(reverse("wagtailadmin_home"))

    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert "Beschäftigte importieren" in page.content.decode()
    assert URL in dashboard.content.decode()


def upload_and_run(client, municipality, content, **data):
    """Upload as the form does; the task runs on commit (immediately in tests)."""
    return client.post(URL, {"municipality": municipality.pk, "file": upload(content), **data})


def status_url(run) -> str:
    return reverse("employee_import:status", args=[run.pk])


def test_upload_runs_in_the_background_and_the_status_page_shows_the_counts(
    admin_client, blomberg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_and_run(admin_client, blomberg, GOOD_FILE)

    run = EmployeeImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(run)
    page = admin_client.get(status_url(run)).content.decode()
    assert (
        "Blomberg: 2 neu angelegt, 0 geändert, 0 unverändert; 2 Organisationseinheiten und "
        "1 Stelle neu; 2 Einladungen, 0 Konten deaktiviert." in page
    )
    assert 'http-equiv="refresh"' not in page  # finished: no more reloads
    assert Employee.objects.filter(municipality=blomberg).count() == 2
    assert Employee.objects.get(personnel_number="1001").user.last_name == "Müller"
    assert len(mail.outbox) == 2
    assert run.status == EmployeeImport.Status.DONE and run.uploaded_by.is_superuser is False


def test_nothing_is_imported_before_the_upload_is_committed(admin_client, blomberg):
    """The task is enqueued on commit: without a commit there is no run of it."""
    upload_and_run(admin_client, blomberg, GOOD_FILE)

    assert EmployeeImport.objects.get().status == EmployeeImport.Status.QUEUED
    assert not Employee.objects.exists()


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_the_file_is_kept_in_the_database_and_only_its_id_goes_to_the_task(
    admin_client, blomberg, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_and_run(admin_client, blomberg, GOOD_FILE)

    run = EmployeeImport.objects.get()
    task = DBTaskResult.objects.get(task_path="organisations.tasks.run_employee_import")
    assert bytes(run.data) == GOOD_FILE
    assert task.args_kwargs == {"args": [run.pk], "kwargs": {}}
    assert run.task_id == str(task.id)
    page = admin_client.get(status_url(run)).content.decode()
    assert 'http-equiv="refresh" content="2"' in page  # queued: reloads itself
    assert "Wartet auf Bearbeitung" in page


def test_status_page_shows_the_progress_of_checking(admin_client, blomberg):
    run = EmployeeImport.objects.create(
        municipality=blomberg,
        file_name="personal.csv",
        data=GOOD_FILE,
        status=EmployeeImport.Status.CHECKING,
        rows_checked=12000,
        rows_total=48000,
    )

    page = admin_client.get(status_url(run)).content.decode()

    assert "Datei wird geprüft" in page
    assert "12000 von etwa 48000 Zeilen geprüft." in page
    assert '<progress max="100" value="25"' in page
    assert 'http-equiv="refresh"' in page


def test_dry_run_upload_saves_nothing(admin_client, blomberg, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload_and_run(admin_client, blomberg, GOOD_FILE, dry_run="on")

    page = admin_client.get(status_url(EmployeeImport.objects.get())).content.decode()
    assert "Blomberg: Probelauf, nichts gespeichert: 2 neu angelegt" in page
    assert not Employee.objects.exists()
    assert mail.outbox == []


def test_bad_file_lists_every_bad_line_and_imports_nothing(
    admin_client, blomberg, django_capture_on_commit_callbacks
):
    bad = (
        b"Personalnummer;E-Mail;Eintrittsdatum\r\n"
        b"1001;anna@blomberg.de;01.02.2020\r\n"
        b"1002;ben@blomberg.de;31.02.2024\r\n"
        b"1003;kein-at;\r\n"
    )

    with django_capture_on_commit_callbacks(execute=True):
        upload_and_run(admin_client, blomberg, bad)

    run = EmployeeImport.objects.get()
    content = admin_client.get(status_url(run)).content.decode()
    assert run.status == EmployeeImport.Status.REJECTED
    assert "Zeile 3: Das Datum „31.02.2024“ ist ungültig (erwartet TT.MM.JJJJ)." in content
    assert "Zeile 4: Die E-Mail-Adresse „kein-at“ ist ungültig." in content
    assert "Die Datei wurde nicht importiert: 2 Fehler." in content
    assert not Employee.objects.exists()


def test_full_mode_lets_people_missing_from_the_file_leave(
    admin_client, blomberg, django_capture_on_commit_callbacks
):
    office = make_unit(blomberg, "Stadt Blomberg")
    missing = make_employee(municipality=blomberg, unit=office, personnel_number="0815")

    with django_capture_on_commit_callbacks(execute=True):
        upload_and_run(admin_client, blomberg, GOOD_FILE, mode="full")

    missing.refresh_from_db()
    assert missing.leaving_date is not None
    page = admin_client.get(status_url(EmployeeImport.objects.get())).content.decode()
    assert "1 Person nicht mehr in der Datei: Austritt heute" in page


def test_run_of_another_municipality_answers_404(
    client, blomberg, django_capture_on_commit_callbacks
):
    lugde = make_municipality("Lügde")
    add_employee = Permission.objects.get(
        content_type__app_label="organisations", codename="add_employee"
    )
    uploader = make_employee(municipality=blomberg, roles=[Role.MANAGER])
    colleague = make_employee(municipality=blomberg, roles=[Role.MANAGER])
    stranger = make_employee(municipality=lugde, roles=[Role.MANAGER])
    for person in (uploader, colleague, stranger):
        person.user.user_permissions.add(add_employee)
    client.force_login(uploader.user)
    with django_capture_on_commit_callbacks(execute=True):
        upload_and_run(client, blomberg, GOOD_FILE)
    run = EmployeeImport.objects.get()

    assert client.get(status_url(run)).status_code == 200
    client.force_login(colleague.user)  # may import for Blomberg too
    assert client.get(status_url(run)).status_code == 200
    client.force_login(stranger.user)
    assert client.get(status_url(run)).status_code == 404
    assert "personal.csv" not in client.get(URL).content.decode()
    client.force_login(make_cooperation_admin())
    assert client.get(status_url(run)).status_code == 200


def test_user_without_permission_gets_403(client, blomberg):
    manager = make_manager(make_unit(blomberg))  # may use the admin, not add employees
    client.force_login(manager.user)

    assert client.get(URL).status_code == 403
    response = client.post(URL, {"municipality": blomberg.pk, "file": upload(GOOD_FILE)})
    assert response.status_code == 403
    assert Employee.objects.count() == 1
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_municipality_of_another_tenant_is_rejected(client, blomberg):
    lugde = make_municipality("Lügde")
    hr_officer = make_employee(municipality=lugde, roles=[Role.MANAGER])
    hr_officer.user.user_permissions.add(
        Permission.objects.get(content_type__app_label="organisations", codename="add_employee")
    )
    client.force_login(hr_officer.user)

    form_page = client.get(URL)
    response = client.post(URL, {"municipality": blomberg.pk, "file": upload(GOOD_FILE)})

    assert list(form_page.context["form"].fields["municipality"].queryset) == [lugde]
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not Employee.objects.filter(municipality=blomberg).exists()
    assert not EmployeeImport.objects.exists()


def test_too_big_upload_is_a_form_error(admin_client, blomberg):
    too_big = GOOD_FILE + b"x" * MAX_FILE_BYTES

    response = admin_client.post(URL, {"municipality": blomberg.pk, "file": upload(too_big)})

    assert response.context["form"].errors["file"] == [
        "Die Datei ist größer als 16 MB; bitte aufteilen."
    ]
    assert not Employee.objects.exists()
