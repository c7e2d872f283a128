"""The admin screens for people answer only within the user's scope.

Municipality B's ids, tried by a user of A, give 404 on every view; a manager gets
only the subtree they lead.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from .factories import (
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
    return {
        "blomberg": blomberg,
        "department": department,
        "office": office,
        "building": building,
        "luegde": luegde,
        "luegde_hall": luegde_hall,
        "manager": make_manager(department, first_name="Frieda", last_name="Führung"),
        "clerk": make_employee(
            unit=office,
            position=make_position(office, "Sachbearbeitung Bürgerbüro"),
            first_name="Bernd",
            last_name="Bürger",
        ),
        "builder": make_employee(
            unit=building,
            position=make_position(building, "Bauaufsicht"),
            first_name="Birgit",
            last_name="Bau",
        ),
        "stranger": make_employee(
            unit=luegde_hall,
            position=make_position(luegde_hall, "Kämmerei"),
            first_name="Lotte",
            last_name="Lügde",
        ),
    }


def test_manager_lists_only_staff_of_their_subtree(client, scene):
    client.force_login(scene["manager"].user)
    response = client.get(reverse("employee:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bürger" in content and "Führung" in content
    assert "Birgit" not in content and "Lügde" not in content


def grant(user, *codenames):
    """Model permissions beyond the role, to prove that scoping does not rest on them."""
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="organisations", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("view", ["employee:inspect", "employee:edit", "employee:delete"])
@pytest.mark.parametrize("who", ["stranger", "builder"])
def test_people_outside_the_led_subtree_answer_404_even_with_edit_rights(client, scene, view, who):
    user = grant(scene["manager"].user, "change_employee", "delete_employee")
    client.force_login(user)
    response = client.get(reverse(view, args=[scene[who].pk]))
    assert response.status_code == 404
    assert client.get(reverse(view, args=[scene["clerk"].pk])).status_code == 200


def test_manager_may_inspect_but_not_edit_own_staff(client, scene):
    client.force_login(scene["manager"].user)
    assert client.get(reverse("employee:inspect", args=[scene["clerk"].pk])).status_code == 200
    edit = client.get(reverse("employee:edit", args=[scene["clerk"].pk]))
    assert edit.status_code in (302, 403)


@pytest.mark.parametrize("view", ["orgunit:inspect", "orgunit:edit", "orgunit:delete"])
def test_units_of_another_municipality_answer_404(client, scene, view):
    client.force_login(grant(scene["manager"].user, "change_orgunit", "delete_orgunit"))
    for unit in (scene["luegde_hall"], scene["building"]):
        assert client.get(reverse(view, args=[unit.pk])).status_code == 404


def test_manager_lists_only_units_and_positions_of_their_subtree(client, scene):
    client.force_login(scene["manager"].user)
    units = client.get(reverse("orgunit:index")).content.decode()
    assert "Bürgerbüro" in units
    assert "Fachbereich 3 Bauen" not in units and "Stadt Lügde" not in units
    positions = client.get(reverse("position:index")).content.decode()
    assert "Sachbearbeitung Bürgerbüro" in positions
    assert "Bauaufsicht" not in positions and "Kämmerei" not in positions


def test_posting_an_edit_for_another_municipality_changes_nothing(client, scene):
    client.force_login(grant(scene["manager"].user, "change_employee"))
    response = client.post(
        reverse("employee:edit", args=[scene["stranger"].pk]),
        {"first_name": "Gehackt", "last_name": "X", "email": "x@example.org"},
    )
    assert response.status_code == 404
    scene["stranger"].user.refresh_from_db()
    assert scene["stranger"].user.first_name == "Lotte"


def test_plain_employee_has_no_admin_access(client, scene):
    client.force_login(scene["clerk"].user)
    response = client.get(reverse("employee:index"))
    assert response.status_code in (302, 403)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)


def test_cooperation_admin_sees_all_municipalities(client, scene):
    client.force_login(make_cooperation_admin())
    content = client.get(reverse("employee:index")).content.decode()
    for name in ("Bürger", "Birgit", "Lotte"):
        assert name in content
    assert client.get(reverse("employee:edit", args=[scene["stranger"].pk])).status_code == 200


def test_cooperation_admin_creates_a_unit_below_a_parent(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("orgunit:add"),
        {
            "municipality": scene["blomberg"].pk,
            "parent": scene["department"].pk,
            "name": "Standesamt",
            "short_name": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = scene["department"].get_children().get(name="Standesamt")
    assert unit.municipality == scene["blomberg"]


def test_unit_cannot_hang_below_another_municipality(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("orgunit:add"),
        {
            "municipality": scene["blomberg"].pk,
            "parent": scene["luegde_hall"].pk,
            "name": "Falsch",
        },
    )
    assert response.status_code == 200
    assert "gehört zu einer anderen Kommune" in response.content.decode()


def test_cooperation_admin_adds_an_employee_with_account(client, scene):
    client.force_login(make_cooperation_admin())
    response = client.post(
        reverse("employee:add"),
        {
            "first_name": "Neu",
            "last_name": "Zugang",
            "email": "Neu.Zugang@blomberg.example",
            "municipality": scene["blomberg"].pk,
            "personnel_number": "4711",
            "org_unit": scene["office"].pk,
            "position": "",
            "entry_date": "2026-11-01",
            "leaving_date": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    employee = scene["blomberg"].employees.get(personnel_number="4711")
    assert employee.user.email == "neu.zugang@blomberg.example"
    assert employee.user.groups.filter(name="Blomberg: Beschäftigte").exists()
