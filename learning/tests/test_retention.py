"""Retention: learning records are deleted on the day their period ends, not a day sooner."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from core.dates import add_months
from core.models import ReportAccess
from courses.tests.factories import make_course, make_course_index, make_module, section_of
from learning.certificates import new_verification_code
from learning.models import (
    Assignment,
    CourseCompletion,
    Exemption,
    ExternalCompletion,
    ManagerDigest,
    ModuleProgress,
    Obligation,
    ProgressStatus,
    QuizAttempt,
)
from learning.obligations import sync_assignment
from learning.retention import (
    apply_retention,
    completions_cutoff,
    delete_in_batches,
    progress_cutoff,
)
from organisations.tests.factories import make_employee, make_municipality, make_unit

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PROGRESS_CUTOFF = progress_cutoff(TODAY)
COMPLETIONS_CUTOFF = completions_cutoff(TODAY)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def complete(user, course, when: datetime.datetime) -> CourseCompletion:
    return CourseCompletion.objects.create(
        user=user,
        course=course,
        course_title=course.title,
        duration_minutes=0,
        learner_name=user.get_full_name(),
        completed_at=when,
        quizzes_passed=True,
        verification_code=new_verification_code(),
    )


def progress(user, module, first_visit: datetime.datetime) -> ModuleProgress:
    return ModuleProgress.objects.create(
        user=user,
        module=module,
        course_id=module.get_parent().pk,
        status=ProgressStatus.COMPLETED,
        first_visit_at=first_visit,
        last_visit_at=first_visit,
        completed_at=first_visit,
    )


def attempt(user, module, submitted: datetime.datetime) -> QuizAttempt:
    row = QuizAttempt.objects.create(
        user=user,
        module=module,
        quiz_block_id="quiz-1",
        score=100,
        pass_mark=80,
        passed=True,
        results=[],
    )
    QuizAttempt.objects.filter(pk=row.pk).update(submitted_at=submitted)
    return row


def learning_records(user, module, done_at: datetime.datetime) -> None:
    """Progress and an attempt from the day before the course was completed."""
    before = done_at - DAY
    progress(user, module, before)
    attempt(user, module, before)


@pytest.fixture
def town():
    return make_municipality("Blomberg", slug="blomberg")


@pytest.fixture
def unit(town):
    return make_unit(town, "Bürgerbüro")


@pytest.fixture
def course():
    return make_course(make_course_index(section_of(None)), "Datenschutz")


@pytest.fixture
def module(course):
    return make_module(course, "Grundlagen")


def kept(model, **filters) -> bool:
    return model.objects.filter(**filters).exists()


# --- Attempts and progress after completion ------------------------------------------


@pytest.mark.django_db
def test_attempts_and_progress_go_on_the_day_the_period_after_completion_ends(unit, course, module):
    due = make_employee(unit=unit).user
    not_yet = make_employee(unit=unit).user
    for user, done_at in (
        (due, at(PROGRESS_CUTOFF, 23, 59)),
        (not_yet, at(PROGRESS_CUTOFF + DAY, 0, 0)),
    ):
        learning_records(user, module, done_at)
        complete(user, course, done_at)

    counts = apply_retention(TODAY)

    assert counts["quiz_attempts"] == 1 and counts["module_progress"] == 1
    assert not kept(QuizAttempt, user=due) and not kept(ModuleProgress, user=due)
    assert kept(QuizAttempt, user=not_yet) and kept(ModuleProgress, user=not_yet)
    assert kept(CourseCompletion, user=due), "completions stay"
    assert apply_retention(TODAY)["quiz_attempts"] == 0


@pytest.mark.django_db
def test_progress_of_a_course_never_completed_stays(unit, module):
    learner = make_employee(unit=unit).user
    long_ago = at(add_months(TODAY, -60))
    progress(learner, module, long_ago)
    attempt(learner, module, long_ago)

    apply_retention(TODAY)

    assert kept(ModuleProgress, user=learner) and kept(QuizAttempt, user=learner)


@pytest.mark.django_db
def test_the_latest_completion_counts_and_a_new_round_stays(unit, course, module):
    recertified = make_employee(unit=unit).user
    learning_records(recertified, module, at(PROGRESS_CUTOFF - 400 * DAY))
    complete(recertified, course, at(PROGRESS_CUTOFF - 400 * DAY))
    complete(recertified, course, at(PROGRESS_CUTOFF + DAY))

    new_round = make_employee(unit=unit).user
    done_at = at(PROGRESS_CUTOFF - 10 * DAY)
    complete(new_round, course, done_at)
    second = make_module(course, "Vertiefung")
    learning_records(new_round, module, done_at)  # the completed round
    progress(new_round, second, done_at + DAY)  # started after the completion
    attempt(new_round, second, done_at + DAY)

    apply_retention(TODAY)

    assert ModuleProgress.objects.filter(user=recertified).count() == 1
    assert QuizAttempt.objects.filter(user=recertified).count() == 1
    assert list(ModuleProgress.objects.filter(user=new_round).values_list("module", flat=True)) == [
        second.pk
    ]
    assert list(QuizAttempt.objects.filter(user=new_round).values_list("module", flat=True)) == [
        second.pk
    ]


@pytest.mark.django_db
def test_attempts_of_deleted_modules_go_after_the_period(unit, module):
    learner = make_employee(unit=unit).user
    old = attempt(learner, module, at(PROGRESS_CUTOFF, 23, 59))
    recent = attempt(learner, module, at(PROGRESS_CUTOFF + DAY, 0, 0))
    QuizAttempt.objects.update(module=None)

    apply_retention(TODAY)

    assert not kept(QuizAttempt, pk=old.pk) and kept(QuizAttempt, pk=recent.pk)


@pytest.mark.django_db
def test_a_completion_by_someone_else_does_not_count(unit, course, module):
    learner, colleague = make_employee(unit=unit).user, make_employee(unit=unit).user
    learning_records(learner, module, at(PROGRESS_CUTOFF - 30 * DAY))
    complete(colleague, course, at(PROGRESS_CUTOFF - 30 * DAY))

    apply_retention(TODAY)

    assert kept(ModuleProgress, user=learner) and kept(QuizAttempt, user=learner)


# --- People who have left ------------------------------------------------------------


def leaver(unit, course, leaving_date: datetime.date):
    """Somebody with every kind of learning record, who left on ``leaving_date``.

    Their progress and attempts are of a round begun after their completion, so only the
    rule about leavers applies to them.
    """
    employee = make_employee(unit=unit)
    module = course.get_children().first().specific
    complete(employee.user, course, at(leaving_date - 30 * DAY))
    progress(employee.user, module, at(leaving_date - 10 * DAY))
    attempt(employee.user, module, at(leaving_date - 10 * DAY))
    ExternalCompletion.objects.create(
        employee=employee,
        course=course,
        kind=ExternalCompletion.Kind.IN_PERSON,
        completed_on=leaving_date - 20 * DAY,
    )
    Exemption.objects.create(
        employee=employee,
        reason=Exemption.Reason.ILLNESS,
        starts_on=leaving_date - 100 * DAY,
        ends_on=leaving_date - 50 * DAY,
    )
    employee.leaving_date = leaving_date
    employee.save()
    return employee


@pytest.fixture
def assignment(town, course, module):
    assignment = Assignment.objects.create(
        course=course,
        municipality=town,
        target=Assignment.Target.MUNICIPALITY,
        due_rule=Assignment.DueRule.AFTER_ASSIGNMENT,
        due_days=30,
    )
    return assignment


def record_kinds(employee) -> set[str]:
    user = employee.user
    found = {
        "attempt": kept(QuizAttempt, user=user),
        "progress": kept(ModuleProgress, user=user),
        "exemption": kept(Exemption, employee=employee),
        "obligation": kept(Obligation, employee=employee),
        "external": kept(ExternalCompletion, employee=employee),
        "completion": kept(CourseCompletion, user=user),
    }
    return {kind for kind, exists in found.items() if exists}


ALL = {"attempt", "progress", "exemption", "obligation", "external", "completion"}
PROOF = {"obligation", "external", "completion"}


@pytest.mark.django_db
def test_leavers_keep_only_the_proof_after_months_and_nothing_after_years(unit, course, assignment):
    staying = make_employee(unit=unit)
    sync_assignment(assignment)  # later employees get theirs when they are saved
    people = {
        "within_months": leaver(unit, course, PROGRESS_CUTOFF + DAY),
        "months_ago": leaver(unit, course, PROGRESS_CUTOFF),
        "within_years": leaver(unit, course, COMPLETIONS_CUTOFF + DAY),
        "years_ago": leaver(unit, course, COMPLETIONS_CUTOFF),
    }
    complete(staying.user, course, at(TODAY - 400 * DAY))
    assert all(record_kinds(person) == ALL for person in people.values())

    counts = apply_retention(TODAY)

    assert record_kinds(people["within_months"]) == ALL
    assert record_kinds(people["months_ago"]) == PROOF
    assert record_kinds(people["within_years"]) == PROOF
    assert record_kinds(people["years_ago"]) == set()
    assert record_kinds(staying) == {"obligation", "completion"}
    assert counts == {
        "quiz_attempts": 3,
        "module_progress": 3,
        "exemptions": 3,
        "obligations": 1,
        "external_completions": 1,
        "course_completions": 1,
        "manager_digests": 0,
        "report_accesses": 0,
    }


@pytest.mark.django_db
def test_digest_log_is_kept_four_weeks(unit):
    manager = make_employee(unit=unit)
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    old = ManagerDigest.objects.create(manager=manager, week=monday - datetime.timedelta(weeks=5))
    recent = ManagerDigest.objects.create(
        manager=manager, week=monday - datetime.timedelta(weeks=4)
    )

    apply_retention(TODAY)

    assert not kept(ManagerDigest, pk=old.pk) and kept(ManagerDigest, pk=recent.pk)


@pytest.mark.django_db
def test_report_access_log_is_kept_as_long_as_completions(unit):
    def access_on(day):
        entry = ReportAccess.objects.create(username="fk", report="Erfüllungsmatrix")
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        ReportAccess.objects.filter(pk=entry.pk).update(accessed_at=moment)
        return entry

    old = access_on(COMPLETIONS_CUTOFF)
    recent = access_on(COMPLETIONS_CUTOFF + datetime.timedelta(days=1))

    apply_retention(TODAY)

    assert not kept(ReportAccess, pk=old.pk) and kept(ReportAccess, pk=recent.pk)


# --- Mechanics -----------------------------------------------------------------------


@pytest.mark.django_db
def test_batches_delete_exactly_the_selected_rows(unit, module):
    learner = make_employee(unit=unit).user
    rows = [attempt(learner, module, at(TODAY - n * DAY)) for n in range(7)]
    keep = rows[3]

    deleted = delete_in_batches(QuizAttempt.objects.exclude(pk=keep.pk), batch_size=2)

    assert deleted == 6
    assert list(QuizAttempt.objects.values_list("pk", flat=True)) == [keep.pk]


@pytest.mark.django_db
def test_dry_run_counts_and_deletes_nothing(unit, course, module):
    learner = make_employee(unit=unit).user
    learning_records(learner, module, at(PROGRESS_CUTOFF))
    complete(learner, course, at(PROGRESS_CUTOFF))

    output = StringIO()
    call_command("apply_retention", "--dry-run", stdout=output)

    assert "Quizversuche: 1" in output.getvalue()
    assert kept(QuizAttempt, user=learner) and kept(ModuleProgress, user=learner)

    output = StringIO()
    call_command("apply_retention", stdout=output)
    assert "Gelöscht: Quizversuche: 1, Modulfortschritte: 1" in output.getvalue()
    assert not kept(QuizAttempt, user=learner)


def test_cutoffs_follow_the_settings():
    assert PROGRESS_CUTOFF == add_months(TODAY, -settings.LERNWERK_RETENTION_PROGRESS_MONTHS)
    assert COMPLETIONS_CUTOFF == add_months(
        TODAY, -12 * settings.LERNWERK_RETENTION_COMPLETIONS_YEARS
    )
