"""The cooperation-wide course figures: what the refresh counts, and how it is run.

Blomberg has five people obliged to complete "Datenschutz" (one done, one overdue, one
whose completion expired, one exempt, one open) and a leaver; Lügde has two, one of
whom also completed "Erste Hilfe" without having to.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus

from courses.tests.factories import make_course, make_course_index, section_of
from learning.models import CourseStatistic, Obligation
from learning.reports.queries import Figures, course_figures
from learning.statistics import refresh_course_statistics, refresh_course_statistics_task
from learning.tests.test_reports import assign, complete, set_state
from organisations.tests.factories import make_employee, make_municipality, make_unit

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def towns():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    office = make_unit(blomberg, "Bürgerbüro")
    luegde_office = make_unit(luegde, "Bürgerbüro Lügde")
    catalogue = make_course_index(section_of(None))
    privacy = make_course(catalogue, "Datenschutz")
    first_aid = make_course(catalogue, "Erste Hilfe")
    staff = {
        state: make_employee(unit=office, first_name=state)
        for state in ("done", "overdue", "expired", "exempt", "open", "leaver")
    }
    lena = make_employee(unit=luegde_office, first_name="Lena")
    lutz = make_employee(unit=luegde_office, first_name="Lutz")
    assign(privacy, blomberg)
    assign(privacy, luegde)
    for state in ("done", "overdue", "expired", "exempt"):
        set_state(staff[state], privacy, state)
    leaver = staff["leaver"]
    set_state(leaver, privacy, "overdue")
    leaver.leaving_date = timezone.localdate() - 3 * DAY
    leaver.save()
    set_state(lena, privacy, "done")
    # Voluntary: Lutz completed first aid, which nobody assigned.
    complete(lutz.user, first_aid, timezone.localdate() - DAY)
    # The leaver's first-aid course does not count: leavers count nowhere.
    complete(leaver.user, first_aid, timezone.localdate() - 10 * DAY)
    return {
        "blomberg": blomberg,
        "luegde": luegde,
        "privacy": privacy,
        "first_aid": first_aid,
        "staff": staff,
    }


def statistic(course, municipality) -> tuple:
    row = CourseStatistic.objects.get(course=course, municipality=municipality)
    return (row.assigned, row.done, row.overdue, row.voluntary, row.staff)


def test_refresh_counts_per_course_and_municipality(towns):
    rows = refresh_course_statistics()
    assert rows == 3
    # Blomberg: 4 to fulfil (exempt and leaver not), 1 done, 2 overdue (one expired);
    # 5 active staff (the leaver has left).
    assert statistic(towns["privacy"], towns["blomberg"]) == (4, 1, 2, 0, 5)
    assert statistic(towns["privacy"], towns["luegde"]) == (2, 1, 0, 0, 2)
    assert statistic(towns["first_aid"], towns["luegde"]) == (0, 0, 0, 1, 2)
    assert not CourseStatistic.objects.filter(
        course=towns["first_aid"], municipality=towns["blomberg"]
    ).exists()


def test_refresh_counts_like_the_live_report(towns):
    refresh_course_statistics()
    live = course_figures(Obligation.objects.current().filter(municipality=towns["blomberg"]))
    row = next(r for r in live if r["course"] == towns["privacy"].pk)
    figures = Figures(row["done"], row["open"], row["overdue"], row["exempt"])
    stored = CourseStatistic.objects.get(course=towns["privacy"], municipality=towns["blomberg"])
    assert (stored.assigned, stored.done, stored.overdue) == (
        figures.counted,
        figures.done,
        figures.overdue,
    )


def test_a_completion_with_an_obligation_is_not_voluntary(towns):
    lena = Obligation.objects.get(employee__user__first_name="Lena").employee
    complete(lena.user, towns["privacy"], timezone.localdate())
    refresh_course_statistics()
    assert statistic(towns["privacy"], towns["luegde"])[3] == 0


def test_refresh_replaces_all_rows(towns):
    refresh_course_statistics()
    first = set(CourseStatistic.objects.values_list("pk", "refreshed_at"))
    assert refresh_course_statistics() == 3
    assert CourseStatistic.objects.count() == 3
    assert not first & set(CourseStatistic.objects.values_list("pk", "refreshed_at"))
    Obligation.objects.filter(municipality=towns["luegde"]).delete()
    refresh_course_statistics()
    assert not CourseStatistic.objects.filter(
        course=towns["privacy"], municipality=towns["luegde"]
    ).exists()


def test_refresh_on_a_given_day_uses_that_days_states(towns):
    # In 40 days the open obligation (due in 30) is overdue, and so is the exempt
    # person's, whose exemption ends in 30 days: all five count, four are overdue.
    refresh_course_statistics(on=timezone.localdate() + 40 * DAY)
    assert statistic(towns["privacy"], towns["blomberg"])[:3] == (5, 1, 4)


def test_task_returns_the_number_of_rows(towns):
    result = refresh_course_statistics_task.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 3


def test_command_enqueues_the_task(towns, capsys):
    call_command("refresh_course_statistics")
    assert "Kursstatistik aktualisiert: 3 Zeilen." in capsys.readouterr().out
    assert CourseStatistic.objects.count() == 3


def test_command_now_runs_at_once(towns, capsys):
    call_command("refresh_course_statistics", "--now")
    assert "3 Zeilen" in capsys.readouterr().out
    assert CourseStatistic.objects.count() == 3
