"""Small helpers for mandatory-training tests: ``make_assignment``, ``make_completion``."""

from __future__ import annotations

import datetime

from django.utils import timezone

from courses.tests.factories import many_courses, many_modules
from learning.certificates import new_verification_code
from learning.models import Assignment, CourseCompletion, ModuleProgress, ProgressStatus
from learning.obligations import sync_assignment


def make_assignment(course, municipality=None, *, sync=True, **kwargs) -> Assignment:
    """An assignment (a whole municipality, 30 days, once unless told otherwise), synced."""
    if municipality is None:
        unit = kwargs.get("org_unit") or (kwargs.get("position") and kwargs["position"].org_unit)
        municipality = unit.municipality
    kwargs.setdefault(
        "target",
        Assignment.Target.UNIT
        if kwargs.get("org_unit")
        else Assignment.Target.POSITION
        if kwargs.get("position")
        else Assignment.Target.MUNICIPALITY,
    )
    kwargs.setdefault("due_rule", Assignment.DueRule.AFTER_ASSIGNMENT)
    if kwargs["due_rule"] != Assignment.DueRule.FIXED:
        kwargs.setdefault("due_days", 30)
    employees = kwargs.pop("employees", ())
    assignment = Assignment.objects.create(course=course, municipality=municipality, **kwargs)
    if employees:
        assignment.employees.set(employees)
    if sync:
        sync_assignment(assignment)
    return assignment


def make_completion(user, course, on: datetime.date | None = None) -> CourseCompletion:
    """A course completion on a given day, as the progress functions would record it."""
    on = on or timezone.localdate()
    completed_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0)))
    return CourseCompletion.objects.create(
        user=user,
        course=course,
        course_title=course.title,
        duration_minutes=course.duration_minutes or 0,
        learner_name=user.get_full_name(),
        completed_at=completed_at,
        quizzes_passed=True,
        verification_code=new_verification_code(),
    )


def start_courses(user, catalogue, count: int, modules_each: int = 3) -> list:
    """``count`` live courses in which ``user`` completed the first module and opened the
    second (built in bulk)."""
    courses = many_courses(catalogue, count)
    rows = []
    for course in courses:
        first, second, *_rest = many_modules(course, modules_each)
        rows += [
            ModuleProgress(user=user, module=first, course=course, status=ProgressStatus.COMPLETED),
            ModuleProgress(
                user=user,
                module=second,
                course=course,
                status=ProgressStatus.IN_PROGRESS,
                last_visit_at=timezone.now(),
            ),
        ]
    ModuleProgress.objects.bulk_create(rows)
    return courses
