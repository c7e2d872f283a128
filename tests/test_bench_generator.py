"""The reports benchmark's data generator (``bench/generate_data.py``) at its tiny scale.

Runs the generation itself on the test database, in the test's transaction, and checks
that it makes what it promises: the counts, a valid org-unit and page tree, learning
records that agree with each other, obligations in every state, and the named accounts.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone
from wagtail.models import Page

from bench.generate_data import (
    ADMIN,
    MANAGER_MUNICIPALITY,
    MANAGER_UNIT,
    SCALES,
    generate,
    has_bench_data,
)
from courses.tests.factories import data_for_module
from learning.models import CourseCompletion, ModuleProgress, Obligation
from organisations.models import Employee, OrgUnit
from organisations.roles import is_cooperation_admin

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tiny(django_db_setup, django_db_blocker):
    """Generated once for the module (about a second), rolled back at its end."""
    scale = SCALES["tiny"]
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            assert not has_bench_data()
            result = generate(scale, out=lambda line: None, vacuum=False)
        yield scale, result


def test_counts_match_the_scale(tiny):
    scale, result = tiny
    counts = result.counts
    assert counts["municipalities"] == scale.municipalities == 2
    assert counts["org_units"] == scale.units == 20
    assert counts["employees"] == scale.employees == 200
    assert counts["courses"] == scale.courses
    assert counts["modules"] == scale.modules == 50
    assert counts["assignments"] == scale.assignments == 3
    assert counts["module_progress"] == scale.progress_rows == 5_000
    assert ModuleProgress.objects.count() == 5_000
    assert counts["obligations"] == Obligation.objects.count() > 0
    assert counts["course_completions"] == CourseCompletion.objects.count() > 0
    assert 0 < counts["employees_left"] < 20
    assert [name for name, _seconds in result.phases][0] == "municipalities"
    assert has_bench_data()


def test_trees_are_valid(tiny):
    assert all(problems == [] for problems in OrgUnit.find_problems())
    assert all(problems == [] for problems in Page.find_problems())
    # Every municipality has one tree, and siblings are in name order (node_order_by).
    for root in OrgUnit.get_root_nodes():
        assert {u.municipality_id for u in root.get_descendants()} <= {root.municipality_id}
        names = [child.name for child in root.get_children()]
        assert names == sorted(names)


def test_learning_records_agree(tiny):
    """Every completion has all modules of its course completed, no later than itself;
    every person has the same number of progress rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM learning_coursecompletion cc
            WHERE (SELECT count(*) FROM wagtailcore_page m
                   JOIN wagtailcore_page c ON m.path LIKE c.path || '%%' AND m.depth = c.depth + 1
                   WHERE c.id = cc.course_id)
               <> (SELECT count(*) FROM learning_moduleprogress p
                   WHERE p.user_id = cc.user_id AND p.course_id = cc.course_id
                   AND p.status = 2 AND p.completed_at <= cc.completed_at)
            """
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT DISTINCT count(*) FROM learning_moduleprogress GROUP BY user_id")
        assert cursor.fetchall() == [(SCALES["tiny"].rows_per_employee,)]
    assert not ModuleProgress.objects.filter(status=2, completed_at__isnull=True).exists()


def test_obligations_are_backdated_and_in_every_bucket(tiny):
    _scale, result = tiny
    counts = result.counts
    assert counts["obligations_done"] > counts["obligations"] * 0.4
    assert counts["obligations_overdue"] > 0
    assert counts["obligations_open"] > 0
    today = timezone.localdate()
    assert not Obligation.objects.filter(assigned_on__gte=today).exists()
    # People who joined later were obligated on joining; leaving dates end obligations.
    assert not Obligation.objects.filter(assigned_on__lt=F("employee__entry_date")).exists()
    leavers = Obligation.objects.filter(employee__leaving_date__isnull=False)
    assert not leavers.exclude(ended_on=F("employee__leaving_date")).exists()
    assert not Obligation.objects.current().filter(employee__leaving_date__lt=today).exists()
    obligation = Obligation.objects.select_related("employee").first()
    assert obligation.org_unit_id == obligation.employee.org_unit_id


def test_units_have_one_leader_holding_the_leading_post(tiny):
    led = OrgUnit.objects.annotate(n=Count("leaders")).filter(n__gt=0)
    assert led.count() >= SCALES["tiny"].units - 2
    assert not led.filter(n__gt=1).exists()
    for unit in led.prefetch_related("leaders__position"):
        (leader,) = unit.leaders.all()
        assert leader.org_unit_id == unit.pk and leader.position.title.endswith("leitung")


def test_named_accounts(tiny):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin = User.objects.get(username=ADMIN)
    assert is_cooperation_admin(admin) and admin.check_password("lernwerk-bench")
    municipality_manager = Employee.objects.get(user__username=MANAGER_MUNICIPALITY)
    unit_manager = Employee.objects.get(user__username=MANAGER_UNIT)
    root = municipality_manager.led_units.get()
    assert root.depth == 1
    visible = OrgUnit.objects.visible_to(municipality_manager.user)
    assert visible.count() == SCALES["tiny"].units_per_municipality
    office = unit_manager.led_units.get()
    assert office.depth == 3 and office.path.startswith(root.path)
    assert OrgUnit.objects.visible_to(unit_manager.user).count() == 2  # the Amt, 1 Sachgebiet
    assert Obligation.objects.visible_to(unit_manager.user).exists()
    _scale, result = tiny
    assert f"id={root.pk} " in result.accounts[1] and f"id={office.pk} " in result.accounts[2]
