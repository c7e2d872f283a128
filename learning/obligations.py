"""Who must complete which course by when: maintaining obligations and their states.

An ``Assignment`` says whom a course is aimed at; an ``Obligation`` row per affected
employee says what that person owes. The rows are created when a course is assigned and
when someone joins or moves into a target (``sync_assignment``, ``sync_employee``), and
they follow the person: moving away keeps an existing obligation, a new target adds its
own. Completion and validity are copied from the newest completion, which stays history
(``refresh_completion``). States are computed from dates when read, in Python
(``obligation_state``) and in SQL (``state_conditions``) with the same rules.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from organisations.models import Employee, OrgUnit
from organisations.roles import employee_of

from .models import (
    Assignment,
    CourseCompletion,
    Exemption,
    ExternalCompletion,
    Obligation,
)
from .rules import initial_due_date, valid_until


def _path_of(unit_id: int) -> str:
    """A unit's tree path as stored: a sorted tree moves siblings, so an instance
    loaded earlier may hold a stale one."""
    return OrgUnit.objects.filter(pk=unit_id).values_list("path", flat=True).get()


def targeted_employees(assignment: Assignment, on: datetime.date | None = None):
    """The active employees an assignment is aimed at today."""
    a = assignment
    employees = Employee.objects.active(on).filter(municipality_id=a.municipality_id)
    if a.target == Assignment.Target.UNIT:
        if a.include_subtree:
            return employees.filter(org_unit__path__startswith=_path_of(a.org_unit_id))
        return employees.filter(org_unit_id=a.org_unit_id)
    if a.target == Assignment.Target.POSITION:
        return employees.filter(position_id=a.position_id)
    if a.target == Assignment.Target.EMPLOYEES:
        return employees.filter(pk__in=a.employees.values("pk"))
    return employees


def assignments_targeting(employee: Employee):
    """The assignments aimed at an employee as the record stands now."""
    T = Assignment.Target
    condition = Q(target=T.MUNICIPALITY) | Q(target=T.EMPLOYEES, employees=employee)
    if employee.org_unit_id:
        path = _path_of(employee.org_unit_id)
        ancestors = [path[:i] for i in range(4, len(path) + 1, 4)]
        condition |= Q(target=T.UNIT, org_unit_id=employee.org_unit_id)
        condition |= Q(target=T.UNIT, include_subtree=True, org_unit__path__in=ancestors)
    if employee.position_id:
        condition |= Q(target=T.POSITION, position_id=employee.position_id)
    return (
        Assignment.objects.filter(municipality_id=employee.municipality_id)
        .filter(condition)
        .distinct()
    )


# --- Maintenance ---------------------------------------------------------------------


def _latest_completions(course_id: int, employee_ids) -> dict[int, datetime.date]:
    """The newest completion day per employee, course and external completions alike."""
    latest: dict[int, datetime.date] = {}
    in_course = (
        CourseCompletion.objects.filter(course_id=course_id, user__employee__in=employee_ids)
        .values("user__employee")
        .annotate(last=Max("completed_at"))
        .values_list("user__employee", "last")
    )
    for employee_id, last in in_course:
        latest[employee_id] = timezone.localdate(last)
    external = (
        ExternalCompletion.objects.filter(course_id=course_id, employee__in=employee_ids)
        .values("employee")
        .annotate(last=Max("completed_on"))
        .values_list("employee", "last")
    )
    for employee_id, last in external:
        if employee_id not in latest or last > latest[employee_id]:
            latest[employee_id] = last
    return latest


def _exemptions(employee_ids, course_id: int) -> dict[int, tuple]:
    """Per employee the (from, until) of the exemption that ends last."""
    result: dict[int, tuple] = {}
    rows = (
        Exemption.objects.filter(employee__in=employee_ids)
        .filter(Q(course__isnull=True) | Q(course_id=course_id))
        .order_by("employee", "ends_on")
        .values_list("employee", "starts_on", "ends_on")
    )
    for employee_id, starts_on, ends_on in rows:
        result[employee_id] = (starts_on, ends_on)
    return result


def _apply_completion(obligation: Obligation, completed_on: datetime.date | None) -> None:
    """Copy a completion onto an obligation; one that lapsed before it was assigned
    does not count, and without a completion the first due date applies again."""
    a = obligation.assignment
    until = valid_until(a, completed_on) if completed_on else None
    if completed_on and until and until < obligation.assigned_on:
        completed_on = until = None
    obligation.completed_on = completed_on
    obligation.valid_until = until
    obligation.due_date = until or initial_due_date(a, obligation.employee, obligation.assigned_on)


def sync_assignment(assignment: Assignment, *, prune: bool = False) -> list[Obligation]:
    """Create the obligations of everybody the assignment targets; returns the new ones.

    With ``prune`` (after the target was edited), pending obligations of people the
    assignment no longer targets are removed: they were assigned by mistake. Completed
    ones stay, as does everything of people who moved (obligations follow the person;
    that is ``sync_employee``'s business).
    """
    today = timezone.localdate()
    with transaction.atomic():
        targeted = targeted_employees(assignment).select_related("user")
        if prune:
            assignment.obligations.exclude(employee__in=targeted.values("pk")).filter(
                completed_on__isnull=True
            ).delete()
        existing = set(assignment.obligations.values_list("employee_id", flat=True))
        employees = [e for e in targeted if e.pk not in existing]
        if not employees:
            return []
        obligations = _new_obligations(assignment, employees, today)
        return Obligation.objects.bulk_create(obligations, ignore_conflicts=True, batch_size=2000)


def _new_obligations(assignment: Assignment, employees, today) -> list[Obligation]:
    """Unsaved obligations of ``employees`` under ``assignment``, with the completions and
    exemptions they already have counted, ready for one ``bulk_create``."""
    ids = [employee.pk for employee in employees]
    completions = _latest_completions(assignment.course_id, ids)
    exemptions = _exemptions(ids, assignment.course_id)
    obligations = []
    for employee in employees:
        obligation = Obligation(
            assignment=assignment,
            employee=employee,
            course_id=assignment.course_id,
            municipality_id=employee.municipality_id,
            org_unit_id=employee.org_unit_id,
            assigned_on=today,
            ended_on=employee.leaving_date,
        )
        _apply_completion(obligation, completions.get(employee.pk))
        obligation.exempt_from, obligation.exempt_until = exemptions.get(employee.pk, (None, None))
        obligations.append(obligation)
    return obligations


def refresh_due_dates(assignment: Assignment) -> None:
    """Recompute due dates and validity of existing obligations after the rules changed.

    Obligations copy the dates when they are created; a corrected deadline or validity
    must reach the people already affected, with their completions counted as before.
    """
    obligations = list(assignment.obligations.select_related("employee"))
    if not obligations:
        return
    latest = _latest_completions(assignment.course_id, [o.employee_id for o in obligations])
    for obligation in obligations:
        obligation.assignment = assignment
        _apply_completion(obligation, latest.get(obligation.employee_id))
    Obligation.objects.bulk_update(
        obligations, ["completed_on", "valid_until", "due_date"], batch_size=2000
    )


def sync_employee(employee: Employee) -> None:
    """Bring a person's obligations in step with their record after it was saved.

    Joining or moving into a target adds its obligation; existing ones follow the person
    (unit and municipality copied anew); a leaving date ends them for reporting.
    """
    with transaction.atomic():
        employee.obligations.exclude(
            municipality_id=employee.municipality_id, org_unit_id=employee.org_unit_id
        ).update(municipality_id=employee.municipality_id, org_unit_id=employee.org_unit_id)
        employee.obligations.exclude(ended_on=employee.leaving_date).update(
            ended_on=employee.leaving_date
        )
        if employee.has_left:
            return
        existing = employee.obligations.values("assignment")
        today = timezone.localdate()
        for assignment in assignments_targeting(employee).exclude(pk__in=existing):
            Obligation.objects.bulk_create(
                _new_obligations(assignment, [employee], today), ignore_conflicts=True
            )


def refresh_completion(employee: Employee, course_id: int) -> None:
    """Recompute a person's obligations for a course from the completion history.

    Called whenever a completion is recorded or removed; the newest one counts.
    """
    obligations = list(
        Obligation.objects.filter(employee=employee, course_id=course_id).select_related(
            "assignment", "employee"
        )
    )
    if not obligations:
        return
    latest = _latest_completions(course_id, [employee.pk]).get(employee.pk)
    for obligation in obligations:
        _apply_completion(obligation, latest)
    Obligation.objects.bulk_update(obligations, ["completed_on", "valid_until", "due_date"])


def refresh_exemptions(employee: Employee) -> None:
    """Copy the person's exemptions onto their obligations (course-specific or all)."""
    obligations = list(Obligation.objects.filter(employee=employee))
    by_course: dict[int, dict] = {}
    for obligation in obligations:
        if obligation.course_id not in by_course:
            by_course[obligation.course_id] = _exemptions([employee.pk], obligation.course_id)
        obligation.exempt_from, obligation.exempt_until = by_course[obligation.course_id].get(
            employee.pk, (None, None)
        )
    Obligation.objects.bulk_update(obligations, ["exempt_from", "exempt_until"])


def obligations_of(user):
    """A person's current obligations for "Mein Lernen", soonest due first."""
    employee = employee_of(user)
    return (
        Obligation.objects.of_employee(employee)
        .current()
        .select_related("course", "assignment")
        .order_by("due_date", "course__title")
    )


def obligation_for(user, course):
    """The person's most pressing current obligation for ``course`` (soonest due), or
    None. For the course page: the obligation's own columns are all its state needs, so
    no course or assignment is joined; the course is the one asked about."""
    obligation = (
        Obligation.objects.of_employee(employee_of(user))
        .current()
        .filter(course=course)
        .order_by("due_date")
        .first()
    )
    if obligation is not None:
        obligation.course = course
    return obligation


def sync_employees(employee_ids: list[int]) -> int:
    """``sync_employee`` for many people at once (a staff import); returns how many
    obligations were created.

    The same rules, set-based: existing obligations follow their person (unit,
    municipality, end), and each assignment of the people's municipalities adds the
    obligations of those it targets and who don't have one yet. Costs a few queries
    per assignment and 5,000 people, not ~20 per person.
    """
    created = 0
    today = timezone.localdate()
    with transaction.atomic():
        for start in range(0, len(employee_ids), 5000):
            batch = employee_ids[start : start + 5000]
            employees = {
                e.pk: e
                for e in Employee.objects.filter(pk__in=batch).only(
                    "pk",
                    "municipality_id",
                    "org_unit_id",
                    "position_id",
                    "entry_date",
                    "leaving_date",
                )
            }
            following = []
            for obligation in Obligation.objects.filter(employee_id__in=batch).only(
                "pk", "employee_id", "municipality_id", "org_unit_id", "ended_on"
            ):
                e = employees[obligation.employee_id]
                now = (e.municipality_id, e.org_unit_id, e.leaving_date)
                if (obligation.municipality_id, obligation.org_unit_id, obligation.ended_on) != now:
                    obligation.municipality_id, obligation.org_unit_id, obligation.ended_on = now
                    following.append(obligation)
            Obligation.objects.bulk_update(
                following, ["municipality_id", "org_unit_id", "ended_on"], batch_size=2000
            )
            municipalities = {e.municipality_id for e in employees.values()}
            for assignment in Assignment.objects.filter(municipality_id__in=municipalities):
                ids = list(
                    targeted_employees(assignment)
                    .filter(pk__in=batch)
                    .exclude(obligations__assignment=assignment)
                    .values_list("pk", flat=True)
                )
                if not ids:
                    continue
                new = _new_obligations(assignment, [employees[pk] for pk in ids], today)
                created += len(
                    Obligation.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
                )
    return created
