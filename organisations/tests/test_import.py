"""Importing employees from the HR system's CSV export (domain logic and command)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.importing import (
    MAX_FILE_BYTES,
    ImportMode,
    ImportRejected,
    import_employees,
    read_employee_csv,
)
from organisations.models import Employee, OrgUnit, Position, PositionHolding
from organisations.roles import Role
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

HEADER = "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle;Eintrittsdatum"
PATH = "Stadt Blomberg > Fachbereich 2 Bürgerdienste > Bürgerbüro"


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    """A CSV file as an HR system would export it (lines joined with CRLF)."""
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def rejection(data: bytes, municipality) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_employees(data, municipality)
    return [str(error) for error in caught.value.errors]


@pytest.fixture
def blomberg():
    return make_municipality("Blomberg")


@pytest.fixture
def today():
    return datetime.date.today()


# --- Refusing bad files ---------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_names_the_row(blomberg):
    data = csv_file(
        HEADER,
        f"1001;Anna;Schmidt;anna.schmidt@blomberg.de;{PATH};Sachbearbeitung;01.02.2020",
        f"1002;Ben;Meier;ben.meier@blomberg.de;{PATH};Sachbearbeitung;01.03.2021",
        f"1003;Cem;Yilmaz;cem.yilmaz@blomberg.de;{PATH};Sachbearbeitung;31.02.2024",
    )

    errors = rejection(data, blomberg)

    assert errors == ["Zeile 4: Das Datum „31.02.2024“ ist ungültig (erwartet TT.MM.JJJJ)."]
    assert not Employee.objects.exists()
    assert not User.objects.filter(email__endswith="@blomberg.de").exists()
    assert not OrgUnit.objects.filter(municipality=blomberg).exists()
    assert not Position.objects.exists()


def test_line_numbers_are_physical_lines_of_the_file(blomberg):
    data = csv_file(
        "Personalnummer;E-Mail;Vorname",
        "1001;anna@blomberg.de;Anna",
        "",
        '1002;ben@blomberg.de;"Ben',
        'Benedikt"',
        "1003;kein-at-zeichen;Cem",
    )

    errors = rejection(data, blomberg)

    assert errors[0].startswith("Zeile 4: Ein Wert enthält einen Zeilenumbruch")
    assert errors[1] == "Zeile 6: Die E-Mail-Adresse „kein-at-zeichen“ ist ungültig."


def test_every_bad_row_is_reported_at_once(blomberg):
    make_user(email="taken@blomberg.de")
    data = csv_file(
        "Personalnummer;E-Mail;Eintrittsdatum;Austrittsdatum;Organisationseinheit;Führungskraft",
        "1001;anna@blomberg.de;01.02.2020;31.01.2020;Rathaus;nein",
        ";ben@blomberg.de;;;Rathaus;",
        "1003;cem@blomberg.de;;;Rathaus;vielleicht",
        "1004;dora@blomberg.de;;;Rathaus >  > Amt;",
        "1005;taken@blomberg.de;;;Rathaus;",
    )

    errors = rejection(data, blomberg)

    assert errors == [
        "Zeile 2: Das Austrittsdatum 31.01.2020 liegt vor dem Eintrittsdatum 01.02.2020.",
        "Zeile 3: Die Personalnummer fehlt.",
        "Zeile 4: „vielleicht“ ist in der Spalte „Führungskraft“ nicht erlaubt "
        "(erlaubt: ja, nein, x, 1, 0, true, false oder leer).",
        "Zeile 5: Die Organisationseinheit „Rathaus >  > Amt“ enthält einen leeren Namen "
        "(Einheiten werden mit „ > “ getrennt).",
        "Zeile 6: Die E-Mail-Adresse „taken@blomberg.de“ gehört schon zu einem anderen "
        "Benutzerkonto.",
    ]


def test_duplicates_within_the_file_name_the_first_line(blomberg):
    data = csv_file(
        "Personalnummer;E-Mail",
        "1001;anna@blomberg.de",
        "1002;ANNA@blomberg.de",
        "1001;ben@blomberg.de",
    )

    errors = rejection(data, blomberg)

    assert errors == [
        "Zeile 3: Die E-Mail-Adresse „anna@blomberg.de“ steht schon in Zeile 2.",
        "Zeile 4: Die Personalnummer „1001“ steht schon in Zeile 2.",
    ]


def test_email_of_another_person_is_refused(blomberg):
    colleague = make_employee(municipality=blomberg, personnel_number="0815")
    make_user(email="extern@example.org")
    data = csv_file(
        "Personalnummer;E-Mail",
        f"1001;{colleague.user.email.upper()}",
        "1002;extern@example.org",
    )

    errors = rejection(data, blomberg)

    assert errors == [
        f"Zeile 2: Die E-Mail-Adresse „{colleague.user.email}“ gehört schon zur "
        "Personalnummer „0815“.",
        "Zeile 3: Die E-Mail-Adresse „extern@example.org“ gehört schon zu einem anderen "
        "Benutzerkonto.",
    ]


def test_username_taken_by_another_account_is_refused(blomberg):
    make_user(username="anna", email="anna.alt@example.org")
    data = csv_file("Personalnummer;E-Mail;Benutzername", "1001;anna@blomberg.de;anna")

    assert rejection(data, blomberg) == ["Zeile 2: Der Benutzername „anna“ ist schon vergeben."]


def test_account_created_meanwhile_by_someone_else_is_refused_not_a_crash(blomberg, monkeypatch):
    make_user(username="anna", email="anna.alt@example.org")
    # As if the account appeared between the check and the write.
    monkeypatch.setattr("organisations.importing.records.find_conflicts", lambda rows, records: [])
    data = csv_file("Personalnummer;E-Mail;Benutzername", "1001;anna@blomberg.de;anna")

    errors = rejection(data, blomberg)

    assert errors[0].startswith("Die Daten wurden während des Imports an anderer Stelle")
    assert not Employee.objects.exists()


def test_missing_required_columns_are_named(blomberg):
    data = csv_file("Personal-Nr;Vorname;Mail", "1001;Anna;anna@blomberg.de")

    assert rejection(data, blomberg) == [
        "Zeile 1: Die Pflichtspalten „Personalnummer“ und „E-Mail“ fehlen "
        "(gefunden: „Personal-Nr“, „Vorname“, „Mail“)."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Die Datei ist leer."),
        (b"\xef\xbb\xbf\r\n\r\n", "Die Datei ist leer."),
        (b"Personalnummer;E-Mail\r\n", "Die Datei enthält keine Beschäftigten, nur die Kopfzeile."),
        (
            "Personalnummer;E-Mail".encode("utf-16"),
            "Die Datei ist keine CSV-Datei (sie enthält Null-Bytes, z. B. eine Excel- oder "
            "UTF-16-Datei). Bitte als „CSV UTF-8“ oder „CSV (Trennzeichen-getrennt)“ speichern.",
        ),
        (
            b"Personalnummer;E-Mail\r\n1001;m\xfcller@blomberg.de\r\n1002;\x81@blomberg.de\r\n",
            "Zeile 3: Die Datei ist weder UTF-8 noch Windows-1252 (unlesbares Byte 0x81). "
            "Bitte als „CSV UTF-8“ speichern.",
        ),
        (
            b"Personalnummer;E-Mail\r\n" + b"x" * MAX_FILE_BYTES,
            "Die Datei ist größer als 16 MB; bitte aufteilen.",
        ),
    ],
    ids=["empty", "only-bom-and-blank-lines", "header-only", "utf-16", "undecodable", "too-big"],
)
def test_unreadable_files_are_refused(blomberg, data, message):
    assert rejection(data, blomberg) == [message]


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr("organisations.importing.reading.MAX_ROWS", 2)
    data = csv_file("Personalnummer;E-Mail", "1;a@x.de", "2;b@x.de", "3;c@x.de")

    parsed = read_employee_csv(data)

    assert [str(error) for error in parsed.errors] == [
        "Die Datei hat mehr als 2 Zeilen; bitte aufteilen."
    ]


# --- Reading what HR systems export ---------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_utf8_with_and_without_bom_and_windows_1252_are_read(blomberg, encoding):
    data = csv_file(
        "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle",
        "1001;Jürgen;Müller;mueller@blomberg.de;Straßenverkehrsamt;Sachgebietsleitung Ö",
        encoding=encoding,
    )

    import_employees(data, blomberg)

    employee = Employee.objects.select_related("user", "org_unit", "position").get()
    assert (employee.user.first_name, employee.user.last_name) == ("Jürgen", "Müller")
    assert employee.org_unit.name == "Straßenverkehrsamt"
    assert employee.position.title == "Sachgebietsleitung Ö"


@pytest.mark.parametrize(
    "lines",
    [
        ("Personalnummer;E-Mail;Vorname;Nachname", '1001;anna@blomberg.de;Anna;"Schmidt; Berg"'),
        ("Personalnummer,E-Mail,Vorname,Nachname", '1001,anna@blomberg.de,Anna,"Schmidt, Berg"'),
    ],
    ids=["semicolon", "comma"],
)
def test_comma_and_semicolon_separators_are_detected(blomberg, lines):
    import_employees(csv_file(*lines), blomberg)

    user = Employee.objects.get(personnel_number="1001").user
    quoted_last_name = lines[1].split('"')[1]  # contains the separator itself
    assert (user.first_name, user.last_name) == ("Anna", quoted_last_name)


def test_excel_separator_hint_line_is_understood(blomberg):
    data = csv_file("sep=,", "Personalnummer,E-Mail,Eintrittsdatum", "1001,anna@blomberg.de,x")

    assert rejection(data, blomberg) == [
        "Zeile 3: Das Datum „x“ ist ungültig (erwartet TT.MM.JJJJ)."
    ]


def test_headers_ignore_case_and_whitespace_and_dates_accept_iso(blomberg):
    data = csv_file(
        "  PERSONALNUMMER ; e-mail ;eintrittsdatum;Austrittsdatum ;Bemerkung",
        "1001;anna@blomberg.de;2020-02-01;31.12.2099;wird ignoriert",
    )

    result = import_employees(data, blomberg)

    employee = Employee.objects.get()
    assert employee.entry_date == datetime.date(2020, 2, 1)
    assert employee.leaving_date == datetime.date(2099, 12, 31)
    assert result.ignored_headers == ("Bemerkung",)


# --- Creating and updating ------------------------------------------------------------


def test_new_people_get_accounts_units_and_positions_along_the_path(blomberg):
    lugde = make_municipality("Lügde")
    make_unit(lugde, "Stadt Blomberg")  # same name in another municipality: not reused
    data = csv_file(
        HEADER + ";Benutzername",
        f"1001;Anna;Schmidt;Anna.Schmidt@Blomberg.de;{PATH};Sachbearbeitung;01.02.2020;",
        "1002;Ben;Meier;ben@blomberg.de;stadt blomberg >  Fachbereich 2 Bürgerdienste;"
        "Fachbereichsleitung;;bmeier",
        f"1003;Cem;Yilmaz;cem@blomberg.de;{PATH};sachbearbeitung;;",
    )

    result = import_employees(data, blomberg)

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert (result.units_created, result.positions_created) == (3, 2)
    top = OrgUnit.objects.get(municipality=blomberg, depth=1)
    assert top.name == "Stadt Blomberg"
    office = OrgUnit.objects.get(municipality=blomberg, name="Bürgerbüro")
    assert [unit.name for unit in office.get_ancestors()] == [
        "Stadt Blomberg",
        "Fachbereich 2 Bürgerdienste",
    ]
    anna = Employee.objects.select_related("user").get(personnel_number="1001")
    cem = Employee.objects.get(personnel_number="1003")
    assert anna.user.username == "anna.schmidt@blomberg.de"
    assert anna.user.email == "anna.schmidt@blomberg.de"
    assert not anna.user.has_usable_password()
    assert anna.org_unit == office and anna.position.org_unit == office
    assert cem.position == anna.position
    assert anna.position_holdings.get().started_on == datetime.date(2020, 2, 1)
    assert Employee.objects.get(personnel_number="1002").user.username == "bmeier"
    assert anna.user.groups.filter(pk=blomberg.role_group(Role.EMPLOYEE).pk).exists()


def test_existing_units_and_positions_are_matched_by_name_under_their_parent(blomberg):
    town = make_unit(blomberg, "Stadt Blomberg")
    department = make_unit(blomberg, "Fachbereich 2 Bürgerdienste", parent=town)
    make_unit(blomberg, "Bürgerbüro", parent=town)  # same name, other parent
    office = make_unit(blomberg, "Bürgerbüro", parent=department)
    clerk = make_position(office, "Sachbearbeitung")
    data = csv_file(HEADER, f"1001;Anna;Schmidt;anna@blomberg.de;{PATH};Sachbearbeitung;")

    result = import_employees(data, blomberg)

    assert (result.units_created, result.positions_created) == (0, 0)
    assert Employee.objects.get().position == clerk


def test_new_position_of_an_existing_employee_is_kept_in_the_history(blomberg, today):
    office = make_unit(blomberg, "Bürgerbüro")
    old = make_position(office, "Sachbearbeitung")
    anna = make_employee(
        municipality=blomberg,
        unit=office,
        position=old,
        personnel_number="1001",
        first_name="Anna",
        last_name="Schmidt",
    )
    data = csv_file(
        "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle",
        f"1001;Anna;Schmidt-Berg;{anna.user.email};Bürgerbüro;Teamleitung",
    )

    result = import_employees(data, blomberg)

    assert (result.created, result.updated) == (0, 1)
    anna.refresh_from_db()
    anna.user.refresh_from_db()
    assert anna.user.last_name == "Schmidt-Berg"
    assert anna.position.title == "Teamleitung"
    history = {
        holding.position.title: holding.ended_on
        for holding in PositionHolding.objects.filter(employee=anna)
    }
    assert history == {"Sachbearbeitung": today, "Teamleitung": None}


def test_reimporting_the_same_file_changes_nothing(blomberg):
    data = csv_file(
        HEADER + ";Austrittsdatum;Führungskraft",
        f"1001;Anna;Schmidt;anna@blomberg.de;{PATH};Sachbearbeitung;01.02.2020;;ja",
        f"1002;Ben;Meier;ben@blomberg.de;{PATH};Sachbearbeitung;;31.12.2099;nein",
        "1003;Cem;Yilmaz;cem@blomberg.de;Stadt Blomberg;;;01.01.2020;",
    )
    import_employees(data, blomberg)

    with CaptureQueriesContext(connection) as queries:
        result = import_employees(data, blomberg)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert (result.units_created, result.positions_created, result.deactivated) == (0, 0, 0)
    writes = [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_reimport_query_count_does_not_grow_with_the_file(blomberg):
    def staff(count):
        return csv_file(
            HEADER,
            *(
                f"{n};Vor{n};Nach{n};p{n}@blomberg.de;{PATH};Stelle {n % 3};01.02.2020"
                for n in range(count)
            ),
        )

    import_employees(staff(50), blomberg)

    with CaptureQueriesContext(connection) as one:
        import_employees(staff(1), blomberg)
    with CaptureQueriesContext(connection) as fifty:
        import_employees(staff(50), blomberg)

    assert len(one) == len(fifty)


def test_import_of_new_people_needs_the_same_queries_for_1_and_50_rows(blomberg):
    """Set-based: no query per person (the per-save path needed about 22)."""
    from courses.tests.factories import make_course, make_course_index, section_of
    from learning.tests.factories import make_assignment

    course = make_course(make_course_index(section_of(None), "Kurse"), "Datenschutz")
    make_assignment(course, blomberg)

    def staff(first, count):
        return csv_file(
            HEADER + ";Führungskraft",
            *(
                f"{n};Vor{n};Nach{n};p{n}@blomberg.de;{PATH};Stelle {n % 3};01.02.2020;"
                + ("ja" if n % 10 == 0 else "")
                for n in range(first, first + count)
            ),
        )

    import_employees(staff(1000, 3), blomberg)  # units and positions exist afterwards

    with CaptureQueriesContext(connection) as one:
        import_employees(staff(2000, 1), blomberg)
    with CaptureQueriesContext(connection) as fifty:
        import_employees(staff(3000, 50), blomberg)

    assert Employee.objects.count() == 54
    assert len(one) == len(fifty)


def test_misspelt_top_unit_is_refused_naming_the_line(blomberg):
    make_unit(blomberg, "Stadt Blomberg")
    data = csv_file(
        HEADER,
        f"1001;Anna;Schmidt;anna@blomberg.de;{PATH};;",
        "1002;Ben;Meier;ben@blomberg.de;Stadt Blombreg > Kasse;;",
    )

    assert rejection(data, blomberg) == [
        "Zeile 3: Die Organisationseinheit „Stadt Blombreg > Kasse“ beginnt nicht bei der "
        "obersten Einheit der Kommune („Stadt Blomberg“). Bitte den Pfad ab der obersten "
        "Einheit angeben und die Schreibweise prüfen."
    ]
    assert OrgUnit.objects.filter(municipality=blomberg).count() == 1


def test_first_import_takes_one_top_unit_and_refuses_a_second(blomberg):
    data = csv_file(
        HEADER,
        f"1001;Anna;Schmidt;anna@blomberg.de;{PATH};;",
        "1002;Ben;Meier;ben@blomberg.de;stadt  blomberg > Kasse;;",
        "1003;Cem;Yilmaz;cem@blomberg.de;Kasse;;",
    )

    errors = rejection(data, blomberg)

    assert len(errors) == 1
    assert errors[0].startswith("Zeile 4: Die Organisationseinheit „Kasse“ beginnt nicht")
    assert not OrgUnit.objects.exists()


def test_full_import_lets_people_missing_from_the_file_leave_today(blomberg, today):
    office = make_unit(blomberg, "Bürgerbüro")
    ben = make_employee(municipality=blomberg, unit=office, personnel_number="2002")
    gone = make_employee(
        municipality=blomberg,
        personnel_number="2003",
        leaving_date=today - datetime.timedelta(days=100),
    )
    data = csv_file(HEADER, "1001;Anna;Schmidt;anna@blomberg.de;Bürgerbüro;;")

    result = import_employees(data, blomberg, mode=ImportMode.FULL)

    ben.refresh_from_db()
    gone.refresh_from_db()
    assert (result.created, result.left) == (1, 1)
    assert ben.leaving_date == today  # the account closes when the day has passed
    assert gone.leaving_date == today - datetime.timedelta(days=100)  # left before: unchanged
    assert "1 Person nicht mehr in der Datei: Austritt heute" in result.summary()


def test_people_missing_from_the_file_are_left_unchanged(blomberg):
    office = make_unit(blomberg, "Bürgerbüro")
    ben = make_employee(
        municipality=blomberg, unit=office, personnel_number="2002", last_name="Meier"
    )
    data = csv_file(HEADER, "1001;Anna;Schmidt;anna@blomberg.de;Bürgerbüro > Kasse;;")

    import_employees(data, blomberg)

    ben.refresh_from_db()
    ben.user.refresh_from_db()
    assert (ben.org_unit, ben.user.last_name, ben.user.is_active) == (office, "Meier", True)


def test_columns_missing_from_the_file_leave_those_fields_unchanged(blomberg):
    office = make_unit(blomberg, "Bürgerbüro")
    anna = make_employee(
        municipality=blomberg,
        unit=office,
        personnel_number="1001",
        first_name="Anna",
        entry_date=datetime.date(2020, 2, 1),
    )
    data = csv_file("Personalnummer;E-Mail", f"1001;{anna.user.email}")

    result = import_employees(data, blomberg)

    anna.refresh_from_db()
    anna.user.refresh_from_db()
    assert result.unchanged == 1
    assert (anna.org_unit, anna.entry_date, anna.user.first_name) == (
        office,
        datetime.date(2020, 2, 1),
        "Anna",
    )


def test_moving_to_another_unit_without_position_column_leaves_the_old_post(blomberg):
    office = make_unit(blomberg, "Bürgerbüro")
    anna = make_employee(
        municipality=blomberg,
        unit=office,
        position=make_position(office, "Sachbearbeitung"),
        personnel_number="1001",
    )
    data = csv_file(
        "Personalnummer;E-Mail;Organisationseinheit", f"1001;{anna.user.email};Bürgerbüro > Kasse"
    )

    import_employees(data, blomberg)

    anna.refresh_from_db()
    assert (anna.org_unit.name, anna.position) == ("Kasse", None)
    assert anna.position_holdings.get().ended_on is not None


def test_leader_leads_their_unit_and_joins_the_managers_group(blomberg):
    data = csv_file(
        "Personalnummer;E-Mail;Organisationseinheit;Führungskraft",
        f"1001;anna@blomberg.de;{PATH};JA",
        f"1002;ben@blomberg.de;{PATH};x",
        f"1003;cem@blomberg.de;{PATH};0",
    )

    import_employees(data, blomberg)

    office = OrgUnit.objects.get(name="Bürgerbüro")
    managers = blomberg.role_group(Role.MANAGER).user_set
    assert set(office.leaders.values_list("personnel_number", flat=True)) == {"1001", "1002"}
    assert set(managers.values_list("email", flat=True)) == {
        "anna@blomberg.de",
        "ben@blomberg.de",
    }


# --- Invitations and leavers ----------------------------------------------------------


def test_each_new_user_is_invited_once(blomberg, django_capture_on_commit_callbacks):
    known = make_employee(municipality=blomberg, personnel_number="0815")
    data = csv_file(
        "Personalnummer;Vorname;E-Mail",
        "1001;Anna;anna@blomberg.de",
        "1002;Ben;ben@blomberg.de",
        f"0815;Karl;{known.user.email}",
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = import_employees(data, blomberg)
    with django_capture_on_commit_callbacks(execute=True):
        import_employees(data, blomberg)

    assert result.invitations == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@blomberg.de",
        "ben@blomberg.de",
    ]
    assert "/konto/passwort-setzen/" in mail.outbox[0].body


def test_refused_and_dry_runs_send_no_invitations(blomberg, django_capture_on_commit_callbacks):
    good = csv_file("Personalnummer;E-Mail", "1001;anna@blomberg.de")
    bad = csv_file("Personalnummer;E-Mail", "1001;anna@blomberg.de", "1002;")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_employees(good, blomberg, dry_run=True)
        with pytest.raises(ImportRejected):
            import_employees(bad, blomberg)

    assert (result.created, result.invitations, result.dry_run) == (1, 1, True)
    assert callbacks == []
    assert mail.outbox == []
    assert not Employee.objects.exists()
    assert not User.objects.filter(email="anna@blomberg.de").exists()


def test_past_leaving_date_deactivates_the_account(
    blomberg, today, django_capture_on_commit_callbacks
):
    staying = make_employee(municipality=blomberg, personnel_number="0815")
    yesterday = (today - datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    data = csv_file(
        "Personalnummer;E-Mail;Austrittsdatum",
        f"0815;{staying.user.email};{yesterday}",
        f"1001;gone@blomberg.de;{yesterday}",
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = import_employees(data, blomberg)

    assert result.deactivated == 2
    assert result.invitations == 0
    assert mail.outbox == []
    assert not User.objects.filter(email__in=[staying.user.email, "gone@blomberg.de"]).filter(
        is_active=True
    )


# --- The management command -----------------------------------------------------------


def test_command_imports_a_file_and_reports_counts(blomberg, tmp_path):
    upload = tmp_path / "personal.csv"
    upload.write_bytes(csv_file(HEADER, f"1001;Anna;Schmidt;anna@blomberg.de;{PATH};;"))
    out = StringIO()

    call_command("import_employees", str(upload), municipality="blomberg", stdout=out)

    assert "Blomberg: 1 neu angelegt, 0 geändert, 0 unverändert" in out.getvalue()
    assert Employee.objects.filter(municipality=blomberg).count() == 1


def test_command_dry_run_saves_nothing(blomberg, tmp_path):
    upload = tmp_path / "personal.csv"
    upload.write_bytes(csv_file(HEADER, f"1001;Anna;Schmidt;anna@blomberg.de;{PATH};;"))
    out = StringIO()

    call_command("import_employees", str(upload), municipality="blomberg", dry_run=True, stdout=out)

    assert "Probelauf, nichts gespeichert: 1 neu angelegt" in out.getvalue()
    assert not Employee.objects.exists()


def test_command_lists_bad_rows_and_fails(blomberg, tmp_path):
    upload = tmp_path / "personal.csv"
    upload.write_bytes(csv_file("Personalnummer;E-Mail", "1001;anna@blomberg.de", "1002;x"))
    err = StringIO()

    with pytest.raises(CommandError, match="Nichts importiert: 1 Fehler"):
        call_command("import_employees", str(upload), municipality="blomberg", stderr=err)

    assert "Zeile 3: Die E-Mail-Adresse „x“ ist ungültig." in err.getvalue()
    assert not Employee.objects.exists()


def test_command_refuses_unknown_municipality(tmp_path):
    upload = tmp_path / "personal.csv"
    upload.write_bytes(b"Personalnummer;E-Mail\r\n")

    with pytest.raises(CommandError, match="Keine Kommune mit dem Kurznamen „atlantis“"):
        call_command("import_employees", str(upload), municipality="atlantis")
