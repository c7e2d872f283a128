"""Obligations: who is targeted, how states follow from dates, what completions count."""

import datetime

import pytest
from django.utils import timezone

from core.dates import add_months
from courses.tests.factories import make_course, make_course_index, make_module, section_of
from learning.models import (
    Assignment,
    CourseCompletion,
    Exemption,
    ExternalCompletion,
    ModuleProgress,
    Obligation,
    ObligationState,
)
from learning.obligations import obligations_of
from learning.progress import complete_module, restart_course
from learning.rules import obligation_state, valid_until, validate_assignment
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
)

from .factories import make_assignment, make_completion

D = datetime.date
TODAY = D(2026, 11, 22)


def obligation_of(employee, assignment=None) -> Obligation:
    obligations = Obligation.objects.filter(employee=employee)
    if assignment:
        obligations = obligations.filter(assignment=assignment)
    return obligations.get()


@pytest.fixture
def town():
    return make_municipality("Blomberg", slug="blomberg")


@pytest.fixture
def course():
    return make_course(make_course_index(section_of(None)), "IT-Sicherheit")


# --- Targeting -------------------------------------------------------------------------


@pytest.mark.django_db
def test_unit_assignment_with_subtree_reaches_staff_of_sub_units_only_there(town, course):
    department = make_unit(town, "Fachbereich 1")
    office = make_unit(town, "Bürgerbüro", parent=department)
    elsewhere = make_unit(town, "Bauamt")
    in_department = make_employee(unit=department)
    in_office = make_employee(unit=office)
    outside = make_employee(unit=elsewhere)

    make_assignment(course, org_unit=department, include_subtree=True)

    assert set(Obligation.objects.values_list("employee", flat=True)) == {
        in_department.pk,
        in_office.pk,
    }
    assert not Obligation.objects.filter(employee=outside).exists()


@pytest.mark.django_db
def test_unit_assignment_without_subtree_leaves_sub_units_out(town, course):
    department = make_unit(town, "Fachbereich 1")
    office = make_unit(town, "Bürgerbüro", parent=department)
    make_employee(unit=department)
    in_office = make_employee(unit=office)

    make_assignment(course, org_unit=department, include_subtree=False)

    assert Obligation.objects.count() == 1
    assert not Obligation.objects.filter(employee=in_office).exists()


@pytest.mark.django_db
def test_position_assignment_reaches_its_holders(town, course):
    unit = make_unit(town, "Standesamt")
    registrar = make_position(unit, "Standesbeamtin")
    holder = make_employee(unit=unit, position=registrar)
    make_employee(unit=unit)

    make_assignment(course, position=registrar)

    assert list(Obligation.objects.values_list("employee", flat=True)) == [holder.pk]


@pytest.mark.django_db
def test_individual_assignment_reaches_named_employees(town, course):
    unit = make_unit(town, "Bürgerbüro")
    chosen, _other = make_employee(unit=unit), make_employee(unit=unit)

    make_assignment(course, town, target=Assignment.Target.EMPLOYEES, employees=[chosen])

    assert list(Obligation.objects.values_list("employee", flat=True)) == [chosen.pk]


@pytest.mark.django_db
def test_municipality_assignment_skips_other_municipalities_and_leavers(town, course):
    other = make_municipality("Lügde", slug="luegde")
    staff = make_employee(town)
    make_employee(other)
    make_employee(town, leaving_date=timezone.localdate() - datetime.timedelta(days=1))

    make_assignment(course, town)

    assert list(Obligation.objects.values_list("employee", flat=True)) == [staff.pk]


@pytest.mark.django_db
def test_new_joiner_of_a_targeted_unit_gets_the_obligation(town, course):
    department = make_unit(town, "Fachbereich 1")
    office = make_unit(town, "Bürgerbüro", parent=department)
    assignment = make_assignment(course, org_unit=department)

    joiner = make_employee(unit=office, entry_date=timezone.localdate())

    obligation = obligation_of(joiner)
    assert obligation.assignment == assignment
    assert obligation.org_unit == office


@pytest.mark.django_db
def test_joiner_rule_counts_days_from_the_entry_date(town, course):
    assignment = make_assignment(
        course, town, due_rule=Assignment.DueRule.AFTER_JOINING, due_days=30
    )
    starts_later = timezone.localdate() + datetime.timedelta(days=10)

    joiner = make_employee(town, entry_date=starts_later)

    assert obligation_of(joiner, assignment).due_date == starts_later + datetime.timedelta(30)


@pytest.mark.django_db
def test_mover_keeps_the_obligation_and_gains_those_of_the_new_unit(town, course):
    first, second = make_unit(town, "Bürgerbüro"), make_unit(town, "Standesamt")
    other_course = make_course(make_course_index(section_of(town)), "Personenstandsrecht")
    old = make_assignment(course, org_unit=first)
    new = make_assignment(other_course, org_unit=second)
    mover = make_employee(unit=first)

    mover.org_unit = second
    mover.save()

    kept = obligation_of(mover, old)
    assert kept.org_unit == second, "the obligation follows the person to the new unit"
    assert obligation_of(mover, new).org_unit == second


@pytest.mark.django_db
def test_position_change_adds_the_new_positions_obligation(town, course):
    unit = make_unit(town, "Standesamt")
    registrar = make_position(unit, "Standesbeamtin")
    assignment = make_assignment(course, position=registrar)
    clerk = make_employee(unit=unit, position=make_position(unit, "Sachbearbeitung"))
    assert not Obligation.objects.filter(employee=clerk).exists()

    clerk.position = registrar
    clerk.save()

    assert obligation_of(clerk, assignment)


@pytest.mark.django_db
def test_leaving_ends_obligations_for_reports(town, course):
    staff = make_employee(town)
    make_assignment(course, town)
    leaving = timezone.localdate() + datetime.timedelta(days=5)

    staff.leaving_date = leaving
    staff.save()

    obligation = obligation_of(staff)
    assert obligation.ended_on == leaving
    assert Obligation.objects.current().filter(pk=obligation.pk).exists()
    after = leaving + datetime.timedelta(days=1)
    assert not Obligation.objects.current(after).filter(pk=obligation.pk).exists()


@pytest.mark.django_db
def test_syncing_twice_creates_nothing_new(town, course):
    make_employee(town)
    assignment = make_assignment(course, town)
    from learning.obligations import sync_assignment

    assert sync_assignment(assignment) == []
    assert Obligation.objects.count() == 1


@pytest.mark.django_db
def test_editing_the_target_drops_pending_obligations_but_keeps_completed(town, course):
    first, second = make_unit(town, "Bürgerbüro"), make_unit(town, "Standesamt")
    pending, done = make_employee(unit=first), make_employee(unit=first)
    make_completion(done.user, course)
    assignment = make_assignment(course, org_unit=first)
    assignment.org_unit = second
    assignment.save()
    make_employee(unit=second)

    from learning.obligations import sync_assignment

    sync_assignment(assignment, prune=True)

    assert not Obligation.objects.filter(employee=pending).exists()
    assert Obligation.objects.filter(employee=done).exists()
    assert Obligation.objects.count() == 2


# --- States ----------------------------------------------------------------------------


def make_obligation(**dates) -> Obligation:
    dates.setdefault("assigned_on", TODAY - datetime.timedelta(days=10))
    dates.setdefault("due_date", TODAY + datetime.timedelta(days=30))
    return Obligation(**dates)


@pytest.mark.parametrize(
    ("dates", "state"),
    [
        ({"due_date": TODAY + datetime.timedelta(days=15)}, ObligationState.OPEN),
        ({"due_date": TODAY + datetime.timedelta(days=14)}, ObligationState.DUE_SOON),
        ({"due_date": TODAY}, ObligationState.DUE_SOON),
        ({"due_date": TODAY - datetime.timedelta(days=1)}, ObligationState.OVERDUE),
        ({"completed_on": TODAY, "valid_until": None}, ObligationState.DONE),
        ({"completed_on": D(2025, 12, 1), "valid_until": TODAY}, ObligationState.DONE),
        (
            {"completed_on": D(2025, 11, 1), "valid_until": TODAY - datetime.timedelta(days=1)},
            ObligationState.EXPIRED,
        ),
        (
            {
                "due_date": TODAY - datetime.timedelta(days=40),
                "exempt_from": D(2026, 6, 1),
                "exempt_until": D(2027, 5, 31),
            },
            ObligationState.EXEMPT,
        ),
        (
            {
                "due_date": TODAY - datetime.timedelta(days=1),
                "exempt_from": D(2026, 1, 1),
                "exempt_until": TODAY - datetime.timedelta(days=1),
            },
            ObligationState.OVERDUE,
        ),
    ],
)
def test_state_follows_from_the_dates(dates, state):
    assert obligation_state(make_obligation(**dates), TODAY) == state


@pytest.mark.django_db
def test_sql_states_agree_with_python_states(town, course):
    staff = [make_employee(town) for _ in range(7)]
    make_assignment(course, town)
    cases = [
        {"due_date": TODAY + datetime.timedelta(days=40)},
        {"due_date": TODAY + datetime.timedelta(days=3)},
        {"due_date": TODAY - datetime.timedelta(days=3)},
        {"completed_on": TODAY, "valid_until": None},
        {"completed_on": D(2025, 1, 1), "valid_until": D(2026, 1, 1)},
        {"exempt_from": D(2026, 1, 1), "exempt_until": D(2027, 1, 1)},
        {"completed_on": D(2026, 1, 1), "valid_until": D(2027, 1, 1)},
    ]
    for employee, values in zip(staff, cases, strict=True):
        Obligation.objects.filter(employee=employee).update(**values)

    for obligation in Obligation.objects.with_state(TODAY):
        assert obligation.state == obligation_state(obligation, TODAY)
    assert len({o.state for o in Obligation.objects.with_state(TODAY)}) == 6


# --- Recertification -------------------------------------------------------------------


def rolling(months=12):
    return Assignment(recertification=Assignment.Recertification.ROLLING, valid_months=months)


def yearly(month, day):
    return Assignment(
        recertification=Assignment.Recertification.CALENDAR,
        recurring_month=month,
        recurring_day=day,
    )


def test_rolling_validity_counts_months_from_completion():
    assert valid_until(rolling(12), D(2026, 3, 15)) == D(2027, 3, 15)
    assert valid_until(rolling(1), D(2026, 1, 31)) == D(2026, 2, 28)
    assert valid_until(Assignment(), D(2026, 3, 15)) is None


def test_calendar_validity_runs_to_the_deadline_after_the_covered_one():
    # Completed before this year's deadline: covers it, valid until next year's.
    assert valid_until(yearly(3, 31), D(2026, 3, 1)) == D(2027, 3, 31)
    # Completed on the deadline itself still covers it.
    assert valid_until(yearly(3, 31), D(2026, 3, 31)) == D(2027, 3, 31)
    # Completed after the deadline: covers the next one.
    assert valid_until(yearly(3, 31), D(2026, 4, 1)) == D(2028, 3, 31)
    # 29 February falls back to the 28th in common years.
    assert valid_until(yearly(2, 29), D(2026, 1, 10)) == D(2027, 2, 28)


@pytest.mark.django_db
def test_completing_a_rolling_training_sets_the_next_due_date(town, course):
    staff = make_employee(town)
    assignment = make_assignment(
        course,
        town,
        recertification=Assignment.Recertification.ROLLING,
        valid_months=12,
    )
    today = timezone.localdate()

    make_completion(staff.user, course, today)

    obligation = obligation_of(staff, assignment)
    assert obligation.completed_on == today
    assert obligation.valid_until == add_months(today, 12)
    assert obligation.due_date == obligation.valid_until
    assert obligation.state == ObligationState.DONE
    in_13_months = add_months(today, 13)
    assert obligation_state(obligation, in_13_months) == ObligationState.EXPIRED


@pytest.mark.django_db
def test_calendar_training_expires_after_the_next_deadline(town, course):
    staff = make_employee(town)
    make_assignment(
        course,
        town,
        recertification=Assignment.Recertification.CALENDAR,
        recurring_month=3,
        recurring_day=31,
    )
    make_completion(staff.user, course, timezone.localdate())

    obligation = obligation_of(staff)
    deadline = obligation.valid_until
    assert (deadline.month, deadline.day) == (3, 31)
    assert obligation_state(obligation, deadline) == ObligationState.DONE
    assert obligation_state(obligation, deadline + datetime.timedelta(1)) == (
        ObligationState.EXPIRED
    )


@pytest.mark.django_db
def test_an_earlier_completion_still_valid_counts(town, course):
    staff = make_employee(town)
    earlier = timezone.localdate() - datetime.timedelta(days=100)
    make_completion(staff.user, course, earlier)

    make_assignment(
        course, town, recertification=Assignment.Recertification.ROLLING, valid_months=12
    )

    obligation = obligation_of(staff)
    assert obligation.completed_on == earlier
    assert obligation.state == ObligationState.DONE


@pytest.mark.django_db
def test_a_completion_that_lapsed_before_the_assignment_does_not_count(town, course):
    staff = make_employee(town)
    make_completion(staff.user, course, timezone.localdate() - datetime.timedelta(days=500))

    make_assignment(
        course, town, recertification=Assignment.Recertification.ROLLING, valid_months=12
    )

    obligation = obligation_of(staff)
    assert obligation.completed_on is None
    assert obligation.state == ObligationState.OPEN


@pytest.mark.django_db
def test_recertifying_adds_a_completion_and_keeps_the_history(town, course):
    module = make_module(course, "Einführung")
    staff = make_employee(town)
    make_assignment(
        course, town, recertification=Assignment.Recertification.ROLLING, valid_months=12
    )
    first = complete_module(staff.user, module)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    CourseCompletion.objects.filter(pk=first.pk).update(completed_at=long_ago)
    ModuleProgress.objects.filter(user=staff.user).update(completed_at=long_ago)
    # Completing the module again without restarting records nothing new.
    assert complete_module(staff.user, module) is None

    assert restart_course(staff.user, course)
    second = complete_module(staff.user, module)

    assert second is not None and second.pk != first.pk
    assert CourseCompletion.objects.filter(user=staff.user, course=course).count() == 2
    obligation = obligation_of(staff)
    assert obligation.completed_on == timezone.localdate()
    assert obligation.state == ObligationState.DONE


@pytest.mark.django_db
def test_restarting_a_course_never_completed_changes_nothing(town, course):
    staff = make_employee(town)
    complete_module(staff.user, make_module(course, "Einführung", optional=True))
    assert not restart_course(staff.user, course)


# --- External completions and exemptions ----------------------------------------------


@pytest.mark.django_db
def test_external_completion_counts_and_removing_it_reopens(town, course):
    staff = make_employee(town)
    make_assignment(course, town)
    external = ExternalCompletion.objects.create(
        employee=staff,
        course=course,
        kind=ExternalCompletion.Kind.IN_PERSON,
        completed_on=timezone.localdate() - datetime.timedelta(days=3),
        note="Präsenzschulung im Rathaus",
    )
    assert obligation_of(staff).state == ObligationState.DONE

    external.delete()

    assert obligation_of(staff).state == ObligationState.OPEN


@pytest.mark.django_db
def test_newest_of_course_and_external_completions_counts(town, course):
    staff = make_employee(town)
    make_assignment(
        course, town, recertification=Assignment.Recertification.ROLLING, valid_months=12
    )
    today = timezone.localdate()
    make_completion(staff.user, course, today - datetime.timedelta(days=60))
    ExternalCompletion.objects.create(
        employee=staff,
        course=course,
        kind=ExternalCompletion.Kind.EXTERNAL,
        completed_on=today - datetime.timedelta(days=5),
    )
    assert obligation_of(staff).completed_on == today - datetime.timedelta(days=5)


@pytest.mark.django_db
def test_exemption_makes_the_obligation_exempt_until_it_ends(town, course):
    staff = make_employee(town)
    make_assignment(course, town, due_days=1)
    today = timezone.localdate()
    Exemption.objects.create(
        employee=staff,
        reason=Exemption.Reason.PARENTAL_LEAVE,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=200),
    )
    obligation = obligation_of(staff)
    assert obligation.state == ObligationState.EXEMPT
    assert obligation_state(obligation, today + datetime.timedelta(days=201)) == (
        ObligationState.OVERDUE
    )


@pytest.mark.django_db
def test_exemption_for_another_course_does_not_apply(town, course):
    staff = make_employee(town)
    make_assignment(course, town)
    other = make_course(make_course_index(section_of(town)), "Anderer Kurs")
    Exemption.objects.create(
        employee=staff,
        course=other,
        reason=Exemption.Reason.OTHER,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert obligation_of(staff).state == ObligationState.OPEN


# --- Validation and the learner's list -------------------------------------------------


@pytest.mark.django_db
def test_incomplete_assignment_gets_german_messages(town, course):
    assignment = Assignment(
        course=course,
        municipality=town,
        target=Assignment.Target.UNIT,
        due_rule=Assignment.DueRule.FIXED,
        recertification=Assignment.Recertification.CALENDAR,
        recurring_month=2,
        recurring_day=30,
    )
    errors = validate_assignment(assignment)
    assert set(errors) == {"org_unit", "due_date", "recurring_day"}
    assert "Organisationseinheit" in str(errors["org_unit"])


@pytest.mark.django_db
def test_unit_of_another_municipality_is_rejected(town, course):
    other_unit = make_unit(make_municipality("Lügde", slug="luegde"), "Bauamt")
    assignment = Assignment(
        course=course,
        municipality=town,
        target=Assignment.Target.UNIT,
        org_unit=other_unit,
        due_days=30,
    )
    assert "org_unit" in validate_assignment(assignment)


@pytest.mark.django_db
def test_my_obligations_lists_only_my_current_ones_soonest_first(town, course):
    me, colleague = make_employee(town), make_employee(town)
    later = make_course(make_course_index(section_of(town)), "Später")
    make_assignment(later, town, due_days=60)
    make_assignment(course, town, due_days=10)

    mine = list(obligations_of(me.user))

    assert [o.course_id for o in mine] == [course.pk, later.pk]
    assert all(o.employee_id == me.pk for o in mine)
    assert colleague.pk not in {o.employee_id for o in mine}
