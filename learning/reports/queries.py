"""The questions the reports ask of the database, named by intent.

Every report starts from ``report_obligations(user)``, i.e.
``Obligation.objects.visible_to(user).current()``: what a user may see is decided in one
place, and the page, its drill-down and every export read through it. Counts are one
``GROUP BY`` over obligations, with the state rules of ``learning.obligations``, so a
report's query count does not grow with the number of people or rows.

Privacy rules (``docs/privacy.md``): managers see the status and dates of their own
staff's assigned trainings, never scores, attempts or time spent; voluntary learning
and figures beyond the viewer's units are aggregates only, hidden below
``LERNWERK_MIN_GROUP_SIZE`` people.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from wagtail.models import Page

from organisations.models import Employee, Municipality, OrgUnit
from organisations.roles import is_cooperation_admin, leads_units

from ..models import CourseCompletion, CourseStatistic, Obligation, ObligationState
from ..rules import DONE_STATES, OPEN_STATES, OVERDUE_STATES, bucket_condition

#: The states the overdue list shows: late, lapsed, and soon to be late.
ATTENTION_STATES = (ObligationState.OVERDUE, ObligationState.EXPIRED, ObligationState.DUE_SOON)


def can_view_reports(user) -> bool:
    """Cooperation admins and managers (people who lead a unit) may open the reports.

    Both answers are cached on the user object (``organisations.roles``): the admin menu
    asks once per item on every admin page.
    """
    return is_cooperation_admin(user) or leads_units(user)


def report_obligations(user, on: datetime.date | None = None):
    """The obligations a user may see in reports: scoped, without leavers."""
    return Obligation.objects.visible_to(user).current(on)


def per_request(request, key: str, build):
    """Build a queryset once per request and reuse it.

    ``visible_to(user)`` reads the user's led units when it is called; the page, its
    filter choices and its chart all start from the same scoped queryset, so they share
    one instance (querysets are cloned on every further filter, never evaluated here).
    """
    cache = request.__dict__.setdefault("_lernwerk_reports", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]


def request_obligations(request, on: datetime.date | None = None):
    return per_request(request, "obligations", lambda: report_obligations(request.user, on))


def request_units(request):
    return per_request(request, "units", lambda: OrgUnit.objects.visible_to(request.user))


def in_subtree(queryset, unit: OrgUnit, prefix: str = "org_unit"):
    """Rows of ``unit`` and every unit below it (materialised path prefix)."""
    return queryset.filter(**{f"{prefix}__path__startswith": unit.path})


def bucket_counts(on: datetime.date | None = None) -> dict:
    """Annotations counting obligations per report bucket, for one ``GROUP BY``."""
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=bucket_condition(DONE_STATES, on)),
        "open": Count("pk", filter=bucket_condition(OPEN_STATES, on)),
        "overdue": Count("pk", filter=bucket_condition(OVERDUE_STATES, on)),
        "exempt": Count("pk", filter=bucket_condition((ObligationState.EXEMPT,), on)),
    }


@dataclass(frozen=True)
class Figures:
    """Done, open and overdue counts of a group; exempt people are not counted.

    Shares are of the people who must complete the course (``counted``), so done, open
    and overdue add up to about 100 %.
    """

    done: int = 0
    open: int = 0
    overdue: int = 0
    exempt: int = 0

    @property
    def counted(self) -> int:
        return self.done + self.open + self.overdue

    def share(self, part: int) -> int | None:
        return round(100 * part / self.counted) if self.counted else None

    @property
    def done_share(self) -> int | None:
        return self.share(self.done)

    @property
    def open_share(self) -> int | None:
        return self.share(self.open)

    @property
    def overdue_share(self) -> int | None:
        return self.share(self.overdue)


def min_group_size() -> int:
    return settings.LERNWERK_MIN_GROUP_SIZE


def too_small(group_size: int) -> bool:
    """Aggregates about fewer people than the minimum group size are not shown."""
    return group_size < min_group_size()


# --- Completion matrix ---------------------------------------------------------------


def completion_matrix(obligations, on: datetime.date | None = None) -> list[dict]:
    """One row per (org unit, course) with the counts per bucket, in one statement.

    The obligations are grouped by ids first, without any join, and only the groups
    (a few dozen for a unit, a few thousand for a cooperation) are joined to the names
    they are sorted and shown by: joining names to every obligation before grouping
    costs a lookup per obligation, and a paginator's COUNT would run the whole grouping
    a second time. The rows are returned as a list, which pagination and export share.
    """
    grouped = (
        obligations.order_by()
        .values("org_unit", "course", "municipality")
        .annotate(**bucket_counts(on))
    )
    sql, params = grouped.query.sql_with_params()
    query = f"""
        SELECT grouped.*, municipality.name AS municipality_name, unit.path AS unit_path,
            unit.name AS unit_title, unit.short_name AS unit_short_name,
            unit.depth AS unit_depth, course.title AS course_title
        FROM ({sql}) AS grouped
        JOIN {Municipality._meta.db_table} AS municipality
            ON municipality.id = grouped.municipality
        LEFT JOIN {OrgUnit._meta.db_table} AS unit ON unit.id = grouped.org_unit
        JOIN {Page._meta.db_table} AS course ON course.id = grouped.course
        ORDER BY municipality.name, unit.path, course.title, grouped.course
    """
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# --- Lists of people -----------------------------------------------------------------


#: What a list of people shows: status and dates of obligations, names for reading.
OBLIGATION_LIST_FIELDS = (
    "pk",
    "state",
    "due_date",
    "completed_on",
    "valid_until",
    "employee_id",
    "employee__personnel_number",
    "employee__user__first_name",
    "employee__user__last_name",
    "employee__user__username",
    "org_unit__name",
    "org_unit__short_name",
)


def obligation_list(obligations, on: datetime.date | None = None):
    """Obligations with their state, as plain rows of the fields a list shows.

    Obligation rows hold status and dates only; scores, attempts and time spent live in
    other tables, which the reports never read. Rows are dicts rather than models: an
    export of the whole cooperation streams hundreds of thousands of them, and building
    employee, user and course page objects for each would cost more than the query.
    """
    return obligations.with_state(on).values(
        *OBLIGATION_LIST_FIELDS, course_title=F("course__title")
    )


def name_rows(rows: list[dict]) -> list[dict]:
    """Add the readable names (person, unit, state) to rows of ``obligation_list``."""
    labels = {state.value: str(state.label) for state in ObligationState}
    for row in rows:
        full_name = f"{row['employee__user__first_name']} {row['employee__user__last_name']}"
        row["employee_name"] = full_name.strip() or row["employee__user__username"]
        row["unit_name"] = (
            f"{row['org_unit__short_name'] or ''} {row['org_unit__name'] or ''}".strip()
        )
        row["state_label"] = labels[row["state"]]
    return rows


def needing_attention(obligations, on: datetime.date | None = None):
    """Obligations overdue, expired or due soon, soonest due first."""
    return obligation_list(obligations.filter(bucket_condition(ATTENTION_STATES, on)), on).order_by(
        "due_date", "employee__user__last_name", "employee__user__first_name", "course_title"
    )


def unit_staff_obligations(obligations, unit: OrgUnit, subtree: bool = False, on=None):
    """The obligations of one unit's staff (and optionally of the units below it)."""
    obligations = in_subtree(obligations, unit) if subtree else obligations.filter(org_unit=unit)
    return obligation_list(obligations, on).order_by(
        "employee__user__last_name", "employee__user__first_name", "employee_id", "course_title"
    )


# --- Course overview -----------------------------------------------------------------


def course_figures(obligations, on: datetime.date | None = None):
    """One row per assigned course with the counts in the viewer's scope (live)."""
    return (
        obligations.order_by()
        .values("course")
        .annotate(course_title=Min("course__title"), **bucket_counts(on))
        .order_by("course_title", "course")
    )


def course_figures_from_statistics(course=None) -> list[dict]:
    """``course_figures`` for the whole cooperation, read from the refreshed aggregate.

    A cooperation admin's unfiltered overview covers every obligation; counting them
    live on each view is what ``CourseStatistic`` exists to avoid.
    """
    statistics = CourseStatistic.objects.filter(Q(assigned__gt=0) | Q(exempt__gt=0))
    if course is not None:
        statistics = statistics.filter(course=course)
    rows = (
        statistics.order_by()
        .values("course")
        .annotate(
            course_title=Min("course__title"),
            sum_assigned=Sum("assigned"),
            sum_done=Sum("done"),
            sum_overdue=Sum("overdue"),
            sum_exempt=Sum("exempt"),
        )
        .order_by("course_title", "course")
    )
    return [
        {
            "course": row["course"],
            "course_title": row["course_title"],
            "total": row["sum_assigned"] + row["sum_exempt"],
            "done": row["sum_done"],
            "open": max(row["sum_assigned"] - row["sum_done"] - row["sum_overdue"], 0),
            "overdue": row["sum_overdue"],
            "exempt": row["sum_exempt"],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class Statistic:
    """Figures of a municipality or the cooperation from ``CourseStatistic`` rows."""

    figures: Figures
    voluntary: int
    staff: int

    @property
    def figures_hidden(self) -> bool:
        return too_small(self.figures.counted)

    @property
    def voluntary_hidden(self) -> bool:
        return too_small(self.staff)


def course_statistics(course_ids: Iterable[int], municipality_id: int | None) -> dict:
    """Per course: ``{"municipality": Statistic | None, "cooperation": Statistic}``.

    One query over the refreshed aggregate (``learning.statistics``), however many
    municipalities there are. Open is what is neither done nor overdue.
    """
    municipality = Q(municipality_id=municipality_id)
    fields = ("assigned", "done", "overdue", "voluntary", "staff")
    aggregates = {f"all_{name}": Sum(name) for name in fields}
    aggregates |= {f"own_{name}": Sum(name, filter=municipality) for name in fields}
    aggregates["own_rows"] = Count("pk", filter=municipality)
    rows = (
        CourseStatistic.objects.filter(course_id__in=list(course_ids))
        .order_by()
        .values("course_id")
        .annotate(**aggregates)
    )
    result = {}
    for row in rows:

        def statistic(prefix: str, row=row) -> Statistic:
            assigned, done, overdue = (row[f"{prefix}_{n}"] or 0 for n in fields[:3])
            figures = Figures(done=done, overdue=overdue, open=max(assigned - done - overdue, 0))
            return Statistic(figures, row[f"{prefix}_voluntary"] or 0, row[f"{prefix}_staff"] or 0)

        result[row["course_id"]] = {
            "municipality": statistic("own") if municipality_id and row["own_rows"] else None,
            "cooperation": statistic("all"),
        }
    return result


def statistics_refreshed_at() -> datetime.datetime | None:
    return CourseStatistic.objects.aggregate(last=Max("refreshed_at"))["last"]


def voluntary_completions(course_ids: Iterable[int], employees, on=None) -> dict[int, int]:
    """People of ``employees`` who completed a course without being obliged to, per course.

    Completions that count for an obligation are reported there; these are the rest:
    voluntary learning, shown only as a number of people.
    """
    obliged = Obligation.objects.current(on).filter(
        employee_id=OuterRef("user__employee"), course_id=OuterRef("course_id")
    )
    rows = (
        CourseCompletion.objects.filter(
            course_id__in=list(course_ids), user__employee__in=employees.values("pk")
        )
        .filter(~Exists(obliged))
        .order_by()
        .values("course_id")
        .annotate(people=Count("user_id", distinct=True))
    )
    return {row["course_id"]: row["people"] for row in rows}


def group_employees(user, municipality=None, unit: OrgUnit | None = None, on=None):
    """The active staff a report's scope covers: the group of its aggregates."""
    employees = Employee.objects.visible_to(user).active(on)
    if municipality is not None:
        employees = employees.filter(municipality=municipality)
    if unit is not None:
        employees = in_subtree(employees, unit)
    return employees
