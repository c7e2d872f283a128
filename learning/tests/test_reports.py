"""The manager reports on mandatory training: who sees what, the numbers, exports, logs.

Blomberg has a Fachbereich "Bürgerdienste" with the "Bürgerbüro" below it, led by
Maria, and a "Kämmerei" led by somebody else; Lügde has its own Bürgerbüro. Everybody
must complete "Datenschutz im Amt"; the Bürgerbüro also "Brandschutz". The Bürgerbüro's
six people are in every state an obligation can be in. Each test tries the other
unit's and the other municipality's rows through the page, the export and the URL.
"""

from __future__ import annotations

import csv
import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ReportAccess
from courses.tests.factories import data_for_module, make_course, make_course_index, section_of
from learning.certificates import new_verification_code
from learning.models import Assignment, CourseCompletion, Obligation
from learning.obligations import sync_assignment
from learning.reports.charts import COLOURS, TEXT, Bar, contrast_ratio, stacked_bar_chart
from learning.statistics import refresh_course_statistics
from organisations.roles import Role
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_unit,
)

pytestmark = pytest.mark.django_db

MATRIX = reverse("learning_reports:completion_matrix")
OVERDUE = reverse("learning_reports:overdue")
COURSES = reverse("learning_reports:course_overview")
BOM = b"\xef\xbb\xbf"

#: What our report pages may add to the same page without rows (see the budget test).
MAX_QUERIES_ABOVE_EMPTY = 4


def unit_url(unit, **params) -> str:
    url = reverse("learning_reports:completion_matrix_unit", kwargs={"unit_id": unit.pk})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def assign(course, municipality, unit=None) -> Assignment:
    """Assign a course to a municipality or a unit (with its subtree), due in 30 days."""
    assignment = Assignment.objects.create(
        course=course,
        municipality=municipality,
        target=Assignment.Target.UNIT if unit else Assignment.Target.MUNICIPALITY,
        org_unit=unit,
        due_rule=Assignment.DueRule.AFTER_ASSIGNMENT,
        due_days=30,
    )
    sync_assignment(assignment)
    return assignment


def complete(user, course, on: datetime.date) -> CourseCompletion:
    return CourseCompletion.objects.create(
        user=user,
        course=course,
        course_title=course.title,
        duration_minutes=30,
        learner_name=user.get_full_name(),
        completed_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(10))),
        quizzes_passed=True,
        verification_code=new_verification_code(),
    )


def set_state(employee, course, state: str) -> None:
    """Put a person's obligation into a state by its dates, as time would."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    fields = {
        "done": {"completed_on": today - 10 * day, "valid_until": None},
        "overdue": {"due_date": today - 5 * day},
        "expired": {
            "completed_on": today - 400 * day,
            "valid_until": today - day,
            "due_date": today - day,
        },
        "due_soon": {"due_date": today + 3 * day},
        "exempt": {"exempt_from": today - day, "exempt_until": today + 30 * day},
    }[state]
    Obligation.objects.filter(employee=employee, course=course).update(**fields)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            services = make_unit(blomberg, "Bürgerdienste", short_name="FB 1")
            office = make_unit(blomberg, "Bürgerbüro", parent=services)
            finance = make_unit(blomberg, "Kämmerei")
            luegde_office = make_unit(luegde, "Bürgerbüro Lügde")
            manager = make_manager(services, first_name="Maria", last_name="Leitung")
            finance_manager = make_manager(finance, first_name="Karl", last_name="Kasse")
            people = {
                state: make_employee(unit=office, first_name=first, last_name=last)
                for state, first, last in [
                    ("done", "Anna", "Erledigt"),
                    ("overdue", "Otto", "Überfällig"),
                    ("open", "Olga", "Offen"),
                    ("exempt", "Emil", "Befreit"),
                    ("due_soon", "Bea", "Baldfällig"),
                    ("expired", "Xaver", "Abgelaufen"),
                ]
            }
            fritz = make_employee(unit=finance, first_name="Fritz", last_name="Kämmerer")
            lars = make_employee(unit=luegde_office, first_name="Lars", last_name="Lügder")
            catalogue = make_course_index(section_of(None))
            privacy = make_course(catalogue, "Datenschutz im Amt")
            fire = make_course(catalogue, "Brandschutz")
            assign(privacy, blomberg)
            assign(privacy, luegde)
            assign(fire, blomberg, unit=office)
            for state, person in people.items():
                if state != "open":
                    set_state(person, privacy, state)
            set_state(fritz, privacy, "overdue")
            set_state(lars, privacy, "overdue")
            # Maria completed the fire course without having to: voluntary learning.
            complete(manager.user, fire, timezone.localdate())
            data = SimpleNamespace(
                blomberg=blomberg,
                luegde=luegde,
                services=services,
                office=office,
                finance=finance,
                luegde_office=luegde_office,
                manager=manager,
                finance_manager=finance_manager,
                people=people,
                fritz=fritz,
                lars=lars,
                privacy=privacy,
                fire=fire,
            )
        yield data


@pytest.fixture
def as_manager(client, world):
    client.force_login(world.manager.user)
    return client


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def read_csv(response) -> list[dict]:
    content = b"".join(response.streaming_content)
    assert content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[dict]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- Who may open the reports ---------------------------------------------------------


@pytest.mark.parametrize("url", [MATRIX, OVERDUE, COURSES])
def test_employee_without_admin_access_is_turned_away(client, world, url):
    client.force_login(world.people["open"].user)
    response = client.get(url)
    assert response.status_code == 302
    assert "Otto" not in body(response)


@pytest.mark.parametrize("url", [MATRIX, OVERDUE, COURSES])
def test_trainer_who_leads_no_unit_is_refused(client, world, url):
    trainer = make_employee(unit=world.office, roles=[Role.TRAINER])
    client.force_login(trainer.user)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert response.status_code != 200
    assert not ReportAccess.objects.filter(user=trainer.user).exists()


def test_trainer_cannot_open_a_unit_or_export(client, world):
    trainer = make_employee(unit=world.office, roles=[Role.TRAINER])
    client.force_login(trainer.user)
    assert client.get(unit_url(world.office)).status_code in (302, 403)
    assert client.get(MATRIX + "?export=csv").status_code in (302, 403)


def test_menu_shows_reports_to_managers_only(client, world):
    # The sidebar is rendered from JSON; the items' names are plain ASCII in it.
    client.force_login(world.manager.user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for name in ("erfuellung", "ueberfaellig", "kurse"):
        assert f"pflichtschulungen-{name}" in html
    trainer = make_employee(unit=world.office, roles=[Role.TRAINER])
    client.force_login(trainer.user)
    assert "pflichtschulungen-" not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- Completion matrix ----------------------------------------------------------------


def test_manager_sees_own_subtree_with_correct_counts(as_manager, world):
    response = as_manager.get(MATRIX)
    assert response.status_code == 200
    rows = {(row["unit_name"], row["course_title"]): row for row in response.context["object_list"]}
    office = rows[("Bürgerbüro", "Datenschutz im Amt")]
    assert (office["total"], office["exempt"], office["counted"]) == (6, 1, 5)
    assert (office["done"], office["open"], office["overdue"]) == (1, 2, 2)
    assert (office["done_share"], office["open_share"], office["overdue_share"]) == (20, 40, 40)
    services = rows[("FB 1 Bürgerdienste", "Datenschutz im Amt")]
    assert (services["total"], services["open"]) == (1, 1)
    assert rows[("Bürgerbüro", "Brandschutz")]["open"] == 6
    assert set(rows) == {
        ("FB 1 Bürgerdienste", "Datenschutz im Amt"),
        ("Bürgerbüro", "Brandschutz"),
        ("Bürgerbüro", "Datenschutz im Amt"),
    }


def test_manager_cannot_see_other_unit_or_municipality(as_manager, world):
    html = body(as_manager.get(MATRIX))
    assert "Bürgerbüro" in html
    assert "Kämmerei" not in html
    assert "Lügde" not in html
    # A filter value from elsewhere is not a choice: it is ignored, the rows stay scoped.
    html = body(as_manager.get(MATRIX + f"?einheit={world.luegde_office.pk}"))
    assert "Lügde" not in html and "Kämmerei" not in html


def test_matrix_links_each_row_to_the_unit(as_manager, world):
    html = body(as_manager.get(MATRIX))
    assert unit_url(world.office, kurs=world.privacy.pk).replace("&", "&amp;") in html


def test_matrix_filters_by_unit_subtree_and_course(as_manager, world):
    rows = as_manager.get(MATRIX + f"?einheit={world.office.pk}").context["object_list"]
    assert {row["unit_name"] for row in rows} == {"Bürgerbüro"}
    rows = as_manager.get(MATRIX + f"?einheit={world.services.pk}").context["object_list"]
    assert {row["unit_name"] for row in rows} == {"Bürgerbüro", "FB 1 Bürgerdienste"}
    rows = as_manager.get(MATRIX + f"?kurs={world.fire.pk}").context["object_list"]
    assert [(row["unit_name"], row["course_title"]) for row in rows] == [
        ("Bürgerbüro", "Brandschutz")
    ]


def test_municipality_filter_is_for_cooperation_admins_only(client, world):
    client.force_login(world.manager.user)
    assert "kommune" not in client.get(MATRIX).context["filters"].form.fields
    client.force_login(make_cooperation_admin())
    response = client.get(MATRIX + f"?kommune={world.luegde.pk}")
    assert "kommune" in response.context["filters"].form.fields
    assert {row["unit_name"] for row in response.context["object_list"]} == {"Bürgerbüro Lügde"}


def test_cooperation_admin_sees_all_municipalities(client, world):
    client.force_login(make_cooperation_admin())
    html = body(client.get(MATRIX))
    for name in ("Bürgerbüro", "Kämmerei", "Bürgerbüro Lügde", "Blomberg", "Lügde"):
        assert name in html
    assert client.get(unit_url(world.luegde_office)).status_code == 200


def test_matrix_shows_a_chart_with_legend_and_the_same_numbers_in_a_table(as_manager):
    html = body(as_manager.get(MATRIX))
    assert "<figure>" in html and "<figcaption>" in html
    assert 'role="img"' in html
    for label in ("Erledigt", "Offen", "Überfällig"):
        assert f">{label}</text>" in html
    assert "20 % erledigt · 40 % überfällig (n = 5)" in html
    assert "<table" in html and "1 (20 %)" in html
    assert ' style="' not in html.split("<figure>")[1].split("</figure>")[0]


def test_matrix_csv_export_is_for_german_excel_and_scoped(as_manager, world):
    response = as_manager.get(MATRIX + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert f'filename="erfuellungsmatrix-{today}.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert {row["Organisationseinheit"] for row in rows} == {"FB 1 Bürgerdienste", "Bürgerbüro"}
    office = next(
        r
        for r in rows
        if r["Organisationseinheit"] == "Bürgerbüro" and r["Kurs"] == "Datenschutz im Amt"
    )
    assert (office["Erledigt"], office["Offen"], office["Überfällig"]) == ("1", "2", "2")
    assert office["Erledigt (%)"] == "20"


def test_csv_cells_never_start_a_formula(as_manager, world):
    sneaky = make_unit(world.blomberg, '=HYPERLINK("http://example.org")', parent=world.office)
    make_employee(unit=sneaky)
    rows = read_csv(as_manager.get(MATRIX + "?export=csv"))
    assert '\'=HYPERLINK("http://example.org")' in {r["Organisationseinheit"] for r in rows}


def test_matrix_xlsx_export_opens_and_matches(as_manager, world):
    response = as_manager.get(MATRIX + "?export=xlsx")
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert f"erfuellungsmatrix-{today}.xlsx" in response["Content-Disposition"]
    rows = read_xlsx(response)
    assert len(rows) == 3
    office = next(
        r
        for r in rows
        if r["Organisationseinheit"] == "Bürgerbüro" and r["Kurs"] == "Datenschutz im Amt"
    )
    assert (office["Zu erfüllen"], office["Erledigt"], office["Überfällig (%)"]) == (5, 1, 40)
    assert office["Befreit"] == 1


def test_export_respects_filters_like_the_page(as_manager, world):
    rows = read_csv(as_manager.get(MATRIX + f"?kurs={world.fire.pk}&export=csv"))
    assert [(r["Organisationseinheit"], r["Kurs"]) for r in rows] == [("Bürgerbüro", "Brandschutz")]


# --- Drill-down -----------------------------------------------------------------------


def test_unit_shows_staff_with_status_and_dates_only(as_manager, world):
    response = as_manager.get(unit_url(world.office, kurs=world.privacy.pk))
    assert response.status_code == 200
    rows = response.context["object_list"]
    states = {row["employee__user__first_name"]: row["state_label"] for row in rows}
    assert states == {
        "Anna": "Erledigt",
        "Otto": "Überfällig",
        "Olga": "Offen",
        "Emil": "Befreit",
        "Bea": "Bald fällig",
        "Xaver": "Abgelaufen",
    }
    headings = [column.label for column in response.context["table"].columns.values()]
    assert headings == [
        "Beschäftigte*r",
        "Personalnummer",
        "Organisationseinheit",
        "Kurs",
        "Status",
        "Fällig am",
        "Abgeschlossen am",
        "Gültig bis",
    ]
    for forbidden in ("score", "attempt", "time_spent", "quiz"):
        assert not any(forbidden in name for name in response.context["table"].columns)


def test_unit_is_the_unit_itself_unless_subtree_is_chosen(as_manager, world):
    def first_names(url):
        return {
            row["employee__user__first_name"] for row in as_manager.get(url).context["object_list"]
        }

    assert first_names(unit_url(world.services)) == {"Maria"}
    names = first_names(unit_url(world.services, umfang="mit"))
    assert names == {"Maria", "Anna", "Otto", "Olga", "Emil", "Bea", "Xaver"}


@pytest.mark.parametrize("unit", ["finance", "luegde_office"])
def test_unit_outside_the_managers_subtree_is_not_found(as_manager, world, unit):
    other = getattr(world, unit)
    assert as_manager.get(unit_url(other)).status_code == 404
    assert as_manager.get(unit_url(other) + "?export=csv").status_code == 404
    assert as_manager.get(unit_url(other) + "?export=xlsx").status_code == 404
    missing = reverse("learning_reports:completion_matrix_unit", kwargs={"unit_id": 999999})
    assert as_manager.get(missing).status_code == 404


def test_unit_export_lists_the_units_people(as_manager, world):
    response = as_manager.get(unit_url(world.office, kurs=world.privacy.pk, export="xlsx"))
    assert f"pflichtschulungen-einheit-{world.office.pk}-" in response["Content-Disposition"]
    rows = read_xlsx(response)
    by_name = {row["Beschäftigte*r"]: row for row in rows}
    assert set(by_name) == {
        "Anna Erledigt",
        "Otto Überfällig",
        "Olga Offen",
        "Emil Befreit",
        "Bea Baldfällig",
        "Xaver Abgelaufen",
    }
    otto = Obligation.objects.get(employee=world.people["overdue"], course=world.privacy)
    assert by_name["Otto Überfällig"]["Status"] == "Überfällig"
    due = by_name["Otto Überfällig"]["Fällig am"]
    assert (due.date() if isinstance(due, datetime.datetime) else due) == otto.due_date
    assert by_name["Anna Erledigt"]["Abgeschlossen am"] is not None


# --- Overdue list ---------------------------------------------------------------------


def test_overdue_list_shows_overdue_expired_and_due_soon_of_own_units(as_manager, world):
    response = as_manager.get(OVERDUE)
    listed = {
        (row["employee__user__first_name"], row["state"]) for row in response.context["object_list"]
    }
    assert listed == {("Otto", "overdue"), ("Xaver", "expired"), ("Bea", "due_soon")}
    html = body(response)
    assert "Fritz" not in html and "Lars" not in html


def test_overdue_list_filters_by_state(as_manager):
    response = as_manager.get(OVERDUE + "?status=expired")
    rows = response.context["object_list"]
    assert [row["employee__user__first_name"] for row in rows] == ["Xaver"]


def test_overdue_csv_is_scoped(as_manager, world):
    rows = read_csv(as_manager.get(OVERDUE + "?export=csv"))
    assert {row["Beschäftigte*r"] for row in rows} == {
        "Otto Überfällig",
        "Xaver Abgelaufen",
        "Bea Baldfällig",
    }
    assert set(rows[0]) == {
        "Beschäftigte*r",
        "Personalnummer",
        "Organisationseinheit",
        "Kurs",
        "Fällig am",
        "Status",
    }


def test_cooperation_admin_overdue_list_has_everybody(client, world):
    client.force_login(make_cooperation_admin())
    rows = client.get(OVERDUE).context["object_list"]
    names = {row["employee__user__first_name"] for row in rows}
    assert {"Otto", "Fritz", "Lars"} <= names


# --- Course overview ------------------------------------------------------------------


def _course_row(response, title: str) -> dict:
    return next(row for row in response.context["object_list"] if row["course_title"] == title)


def test_course_overview_compares_own_units_with_municipality_and_cooperation(as_manager, world):
    refresh_course_statistics()
    response = as_manager.get(COURSES)
    privacy = _course_row(response, "Datenschutz im Amt")
    # Own subtree: Maria (open) and the Bürgerbüro (1 of 5 done, one exempt).
    assert (privacy["done"], privacy["counted"]) == (1, 6)
    # Blomberg: plus Karl (open) and Fritz (overdue): 1 of 8 done.
    assert privacy["municipality_done"].text == "12 %"
    # The cooperation: plus Lars in Lügde (overdue): 1 of 9.
    assert privacy["cooperation_done"].text == "11 %"
    html = body(response)
    assert "Stand der Zahlen für Kommune und Kooperation" in html
    assert "<figure>" in html


def test_cooperation_admin_overview_is_read_from_the_aggregate(client, world):
    refresh_course_statistics()
    client.force_login(make_cooperation_admin())
    response = client.get(COURSES)
    privacy = _course_row(response, "Datenschutz im Amt")
    # The whole cooperation: 1 of 9 done, the same as the live figures would say.
    assert (privacy["done"], privacy["counted"]) == (1, 9)
    assert privacy["cooperation_done"].text == "11 %"
    assert response.context["cooperation_wide"]
    # Filtered by municipality, the figures are counted live again.
    filtered = client.get(COURSES + f"?kommune={world.blomberg.pk}")
    assert not filtered.context["cooperation_wide"]
    assert _course_row(filtered, "Datenschutz im Amt")["counted"] == 8
    exported = read_xlsx(client.get(COURSES + "?export=xlsx"))
    assert any(row["Kurs"] == "Datenschutz im Amt" for row in exported)


def test_course_overview_without_statistics_says_so(as_manager):
    html = body(as_manager.get(COURSES))
    assert "noch nicht berechnet" in html


def test_voluntary_learning_is_shown_as_a_number_of_people(as_manager, world, settings):
    settings.LERNWERK_MIN_GROUP_SIZE = 5
    refresh_course_statistics()
    fire = _course_row(as_manager.get(COURSES), "Brandschutz")
    # Maria completed it without an obligation; her subtree has 7 people.
    assert fire["voluntary_scope"].text == "1"
    # Blomberg has 9 staff: shown. The cooperation too.
    assert fire["voluntary_municipality"].text == "1"
    assert fire["voluntary_cooperation"].text == "1"


def test_small_groups_hide_aggregates(as_manager, world, settings):
    settings.LERNWERK_MIN_GROUP_SIZE = 10
    refresh_course_statistics()
    response = as_manager.get(COURSES)
    fire = _course_row(response, "Brandschutz")
    assert fire["voluntary_scope"].note == "weniger als 10 Personen"
    assert fire["voluntary_municipality"].note == "weniger als 10 Personen"
    # Blomberg has 6 people to complete the fire course: the rate is withheld as well.
    assert fire["municipality_done"].note == "weniger als 10 Personen"
    html = body(response)
    assert "(weniger als 10 Personen)" in html
    rows = read_xlsx(as_manager.get(COURSES + "?export=xlsx"))
    exported = next(row for row in rows if row["Kurs"] == "Brandschutz")
    assert exported["Freiwillige Abschlüsse (Personen): Ihr Bereich"] == "weniger als 10 Personen"


def test_course_overview_export_is_scoped(as_manager, world):
    refresh_course_statistics()
    rows = read_csv(as_manager.get(COURSES + "?export=csv"))
    assert {row["Kurs"] for row in rows} == {"Datenschutz im Amt", "Brandschutz"}
    privacy = next(row for row in rows if row["Kurs"] == "Datenschutz im Amt")
    assert privacy["Ihr Bereich: zu erfüllen"] == "6"
    assert privacy["Kommune: erledigt (%)"] == "12"


# --- Access log -----------------------------------------------------------------------


def test_every_view_and_export_is_logged(as_manager, world):
    user = world.manager.user
    as_manager.get(MATRIX + f"?kurs={world.privacy.pk}")
    as_manager.get(MATRIX + "?export=xlsx")
    as_manager.get(unit_url(world.office, export="csv")).getvalue()
    as_manager.get(OVERDUE)
    as_manager.get(COURSES + "?export=csv").getvalue()
    log = list(ReportAccess.objects.filter(user=user).order_by("pk"))
    assert [(entry.report, entry.export_format) for entry in log] == [
        ("completion_matrix", ""),
        ("completion_matrix", "xlsx"),
        ("completion_matrix_unit", "csv"),
        ("overdue", ""),
        ("course_overview", "csv"),
    ]
    assert log[0].parameters == f"kurs={world.privacy.pk}"
    assert log[0].username == user.get_username()
    assert log[2].parameters == f"unit_id={world.office.pk}"


def test_refused_and_unknown_units_are_not_logged_as_seen(as_manager, world):
    as_manager.get(unit_url(world.finance))
    assert not ReportAccess.objects.exists()


# --- Query budget ---------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def test_report_query_counts_do_not_grow_with_rows(client, world):
    town = make_municipality()
    unit = make_unit(town, "Ordnungsamt")
    boss = make_manager(unit, first_name="Bernd", last_name="Boss")
    client.force_login(boss.user)
    pages = {
        "matrix": MATRIX,
        "unit": unit_url(unit),
        "overdue": OVERDUE,
        "courses": COURSES,
        "matrix csv": MATRIX + "?export=csv",
        "matrix xlsx": MATRIX + "?export=xlsx",
    }

    def measure() -> dict[str, int]:
        return {name: count_queries(client, url) for name, url in pages.items()}

    empty = measure()
    make_employee(unit=unit)
    assign(world.privacy, town, unit=unit)
    Obligation.objects.filter(org_unit=unit).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    few = measure()
    sub_units = [make_unit(town, f"Sachgebiet {n}", parent=unit) for n in range(3)]
    for n in range(30):
        make_employee(unit=sub_units[n % 3])
    assign(world.fire, town, unit=unit)
    assign(world.privacy, town, unit=sub_units[0])
    for index, obligation in enumerate(Obligation.objects.filter(municipality=town)):
        obligation.due_date = timezone.localdate() + datetime.timedelta(days=index % 40 - 20)
        obligation.save(update_fields=["due_date"])
    many = measure()
    refresh_course_statistics()
    print()
    for name in pages:
        print(f"{name}: empty {empty[name]}, few {few[name]}, many {many[name]}")
    assert few == many
    for name in pages:
        assert many[name] - empty[name] <= MAX_QUERIES_ABOVE_EMPTY, name


# --- Charts ---------------------------------------------------------------------------


def test_chart_colours_have_enough_contrast():
    for colour in COLOURS.values():
        assert contrast_ratio(colour, "#ffffff") >= 3
    assert contrast_ratio(TEXT, "#ffffff") >= 4.5


def test_chart_names_itself_and_explains_every_bar_in_words():
    svg = stacked_bar_chart(
        [Bar("Bürgerbüro · Datenschutz", done=2, open=1, overdue=1), Bar("Klein", note="weniger")],
        title="Erfüllung <Test>",
        chart_id="c1",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Erfüllung &lt;Test&gt;</title>' in svg
    assert "50 % erledigt · 25 % überfällig (n = 4)" in svg
    assert "– weniger" in svg
    assert " style=" not in svg
    assert svg.count("<rect") == 1 + 3 + 3  # background, legend, three segments


def test_chart_leaves_out_empty_segments():
    svg = stacked_bar_chart([Bar("A", done=3)], title="t")
    assert svg.count(f'fill="{COLOURS["done"]}"') == 2  # legend and bar
    assert svg.count(f'fill="{COLOURS["overdue"]}"') == 1  # legend only
