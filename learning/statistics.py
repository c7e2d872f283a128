"""Cooperation-wide figures per course and municipality, refreshed in the background.

The course overview compares a manager's units with the municipality and the whole
cooperation. Counting every obligation of the cooperation on each page view would not
scale, so ``refresh_course_statistics`` computes the figures in the database, in one
``INSERT … SELECT`` with ``GROUP BY``, and replaces all ``CourseStatistic`` rows in one
transaction: readers see the old rows until the new ones are committed. The
obligation counts are compiled by the ORM from ``learning.obligations``' state rules,
so they cannot drift from what the live reports count.

Run daily by ``manage.py refresh_course_statistics`` (see ``LERNWERK_PERIODIC_COMMANDS``),
which enqueues ``refresh_course_statistics_task``.
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task

from organisations.models import Employee

from .models import CourseCompletion, CourseStatistic, Obligation, ObligationState
from .rules import DONE_STATES, OVERDUE_STATES, bucket_condition


def _obligation_counts_sql(on: datetime.date) -> tuple[str, tuple]:
    """Per (course, municipality): obligations to fulfil (not exempt), done, overdue."""
    counted = ~bucket_condition((ObligationState.EXEMPT,), on)
    queryset = (
        Obligation.objects.current(on)
        .order_by()
        .values("course_id", "municipality_id")
        .annotate(
            assigned=Count("pk", filter=counted),
            done=Count("pk", filter=bucket_condition(DONE_STATES, on)),
            overdue=Count("pk", filter=bucket_condition(OVERDUE_STATES, on)),
            exempt=Count("pk", filter=bucket_condition((ObligationState.EXEMPT,), on)),
        )
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def refresh_course_statistics(on: datetime.date | None = None) -> int:
    """Replace all ``CourseStatistic`` rows with fresh figures; returns how many rows.

    Per course and municipality: ``assigned`` (current obligations that must be
    fulfilled, i.e. not exempt), ``done`` and ``overdue`` (overdue or expired) as the
    reports count them, ``exempt``; ``voluntary``, the people who completed the course without a
    current obligation for it; ``staff``, the municipality's active employees (the
    group size for hiding small aggregates). Leavers count nowhere.
    """
    on = on or timezone.localdate()
    now = timezone.now()
    ops = connection.ops
    day = ops.adapt_datefield_value(on)
    obligation_sql, obligation_params = _obligation_counts_sql(on)
    tables = {
        "statistic": CourseStatistic._meta.db_table,
        "employee": Employee._meta.db_table,
        "completion": CourseCompletion._meta.db_table,
        "obligation": Obligation._meta.db_table,
    }
    sql = f"""
        WITH counts (course_id, municipality_id, assigned, done, overdue, exempt) AS (
            {obligation_sql}
        ),
        staff (municipality_id, staff) AS (
            SELECT e.municipality_id, COUNT(*)
            FROM {tables["employee"]} e
            WHERE e.leaving_date IS NULL OR e.leaving_date >= %s
            GROUP BY e.municipality_id
        ),
        voluntary (course_id, municipality_id, voluntary) AS (
            SELECT c.course_id, e.municipality_id, COUNT(DISTINCT c.user_id)
            FROM {tables["completion"]} c
            JOIN {tables["employee"]} e ON e.user_id = c.user_id
            WHERE c.course_id IS NOT NULL
              AND (e.leaving_date IS NULL OR e.leaving_date >= %s)
              AND NOT EXISTS (
                  SELECT 1 FROM {tables["obligation"]} o
                  WHERE o.employee_id = e.id AND o.course_id = c.course_id
                    AND (o.ended_on IS NULL OR o.ended_on >= %s)
              )
            GROUP BY c.course_id, e.municipality_id
        )
        INSERT INTO {tables["statistic"]}
            (course_id, municipality_id, assigned, done, overdue, exempt, voluntary, staff,
             refreshed_at)
        SELECT COALESCE(counts.course_id, voluntary.course_id),
               COALESCE(counts.municipality_id, voluntary.municipality_id),
               COALESCE(counts.assigned, 0), COALESCE(counts.done, 0),
               COALESCE(counts.overdue, 0), COALESCE(counts.exempt, 0),
               COALESCE(voluntary.voluntary, 0),
               COALESCE(staff.staff, 0), %s
        FROM counts
        FULL OUTER JOIN voluntary
          ON voluntary.course_id = counts.course_id
         AND voluntary.municipality_id = counts.municipality_id
        LEFT JOIN staff
          ON staff.municipality_id = COALESCE(counts.municipality_id, voluntary.municipality_id)
    """
    params = (*obligation_params, day, day, day, ops.adapt_datetimefield_value(now))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One refresh at a time (a second would insert duplicates); readers go on.
            cursor.execute(f"LOCK TABLE {tables['statistic']} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {tables['statistic']}")
        cursor.execute(sql, params)
        # SQLite (the quick start) reports no row count for a statement led by WITH.
        return cursor.rowcount if cursor.rowcount >= 0 else CourseStatistic.objects.count()


@task()
def refresh_course_statistics_task() -> int:
    """The refresh as background work; returns the number of rows written."""
    return refresh_course_statistics()
