"""Recording progress: visits, completed modules, completed courses.

Every write here is idempotent and race-safe. A row is created with an insert that
ignores conflicts (the unique constraint decides), and then changed with an update whose
WHERE clause only matches a lower status, so a double click, a repeated request or two
concurrent requests leave exactly one row, and a status never goes backwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.models import Page

from core.tree import parent_path
from courses.models import CoursePage, ModulePage, published_outlines
from organisations.roles import employee_of

from .certificates import new_verification_code
from .models import CourseCompletion, ModuleProgress, ProgressStatus, QuizAttempt


def _upsert(user, module: ModulePage, *, complete: bool) -> None:
    """One statement, so one round trip and one commit per recording.

    Insert the row, or on conflict move it forward: the status only rises
    (GREATEST/MAX), first visit and completion time are set once and then kept.
    The course is the module's parent page, found by path inside the same statement.
    """
    now = timezone.now()
    status = ProgressStatus.COMPLETED if complete else ProgressStatus.IN_PROGRESS
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    table = ModuleProgress._meta.db_table
    page_table = Page._meta.db_table
    sql = f"""
        INSERT INTO {table}
            (user_id, module_id, course_id, status, first_visit_at, last_visit_at, completed_at)
        SELECT %s, %s, course.id, %s, %s, %s, %s
        FROM {page_table} AS course WHERE course.path = %s
        ON CONFLICT (user_id, module_id) DO UPDATE SET
            status = {greatest}({table}.status, excluded.status),
            first_visit_at = COALESCE({table}.first_visit_at, excluded.first_visit_at),
            last_visit_at = excluded.last_visit_at,
            completed_at = COALESCE({table}.completed_at, excluded.completed_at)
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                user.pk,
                module.pk,
                int(status),
                now,
                now,
                now if complete else None,
                parent_path(module.path),
            ],
        )


#: A visit is written at most this often per person and module: "Weiterlernen" sorts by
#: the last visit, which needs minutes, not seconds; reading a module again and again
#: (back and forth between sections, reloads) then costs no write and no commit.
VISIT_REFRESH = datetime.timedelta(minutes=5)


def record_visit(user, module: ModulePage) -> int:
    """Opening a module marks it in progress (never undoing "completed").

    Returns the person's status in the module after the visit, so the page needs no
    second query for it. One statement on PostgreSQL: the insert, or the update of a
    visit older than ``VISIT_REFRESH``, returns the row; when neither wrote, the row as
    it was is read in the same statement (a CTE's outer query sees the rows from before
    it). SQLite (quick start only) has no data-changing CTEs and reads it afterwards.
    """
    now = timezone.now()
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    table = ModuleProgress._meta.db_table
    page_table = Page._meta.db_table
    values = [user.pk, module.pk, int(ProgressStatus.IN_PROGRESS), now, now]
    upsert = f"""
        INSERT INTO {table}
            (user_id, module_id, course_id, status, first_visit_at, last_visit_at, completed_at)
        SELECT %s, %s, course.id, %s, %s, %s, NULL
        FROM {page_table} AS course WHERE course.path = %s
        ON CONFLICT (user_id, module_id) DO UPDATE SET
            status = {greatest}({table}.status, excluded.status),
            first_visit_at = COALESCE({table}.first_visit_at, excluded.first_visit_at),
            last_visit_at = excluded.last_visit_at
        WHERE {table}.status < excluded.status
            OR {table}.last_visit_at IS NULL OR {table}.last_visit_at < %s
    """
    params = [*values, parent_path(module.path), now - VISIT_REFRESH]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""
                WITH written AS ({upsert} RETURNING status)
                SELECT status FROM written
                UNION ALL
                SELECT status FROM {table}
                WHERE user_id = %s AND module_id = %s AND NOT EXISTS (SELECT 1 FROM written)
                """,
                [*params, user.pk, module.pk],
            )
        else:
            cursor.execute(upsert, params)
            cursor.execute(
                f"SELECT status FROM {table} WHERE user_id = %s AND module_id = %s",
                [user.pk, module.pk],
            )
        row = cursor.fetchone()
    return row[0] if row else ProgressStatus.NOT_STARTED


def complete_module(user, module: ModulePage) -> CourseCompletion | None:
    """Mark a module completed; returns the course completion this finished, if any."""
    _upsert(user, module, complete=True)
    if module.optional:
        return None
    return complete_course_if_done(user, CoursePage.objects.parent_of(module).get())


def required_module_ids(course: CoursePage) -> list[int]:
    return list(course.modules().filter(optional=False).values_list("pk", flat=True))


def _open_required_modules(user, course: CoursePage) -> int:
    """How many required live modules of the course the person has not completed."""
    done = ModuleProgress.objects.filter(
        user=user, module=OuterRef("pk"), status=ProgressStatus.COMPLETED
    )
    return course.modules().filter(optional=False).exclude(Exists(done)).count()


def complete_course_if_done(user, course: CoursePage) -> CourseCompletion | None:
    """Record the course as completed once all its non-optional live modules are.

    A course is completed again (recertification) only after ``restart_course``: a new
    completion needs every required module completed after the previous completion.

    A cheap count first (the usual answer is "not yet"); then, under a lock on the
    person's progress rows of this course, the check again and the completion, so two
    requests finishing the last module at the same moment create one completion.
    """
    if _open_required_modules(user, course) or not required_module_ids(course):
        return None
    with transaction.atomic():
        list(
            ModuleProgress.objects.select_for_update()
            .filter(user=user, course=course)
            .values_list("pk", flat=True)
        )
        if _open_required_modules(user, course):
            return None
        if _completed_before(user, course):
            return None
        return CourseCompletion.objects.create(
            user=user,
            course=course,
            course_title=course.title,
            duration_minutes=course.duration_minutes,
            learner_name=user.get_full_name() or user.get_username(),
            municipality_name=_municipality_name(user),
            completed_at=timezone.now(),
            quizzes_passed=_quizzes_passed(user, course),
            verification_code=new_verification_code(),
        )


def _completed_before(user, course: CoursePage) -> bool:
    """Whether the current round of modules already led to a completion."""
    latest = CourseCompletion.objects.filter(user=user, course=course).first()
    if latest is None:
        return False
    return ModuleProgress.objects.filter(
        user=user,
        course=course,
        module__in=required_module_ids(course),
        completed_at__lte=latest.completed_at,
    ).exists()


def restart_course(user, course: CoursePage) -> bool:
    """Start a completed course afresh, e.g. for a yearly recertification.

    The person's module progress of the course is cleared; completions, certificates
    and quiz attempts stay, so the history is never overwritten. Only a completed course
    can be restarted; returns whether it was.
    """
    with transaction.atomic():
        if not CourseCompletion.objects.filter(user=user, course=course).exists():
            return False
        ModuleProgress.objects.filter(user=user, course=course).delete()
    return True


def _municipality_name(user) -> str:
    employee = employee_of(user)
    return employee.municipality.name if employee else ""


def _quizzes_passed(user, course: CoursePage) -> bool:
    """Whether every required module that ends with a quiz has a passed attempt."""
    quiz_modules = set(
        course.modules()
        .filter(optional=False, completion_rule=ModulePage.CompletionRule.QUIZ)
        .values_list("pk", flat=True)
    )
    passed = set(
        QuizAttempt.objects.filter(user=user, module__in=quiz_modules, passed=True).values_list(
            "module_id", flat=True
        )
    )
    return quiz_modules <= passed


@dataclass
class CourseStanding:
    """Where a learner stands in one course, for the course page and "Mein Lernen"."""

    course: CoursePage
    required_total: int
    required_done: int
    next_module: ModulePage | None
    completion: CourseCompletion | None
    started: bool
    #: (module, ProgressStatus value) for every module in order, for module lists.
    module_statuses: list[tuple[ModulePage, int]] = field(default_factory=list)

    @property
    def repeating(self) -> bool:
        """Completed before, and now working through the course again."""
        return self.completion is not None and self.required_done < self.required_total

    @property
    def percent(self) -> int:
        if not self.required_total:
            return 0
        return round(100 * self.required_done / self.required_total)


def standing_in_course(user, course: CoursePage, modules: list[ModulePage]) -> CourseStanding:
    """The learner's position: the first module not yet done is where they continue."""
    statuses = dict(
        ModuleProgress.objects.of(user).filter(course=course).values_list("module_id", "status")
    )
    required = [m for m in modules if not m.optional]
    done = [m for m in required if statuses.get(m.pk) == ProgressStatus.COMPLETED]
    next_module = next(
        (m for m in modules if statuses.get(m.pk) != ProgressStatus.COMPLETED and not m.optional),
        None,
    )
    completion = CourseCompletion.objects.of(user).filter(course=course).first()
    return CourseStanding(
        course=course,
        required_total=len(required),
        required_done=len(done),
        next_module=next_module or (modules[0] if modules and not completion else None),
        completion=completion,
        started=bool(statuses),
        module_statuses=[(m, statuses.get(m.pk, ProgressStatus.NOT_STARTED)) for m in modules],
    )


def courses_in_progress(user) -> list[CourseStanding]:
    """Courses the learner has started and not completed, most recently visited first.

    One query whatever the number of courses: the learner's progress in the courses
    they have not completed. The courses with their live modules come from the
    site-versioned cache (``courses.models.published_outlines``); a status counts for
    the course it was recorded in, and only courses that are live are listed.
    """
    if not user.is_authenticated:
        return []
    completed_ids = CourseCompletion.objects.of(user).values("course_id")
    rows = (
        ModuleProgress.objects.of(user)
        .exclude(course_id__in=completed_ids)
        .values_list("course_id", "module_id", "status", "last_visit_at")
    )
    statuses: dict[tuple[int, int], int] = {}
    last_visits: dict[int, datetime.datetime | None] = {}
    for course_id, module_id, status, last_visit_at in rows:
        statuses[course_id, module_id] = status
        known = last_visits.get(course_id)
        if known is None or (last_visit_at is not None and last_visit_at > known):
            last_visits[course_id] = last_visit_at
    standings = []
    for course_id, (course, modules) in published_outlines(last_visits).items():
        required = [m for m in modules if not m.optional]
        done = [m for m in required if statuses.get((course_id, m.pk)) == ProgressStatus.COMPLETED]
        next_module = next(
            (m for m in required if statuses.get((course_id, m.pk)) != ProgressStatus.COMPLETED),
            modules[0] if modules else None,
        )
        course.reader_last_visit = last_visits[course_id]
        standings.append(CourseStanding(course, len(required), len(done), next_module, None, True))
    standings.sort(key=lambda s: s.course.reader_last_visit or timezone.now(), reverse=True)
    return standings
