"""The set-based import ends in the same state as saving every row through the model.

``import_row_by_row`` is the reference: the per-save path the import used to take
(``User.objects.create_user``, ``Employee.save()`` with its receivers, leadership through
the related managers), one row at a time. The same file goes through it and through
``import_employees`` on the same starting data; users, employees, units, positions,
holdings, groups, leaders, obligations, handovers with their items and assignments, and
the invitations sent must agree.
"""

from __future__ import annotations

import datetime
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction

from courses.tests.factories import make_course, make_course_index, section_of
from handovers.models import Handover, HandoverItem
from knowledge.tests.factories import make_article, make_library
from learning.models import Assignment, Obligation
from learning.tests.factories import make_assignment
from organisations.importing import ImportMode, import_employees, read_employee_csv
from organisations.models import Employee, OrgUnit, Position, PositionHolding
from organisations.roles import Role
from organisations.tasks import send_invitation
from organisations.tests.factories import make_employee, make_municipality, make_position, make_unit

pytestmark = pytest.mark.django_db

User = get_user_model()
TODAY = datetime.date.today()


def import_row_by_row(data: bytes, municipality, *, full: bool) -> None:
    """The reference: every row through the model API, as the import did before."""
    parsed = read_employee_csv(data)
    assert not parsed.errors
    has = parsed.has
    managers = municipality.role_group(Role.MANAGER)
    for row in parsed.rows:
        unit = _unit_at(municipality, row.unit_path) if has("unit_path") and row.unit_path else None
        position = None
        if has("position_title") and row.position_title:
            position, _created = Position.objects.get_or_create(
                org_unit=unit, title=row.position_title
            )
        employee = Employee.objects.filter(
            municipality=municipality, personnel_number=row.personnel_number
        ).first()
        if employee is None:
            user = User.objects.create_user(
                username=row.username or row.email,
                email=row.email,
                password=None,
                first_name=row.first_name,
                last_name=row.last_name,
            )
            employee = Employee(
                user=user,
                municipality=municipality,
                personnel_number=row.personnel_number,
                org_unit=unit,
                entry_date=row.entry_date,
                leaving_date=row.leaving_date,
            )
            employee.position = position
            employee.save()
            if user.is_active:
                transaction.on_commit(partial(send_invitation.enqueue, user.pk))
        else:
            user = employee.user
            user.email = row.email
            if has("first_name"):
                user.first_name = row.first_name
            if has("last_name"):
                user.last_name = row.last_name
            if row.username:
                user.username = row.username
            user.save()
            before = (employee.org_unit_id, employee.position_id, employee.entry_date)
            before += (employee.leaving_date,)
            if has("unit_path"):
                old_unit_of_position = employee.position.org_unit_id if employee.position else None
                employee.org_unit = unit
                if has("position_title"):
                    employee.position = position
                elif employee.position_id and old_unit_of_position != (unit.pk if unit else None):
                    employee.position = None
            for name in ("entry_date", "leaving_date"):
                if has(name):
                    setattr(employee, name, getattr(row, name))
            after = (employee.org_unit_id, employee.position_id, employee.entry_date)
            if before != after + (employee.leaving_date,):
                employee.save()
        if row.is_leader and unit is not None:
            unit.leaders.add(employee)
            user.groups.add(managers)
    if full:
        listed = {row.personnel_number for row in parsed.rows}
        for employee in Employee.objects.filter(municipality=municipality):
            if employee.personnel_number in listed:
                continue
            if employee.leaving_date and employee.leaving_date <= TODAY:
                continue
            employee.leaving_date = TODAY
            employee.save()


def _unit_at(municipality, path) -> OrgUnit:
    parent = None
    for name in path:
        siblings = parent.get_children() if parent else OrgUnit.get_root_nodes()
        unit = siblings.filter(municipality=municipality, name=name).first()
        if unit is None:
            unit = OrgUnit(municipality=municipality, name=name)
            if parent is None:
                unit = OrgUnit.add_root(instance=unit)
            else:
                unit = OrgUnit.objects.get(pk=parent.pk).add_child(instance=unit)
        parent = unit
    return parent


def state(municipality) -> dict:
    """Everything an import touches, by names and personnel numbers (not ids)."""
    employees = Employee.objects.filter(municipality=municipality)
    pn = dict(employees.values_list("pk", "personnel_number"))

    def path(unit_id):
        if unit_id is None:
            return None
        unit = OrgUnit.objects.get(pk=unit_id)
        return tuple(u.name for u in unit.get_ancestors()) + (unit.name,)

    def position(position_id):
        if position_id is None:
            return None
        p = Position.objects.get(pk=position_id)
        return (path(p.org_unit_id), p.title)

    users = User.objects.filter(employee__municipality=municipality)
    return {
        "users": sorted(
            (u.username, u.email, u.first_name, u.last_name, u.is_active, u.has_usable_password())
            for u in users
        ),
        "employees": sorted(
            (
                e.personnel_number,
                e.user.username,
                path(e.org_unit_id),
                position(e.position_id),
                e.entry_date,
                e.leaving_date,
            )
            for e in employees.select_related("user")
        ),
        "units": sorted(
            path(pk)
            for pk in OrgUnit.objects.filter(municipality=municipality).values_list("pk", flat=True)
        ),
        "positions": sorted(
            position(pk)
            for pk in Position.objects.filter(org_unit__municipality=municipality).values_list(
                "pk", flat=True
            )
        ),
        "holdings": sorted(
            (pn[h.employee_id], position(h.position_id), h.started_on, h.ended_on)
            for h in PositionHolding.objects.filter(employee__in=employees)
        ),
        "groups": sorted((u.username, g.name) for u in users for g in u.groups.all()),
        "leaders": sorted(
            (path(unit_id), pn[employee_id])
            for unit_id, employee_id in OrgUnit.leaders.through.objects.filter(
                orgunit__municipality=municipality
            ).values_list("orgunit_id", "employee_id")
        ),
        "obligations": sorted(
            (
                pn[o.employee_id],
                o.course.title,
                o.assignment.note,
                o.assigned_on,
                o.due_date,
                o.completed_on,
                o.ended_on,
                path(o.org_unit_id),
            )
            for o in Obligation.objects.filter(employee__in=employees).select_related(
                "course", "assignment"
            )
        ),
        "handovers": sorted(
            (
                pn[h.leaver_id],
                position(h.position_id),
                h.reason,
                h.leaving_date,
                pn.get(h.successor_id),
                sorted(
                    (i.kind, i.title, pn.get(i.assignee_id), i.assignment_id is not None)
                    for i in HandoverItem.objects.filter(handover=h)
                ),
            )
            for h in Handover.objects.filter(leaver__in=employees)
        ),
        "assignments": sorted(
            (
                a.note,
                a.course.title,
                sorted(pn[e] for e in a.employees.values_list("pk", flat=True)),
            )
            for a in Assignment.objects.filter(municipality=municipality)
        ),
        "invitations": sorted(message.to[0] for message in mail.outbox),
    }


@pytest.fixture
def blomberg():
    """A town hall with staff, assignments and a process owned by a position."""
    blomberg = make_municipality("Blomberg")
    town = make_unit(blomberg, "Stadt Blomberg")
    citizens = make_unit(blomberg, "Bürgerdienste", parent=town)
    office = make_unit(blomberg, "Bürgerbüro", parent=citizens)
    cash = make_unit(blomberg, "Kasse", parent=town)
    clerk = make_position(office, "Sachbearbeitung")
    head = make_position(citizens, "Leitung")
    supervisor = make_position(cash, "Kassenaufsicht")
    catalogue = make_course_index(section_of(None), "Kurskatalog")
    data_course = make_course(catalogue, "Datenschutz")
    office_course = make_course(catalogue, "Bürgerkontakt")
    clerk_course = make_course(catalogue, "Meldewesen")
    make_assignment(data_course, blomberg, note="alle")
    make_assignment(office_course, org_unit=citizens, include_subtree=True, note="Bürgerdienste")
    make_assignment(clerk_course, position=clerk, note="Sachbearbeitung")
    library = make_library(section_of(blomberg))
    make_article(library, "Anmeldung", owner_position=clerk, related_courses=[clerk_course])
    make_article(library, "Kassenabschluss", owner_position=supervisor)

    def person(number, first, unit, position=None, **kwargs):
        return make_employee(
            municipality=blomberg,
            unit=unit,
            position=position,
            personnel_number=number,
            first_name=first,
            last_name="Alt",
            **kwargs,
        )

    person("1001", "Anna", office, clerk)
    person("1002", "Ben", cash)
    cem = person("1003", "Cem", citizens, head)
    cem.leaving_date = TODAY + datetime.timedelta(days=20)
    cem.save()  # a leaving handover that the file withdraws
    person("1004", "Dora", cash, supervisor)
    person("1005", "Emil", office)
    mail.outbox.clear()
    return blomberg


def staff_file(blomberg) -> bytes:
    emails = dict(Employee.objects.values_list("personnel_number", "user__email"))
    in_30_days = (TODAY + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    yesterday = (TODAY - datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    office = "Stadt Blomberg > Bürgerdienste > Bürgerbüro"
    lines = [
        "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit;Stelle;Eintrittsdatum;"
        "Austrittsdatum;Führungskraft",
        f"1001;Anna;Alt;{emails['1001']};{office};Sachbearbeitung;;{in_30_days};",
        f"1002;Ben;Neu;{emails['1002']};{office};Sachbearbeitung;;;",
        f"1003;Cem;Alt;{emails['1003']};Stadt Blomberg > Bürgerdienste;Leitung;;;ja",
        f"1005;Emil;Alt;{emails['1005']};{office};;;;",
        f"2001;Finn;Neu;finn@blomberg.de;{office};Sachbearbeitung;01.03.2021;;ja",
        f"2002;Gül;Neu;guel@blomberg.de;Stadt Blomberg > Kasse;;;{yesterday};",
        "2003;Hans;Neu;hans@blomberg.de;Stadt Blomberg > Bürgerdienste > Standesamt;"
        "Standesbeamter;;;",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize("mode", [ImportMode.PARTIAL, ImportMode.FULL])
def test_set_based_import_ends_in_the_same_state_as_saving_row_by_row(
    blomberg, mode, django_capture_on_commit_callbacks
):
    data = staff_file(blomberg)
    with transaction.atomic():
        with django_capture_on_commit_callbacks(execute=True):
            import_row_by_row(data, blomberg, full=mode == ImportMode.FULL)
        expected = state(blomberg)
        transaction.set_rollback(True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = import_employees(data, blomberg, mode=mode)

    actual = state(blomberg)
    for key in expected:
        assert actual[key] == expected[key], key
    # The scenario reaches every rule that the comparison is meant to cover.
    assert (result.created, result.deactivated, result.invitations) == (3, 1, 2)
    assert result.left == (1 if mode == ImportMode.FULL else 0)
    reasons = {(h[0], h[2]) for h in actual["handovers"]}
    assert ("1001", "leaving") in reasons
    assert ("1003", "leaving") not in reasons  # withdrawn leaving date
    assert any(h[4] == "1002" for h in actual["handovers"] if h[0] == "1001")  # successor
    assert (("1004", "leaving") in reasons) == (mode == ImportMode.FULL)
    assert len(actual["invitations"]) == 2
