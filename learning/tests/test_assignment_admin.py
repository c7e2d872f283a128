"""The admin screens for mandatory training, as managers and cooperation admins use them.

A manager assigns courses within the units they lead and nowhere else: another unit's or
municipality's ids are not offered, fail when posted by hand, and answer 404 when opened.
External completions, exemptions and the access log belong to cooperation admins.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.models import ReportAccess
from courses.tests.factories import make_course, make_course_index, make_module, section_of
from learning.models import (
    Assignment,
    Exemption,
    ExternalCompletion,
    Obligation,
    ObligationState,
)
from learning.rules import obligation_state
from learning.tests.factories import make_assignment
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_position,
    make_unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    hall = make_unit(blomberg, "Stadt Blomberg")
    department = make_unit(blomberg, "Fachbereich 2 Bürgerdienste", parent=hall)
    office = make_unit(blomberg, "Bürgerbüro", parent=department)
    building = make_unit(blomberg, "Fachbereich 3 Bauen", parent=hall)
    luegde = make_municipality("Lügde", slug="luegde")
    luegde_hall = make_unit(luegde, "Stadt Lügde")
    shared = make_course_index(section_of(None))
    course = make_course(shared, "IT-Sicherheit: Phishing erkennen")
    make_module(course)
    local = make_course(make_course_index(section_of(luegde)), "Nur für Lügde")
    make_module(local)
    clerk_post = make_position(office, "Sachbearbeitung Bürgerbüro")
    return {
        "blomberg": blomberg,
        "department": department,
        "office": office,
        "building": building,
        "luegde": luegde,
        "luegde_hall": luegde_hall,
        "course": course,
        "luegde_course": local,
        "clerk_post": clerk_post,
        "build_post": make_position(building, "Bauaufsicht"),
        "manager": make_manager(department, first_name="Frieda", last_name="Führung"),
        "builder_manager": make_manager(building, first_name="Bruno", last_name="Baumann"),
        "clerk": make_employee(
            unit=office, position=clerk_post, first_name="Bernd", last_name="Bürger"
        ),
        "builder": make_employee(unit=building, first_name="Birgit", last_name="Bau"),
        "stranger": make_employee(unit=luegde_hall, first_name="Lotte", last_name="Lügde"),
    }


def assignment_data(course, **fields) -> dict:
    """What the add form posts; every field present, as a browser sends them."""
    data = {
        "course": course.pk,
        "target": "unit",
        "municipality": "",
        "org_unit": "",
        "include_subtree": "on",
        "position": "",
        "due_rule": "after_assignment",
        "due_date": "",
        "due_days": "30",
        "recertification": "none",
        "valid_months": "",
        "recurring_month": "",
        "recurring_day": "",
        "note": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def content_of(response) -> str:
    return response.content.decode()


def denied(response) -> bool:
    """Wagtail answers a logged-in user without permission with a redirect to the
    dashboard and a message (403 for the views that raise it themselves)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# --- Managers --------------------------------------------------------------------------


def test_manager_assigns_a_course_to_the_unit_they_lead(client, scene):
    client.force_login(scene["manager"].user)
    response = client.post(
        reverse("assignment:add"),
        assignment_data(scene["course"], org_unit=scene["department"].pk, note="Bis Jahresende"),
    )
    assert response.status_code == 302, content_of(response)[:3000]
    assignment = Assignment.objects.get()
    assert assignment.municipality == scene["blomberg"]
    assert assignment.created_by == scene["manager"].user
    affected = set(assignment.obligations.values_list("employee", flat=True))
    assert affected == {scene["manager"].pk, scene["clerk"].pk}
    today = timezone.localdate()
    obligation = assignment.obligations.get(employee=scene["clerk"])
    assert obligation.due_date == today + datetime.timedelta(days=30)
    assert obligation_state(obligation) == ObligationState.OPEN


def test_manager_is_offered_only_targets_in_the_units_they_lead(client, scene):
    client.force_login(scene["manager"].user)
    response = client.get(reverse("assignment:add"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "municipality" not in form.fields
    assert "municipality" not in dict(form.fields["target"].choices)
    units = set(form.fields["org_unit"].queryset)
    assert units == {scene["department"], scene["office"]}
    assert set(form.fields["position"].queryset) == {scene["clerk_post"]}
    people = set(form.fields["employees"].queryset)
    assert people == {scene["manager"], scene["clerk"]}
    courses = set(form.fields["course"].queryset)
    assert scene["course"] in courses and scene["luegde_course"] not in courses


@pytest.mark.parametrize(
    "fields",
    [
        {"target": "unit", "org_unit": "luegde_hall"},
        {"target": "unit", "org_unit": "building"},
        {"target": "position", "position": "build_post"},
        {"target": "employees", "employees": "stranger"},
        {"target": "employees", "employees": "builder"},
        {"target": "municipality", "municipality": "blomberg"},
    ],
)
def test_manager_cannot_aim_outside_the_units_they_lead(client, scene, fields):
    client.force_login(scene["manager"].user)
    data = {key: scene[value].pk if value in scene else value for key, value in fields.items()}
    response = client.post(reverse("assignment:add"), assignment_data(scene["course"], **data))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Assignment.objects.exists()
    assert not Obligation.objects.exists()


def test_form_with_errors_keeps_what_was_entered_and_speaks_german(client, scene):
    client.force_login(scene["manager"].user)
    response = client.post(
        reverse("assignment:add"),
        assignment_data(
            scene["course"],
            org_unit=scene["office"].pk,
            due_rule="fixed",
            due_days="",
            recertification="rolling",
            note="Bitte bis zur Einführung",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["due_date"] == ["Bitte geben Sie das Fälligkeitsdatum an."]
    assert errors["valid_months"] == ["Bitte geben Sie an, wie viele Monate ein Abschluss gilt."]
    form = response.context["form"]
    assert form["org_unit"].value() == str(scene["office"].pk)
    assert form["due_rule"].value() == "fixed"
    assert "Bitte bis zur Einführung" in content_of(response)
    assert not Assignment.objects.exists()


def test_a_deadline_in_the_past_is_refused(client, scene):
    client.force_login(scene["manager"].user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("assignment:add"),
        assignment_data(
            scene["course"],
            org_unit=scene["office"].pk,
            due_rule="fixed",
            due_date=yesterday.isoformat(),
        ),
    )
    assert "in der Vergangenheit" in response.context["form"].errors["due_date"][0]


def test_manager_assigns_to_chosen_members_of_staff(client, scene):
    client.force_login(scene["manager"].user)
    data = assignment_data(scene["course"], target="employees")
    data["employees"] = [scene["clerk"].pk]
    response = client.post(reverse("assignment:add"), data)
    assert response.status_code == 302, content_of(response)[:3000]
    assignment = Assignment.objects.get()
    assert list(assignment.obligations.values_list("employee", flat=True)) == [scene["clerk"].pk]
    assert assignment.org_unit is None and assignment.municipality == scene["blomberg"]


def test_manager_cannot_see_or_change_another_managers_assignment(client, scene):
    theirs = make_assignment(scene["course"], org_unit=scene["building"])
    client.force_login(scene["manager"].user)
    listing = content_of(client.get(reverse("assignment:index")))
    assert "Fachbereich 3 Bauen" not in listing
    for view in ("assignment:edit", "assignment:delete", "assignment:inspect"):
        assert client.get(reverse(view, args=[theirs.pk])).status_code == 404, view
    response = client.post(
        reverse("assignment:delete", args=[theirs.pk]),
    )
    assert response.status_code == 404
    assert Assignment.objects.filter(pk=theirs.pk).exists()


def test_manager_edits_own_assignment_and_obligations_follow(client, scene):
    client.force_login(scene["manager"].user)
    client.post(
        reverse("assignment:add"),
        assignment_data(scene["course"], org_unit=scene["department"].pk),
    )
    assignment = Assignment.objects.get()
    response = client.post(
        reverse("assignment:edit", args=[assignment.pk]),
        assignment_data(
            scene["course"],
            target="position",
            position=scene["clerk_post"].pk,
            due_rule="fixed",
            due_date=(timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        ),
    )
    assert response.status_code == 302, content_of(response)[:3000]
    assignment.refresh_from_db()
    assert assignment.target == "position" and assignment.org_unit is None
    obligation = assignment.obligations.get()
    assert obligation.employee == scene["clerk"]
    assert obligation.due_date == timezone.localdate() + datetime.timedelta(days=5)
    assert obligation_state(obligation) == ObligationState.DUE_SOON


def test_listing_shows_figures_without_a_query_per_row(
    client, scene, django_assert_max_num_queries
):
    make_assignment(scene["course"], org_unit=scene["department"])
    client.force_login(scene["manager"].user)
    response = client.get(reverse("assignment:index"))
    row = response.context["object_list"][0]
    assert (row.obligation_count, row.done_count, row.overdue_count) == (2, 0, 0)
    with django_assert_max_num_queries(25) as one:
        client.get(reverse("assignment:index"))
    for _i in range(10):
        make_assignment(scene["course"], org_unit=scene["office"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("assignment:index"))


def test_inspect_lists_affected_staff_with_state_and_dates(client, scene):
    assignment = make_assignment(scene["course"], org_unit=scene["department"])
    client.force_login(scene["manager"].user)
    response = client.get(reverse("assignment:inspect", args=[assignment.pk]))
    assert response.status_code == 200
    content = content_of(response)
    assert "Bernd Bürger" in content and "Frieda Führung" in content
    assert "Offen" in content
    assert "Birgit" not in content


def test_plain_employee_has_no_access(client, scene):
    assignment = make_assignment(scene["course"], org_unit=scene["department"])
    client.force_login(scene["clerk"].user)
    for url in (
        reverse("assignment:index"),
        reverse("assignment:add"),
        reverse("assignment:edit", args=[assignment.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url


def test_no_led_unit_no_access_even_with_model_permissions(client, scene):
    """A group editor granting "add assignment" widens nobody's reach: roles decide."""
    user = scene["clerk"].user
    user.groups.add(scene["blomberg"].role_group("fuehrungskraft"))
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="learning", codename__endswith="assignment"
        )
    )
    client.force_login(user)
    assert denied(client.get(reverse("assignment:index")))
    assert denied(client.get(reverse("assignment:add")))


def test_menu_shows_pflichtschulungen_to_managers_only(client, scene):
    client.force_login(scene["manager"].user)
    assert "Pflichtschulungen" in content_of(client.get("/admin/"))
    trainer = make_employee(unit=scene["office"], roles=["trainer"])
    client.force_login(trainer.user)
    assert "Pflichtschulungen" not in content_of(client.get("/admin/"))


# --- Cooperation admins ----------------------------------------------------------------


def test_cooperation_admin_assigns_a_whole_municipality(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("assignment:add"),
        assignment_data(
            scene["course"],
            target="municipality",
            municipality=scene["blomberg"].pk,
            recertification="calendar",
            recurring_month="3",
            recurring_day="31",
        ),
    )
    assert response.status_code == 302, content_of(response)[:3000]
    assignment = Assignment.objects.get()
    assert assignment.recurring_month == 3 and assignment.valid_months is None
    affected = set(assignment.obligations.values_list("employee", flat=True))
    assert affected == {
        scene[name].pk for name in ("manager", "builder_manager", "clerk", "builder")
    }


def test_municipality_target_needs_a_municipality(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("assignment:add"), assignment_data(scene["course"], target="municipality")
    )
    assert response.context["form"].errors["municipality"] == ["Bitte wählen Sie die Kommune."]


def test_a_course_of_another_municipality_cannot_be_assigned(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("assignment:add"),
        assignment_data(scene["luegde_course"], org_unit=scene["office"].pk),
    )
    assert "Bereich einer anderen Kommune" in response.context["form"].errors["course"][0]
    assert not Assignment.objects.exists()


def test_assigning_enqueues_the_assigned_mails_after_commit(
    client, scene, monkeypatch, django_capture_on_commit_callbacks
):
    from learning import admin_forms

    enqueued = []
    monkeypatch.setattr(admin_forms, "enqueue_assigned_mails", enqueued.append)
    client.force_login(make_cooperation_admin())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("assignment:add"),
            assignment_data(scene["course"], org_unit=scene["office"].pk),
        )
    assert enqueued == [Assignment.objects.get().pk]


def test_enqueueing_works_with_or_without_the_notification_task(scene):
    """``learning.tasks.notify_assignment`` is optional to the form; when it exists it
    runs (immediately in tests), otherwise nothing is sent and nothing fails."""
    from learning.admin_forms import enqueue_assigned_mails

    assignment = make_assignment(scene["course"], org_unit=scene["office"])
    enqueue_assigned_mails(assignment.pk)


def test_external_completion_recorded_by_admin_fulfils_the_obligation(client, scene):
    assignment = make_assignment(scene["course"], org_unit=scene["office"])
    admin = make_cooperation_admin()
    client.force_login(admin)
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("externalcompletion:add"),
        {
            "employee": scene["clerk"].pk,
            "course": scene["course"].pk,
            "kind": "in_person",
            "completed_on": day.isoformat(),
            "note": "Präsenzschulung im Rathaus",
        },
    )
    assert response.status_code == 302, content_of(response)[:3000]
    record = ExternalCompletion.objects.get()
    assert record.recorded_by == admin
    obligation = assignment.obligations.get(employee=scene["clerk"])
    assert obligation.completed_on == day
    assert obligation_state(obligation) == ObligationState.DONE


def test_external_completion_cannot_lie_in_the_future(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("externalcompletion:add"),
        {
            "employee": scene["clerk"].pk,
            "course": scene["course"].pk,
            "kind": "external",
            "completed_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "in der Zukunft" in response.context["form"].errors["completed_on"][0]
    assert not ExternalCompletion.objects.exists()


def test_moving_an_external_completion_to_another_person_undoes_it(client, scene):
    assignment = make_assignment(scene["course"], org_unit=scene["department"])
    record = ExternalCompletion.objects.create(
        employee=scene["clerk"],
        course=scene["course"],
        kind="external",
        completed_on=timezone.localdate(),
    )
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("externalcompletion:edit", args=[record.pk]),
        {
            "employee": scene["manager"].pk,
            "course": scene["course"].pk,
            "kind": "external",
            "completed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, content_of(response)[:3000]
    assert assignment.obligations.get(employee=scene["clerk"]).completed_on is None
    assert assignment.obligations.get(employee=scene["manager"]).completed_on is not None


@pytest.mark.parametrize("view", ["externalcompletion:index", "externalcompletion:add"])
def test_managers_cannot_reach_external_completions(client, scene, view):
    client.force_login(scene["manager"].user)
    assert denied(client.get(reverse(view)))


def test_exemption_makes_the_obligation_exempt(client, scene):
    assignment = make_assignment(scene["course"], org_unit=scene["office"])
    client.force_login(make_cooperation_admin())
    today = timezone.localdate()
    response = client.post(
        reverse("exemption:add"),
        {
            "employee": scene["clerk"].pk,
            "reason": "parental_leave",
            "course": "",
            "starts_on": (today - datetime.timedelta(days=10)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=300)).isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 302, content_of(response)[:3000]
    assert Exemption.objects.get().get_reason_display() == "Elternzeit"
    obligation = assignment.obligations.get(employee=scene["clerk"])
    assert obligation_state(obligation) == ObligationState.EXEMPT


def test_exemption_ending_before_it_starts_is_refused(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("exemption:add"),
        {
            "employee": scene["clerk"].pk,
            "reason": "illness",
            "starts_on": "2026-10-01",
            "ends_on": "2026-09-01",
        },
    )
    assert response.context["form"].errors["ends_on"] == ["Das Ende liegt vor dem Beginn."]


def test_managers_cannot_reach_exemptions(client, scene):
    client.force_login(scene["manager"].user)
    assert denied(client.get(reverse("exemption:index")))


# --- Access log ------------------------------------------------------------------------


def test_access_log_is_read_only_for_cooperation_admins(client, scene):
    entry = ReportAccess.objects.create(
        user=scene["manager"].user, username="frieda", report="Überfällige Schulungen"
    )
    ReportAccess.objects.create(username="bruno", report="Kursübersicht", export_format="xlsx")
    client.force_login(make_cooperation_admin())
    listing = client.get(reverse("reportaccess:index"))
    assert listing.status_code == 200
    content = content_of(listing)
    assert "frieda" in content and "bruno" in content
    assert reverse("reportaccess:add") not in content
    filtered = client.get(reverse("reportaccess:index"), {"username": "frieda"})
    assert [access.report for access in filtered.context["object_list"]] == [
        "Überfällige Schulungen"
    ]
    assert denied(client.get(reverse("reportaccess:add")))
    assert denied(client.get(reverse("reportaccess:edit", args=[entry.pk])))
    assert denied(client.post(reverse("reportaccess:delete", args=[entry.pk])))
    assert ReportAccess.objects.count() == 2


def test_access_log_is_closed_to_managers(client, scene):
    client.force_login(scene["manager"].user)
    assert denied(client.get(reverse("reportaccess:index")))
