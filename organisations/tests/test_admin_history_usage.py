"""History and usage pages of the scoped admin screens: shown within the user's scope,
404 for another municipality's ids.

Every scoped viewset (municipalities, units, positions, people, assignments) is tried by
a manager of Blomberg who has been given change rights on everything (so that Wagtail's
permission check lets them through and only the scope decides), with their own record
(200) and with one of Lügde (404).
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.log_actions import log

from courses.tests.factories import make_course, make_course_index, make_module, section_of
from learning.tests.factories import make_assignment

from .factories import make_employee, make_manager, make_municipality, make_position, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    hall = make_unit(blomberg, "Stadt Blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    luegde_hall = make_unit(luegde, "Stadt Lügde")
    course = make_course(make_course_index(section_of(None)), "Datenschutz")
    make_module(course)
    manager = make_manager(hall)
    manager.user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="organisations", codename__startswith="change_"
        )
    )
    return {
        "manager": manager,
        "own": {
            "municipality": blomberg,
            "orgunit": hall,
            "position": make_position(hall, "Sachbearbeitung"),
            "employee": make_employee(unit=hall),
            "assignment": make_assignment(course, org_unit=hall),
        },
        "foreign": {
            "municipality": luegde,
            "orgunit": luegde_hall,
            "position": make_position(luegde_hall, "Kämmerei"),
            "employee": make_employee(unit=luegde_hall),
            "assignment": make_assignment(course, org_unit=luegde_hall),
        },
    }


VIEWSETS = ["municipality", "orgunit", "position", "employee", "assignment"]


@pytest.mark.parametrize("page", ["history", "usage"])
@pytest.mark.parametrize("viewset", VIEWSETS)
def test_history_and_usage_open_for_own_records(client, scene, viewset, page):
    client.force_login(scene["manager"].user)
    response = client.get(reverse(f"{viewset}:{page}", args=[scene["own"][viewset].pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["history", "usage"])
@pytest.mark.parametrize("viewset", VIEWSETS)
def test_history_and_usage_of_another_municipality_answer_404(client, scene, viewset, page):
    client.force_login(scene["manager"].user)
    response = client.get(reverse(f"{viewset}:{page}", args=[scene["foreign"][viewset].pk]))
    assert response.status_code == 404


def test_history_lists_the_log_entries_of_the_record(client, scene):
    unit = scene["own"]["orgunit"]
    log(unit, "wagtail.edit", user=scene["manager"].user)
    client.force_login(scene["manager"].user)
    response = client.get(reverse("orgunit:history", args=[unit.pk]))
    assert response.status_code == 200
    assert response.context["object_list"].count() == 1
