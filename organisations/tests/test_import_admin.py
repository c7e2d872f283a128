"""The admin screen "Beschäftigte importieren": upload, results, errors and who may use it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisations.importing import MAX_FILE_BYTES
from organisations.models import Employee
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


def test_upload_imports_and_shows_the_counts(
    admin_client, blomberg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            URL, {"municipality": blomberg.pk, "file": upload(GOOD_FILE)}, follow=True
        )

    assert response.redirect_chain == [(URL, 302)]
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == [
        "Blomberg: 2 neu angelegt, 0 geändert, 0 unverändert; 2 Organisationseinheiten und "
        "1 Stelle neu; 2 Einladungen, 0 Konten deaktiviert."
    ]
    assert Employee.objects.filter(municipality=blomberg).count() == 2
    assert Employee.objects.get(personnel_number="1001").user.last_name == "Müller"
    assert len(mail.outbox) == 2


def test_dry_run_upload_saves_nothing(admin_client, blomberg):
    response = admin_client.post(
        URL, {"municipality": blomberg.pk, "file": upload(GOOD_FILE), "dry_run": "on"}, follow=True
    )

    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages[0].startswith("Blomberg: Probelauf, nichts gespeichert: 2 neu angelegt")
    assert not Employee.objects.exists()


def test_bad_file_lists_every_bad_line_and_imports_nothing(admin_client, blomberg):
    bad = (
        b"Personalnummer;E-Mail;Eintrittsdatum\r\n"
        b"1001;anna@blomberg.de;01.02.2020\r\n"
        b"1002;ben@blomberg.de;31.02.2024\r\n"
        b"1003;kein-at;\r\n"
    )

    response = admin_client.post(URL, {"municipality": blomberg.pk, "file": upload(bad)})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Zeile 3: Das Datum „31.02.2024“ ist ungültig (erwartet TT.MM.JJJJ)." in content
    assert "Zeile 4: Die E-Mail-Adresse „kein-at“ ist ungültig." in content
    assert "Die Datei wurde nicht importiert: 2 Fehler." in content
    assert not Employee.objects.exists()


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


def test_too_big_upload_is_a_form_error(admin_client, blomberg):
    too_big = GOOD_FILE + b"x" * MAX_FILE_BYTES

    response = admin_client.post(URL, {"municipality": blomberg.pk, "file": upload(too_big)})

    assert response.context["form"].errors["file"] == [
        "Die Datei ist größer als 5 MB; bitte aufteilen."
    ]
    assert not Employee.objects.exists()
