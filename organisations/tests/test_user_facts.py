"""What every page knows about the user is kept per worker, and a change shows on the
user's very next request (``core.versions``, bumped by ``organisations.signals``)."""

import pytest
from django.contrib.auth.models import Group

from core import versions
from courses.tests.factories import make_course, make_course_index, section_of
from organisations.admin_forms import OrgUnitForm
from organisations.models import OrgUnit
from organisations.roles import COOPERATION_ADMIN_GROUP, Role, employee_of, leads_units

from .factories import make_employee, make_municipality, make_position, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    course = make_course(make_course_index(section_of(luegde)), "Friedhofsverwaltung")
    return {"blomberg": blomberg, "luegde": luegde, "course": course}


def _admin_link_shown(client) -> bool:
    return 'href="/admin/">' in client.get("/profil/").content.decode()


def test_a_second_request_asks_nothing_about_the_user_again(client, towns):
    clerk = make_employee(unit=make_unit(towns["blomberg"], "Bürgerbüro"))
    client.force_login(clerk.user)
    client.get("/profil/")
    assert client.get(towns["course"].url).status_code == 404  # another town's course
    from django.db import connection  # noqa: PLC0415 (only this test counts queries)
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as queries:
        client.get("/profil/")
    asked = " ".join(query["sql"] for query in queries.captured_queries)
    assert "auth_group" not in asked
    assert "organisations_sectionpage" not in asked
    assert "auth_permission" not in asked


def test_moving_to_another_municipality_shows_its_pages_on_the_next_request(client, towns):
    clerk = make_employee(unit=make_unit(towns["blomberg"], "Bürgerbüro"))
    client.force_login(clerk.user)
    assert client.get(towns["course"].url).status_code == 404

    clerk.municipality = towns["luegde"]
    clerk.org_unit = make_unit(towns["luegde"], "Friedhofsamt")
    clerk.save()

    assert client.get(towns["course"].url).status_code == 200


def test_joining_the_cooperation_admins_shows_the_admin_link_on_the_next_request(client, towns):
    clerk = make_employee(unit=make_unit(towns["blomberg"], "Bürgerbüro"))
    client.force_login(clerk.user)
    assert not _admin_link_shown(client)

    clerk.user.groups.add(Group.objects.get(name=COOPERATION_ADMIN_GROUP))
    assert _admin_link_shown(client)

    Group.objects.get(name=COOPERATION_ADMIN_GROUP).user_set.clear()
    assert not _admin_link_shown(client)


def test_a_new_role_group_shows_the_admin_link_on_the_next_request(client, towns):
    clerk = make_employee(unit=make_unit(towns["blomberg"], "Bürgerbüro"))
    client.force_login(clerk.user)
    assert not _admin_link_shown(client)

    trainers = Group.objects.get(name=f"Blomberg: {Role.TRAINER.label}")
    trainers.user_set.add(clerk.user)
    assert _admin_link_shown(client)


def _as_in_a_request(user):
    """The user as ``VersionsMiddleware`` hands it to a request: fresh, with versions."""
    user = type(user).objects.get(pk=user.pk)
    numbers = versions.read(versions.SITE, versions.user_key(user.pk))
    user.lernwerk_versions = (numbers[versions.SITE], numbers[versions.user_key(user.pk)])
    return user


def test_leading_a_unit_and_giving_it_up_count_from_the_next_request(towns):
    unit = make_unit(towns["blomberg"], "Bürgerbüro")
    clerk = make_employee(unit=unit)
    assert not leads_units(_as_in_a_request(clerk.user))

    unit.leaders.add(clerk)
    assert leads_units(_as_in_a_request(clerk.user))

    clerk.led_units.remove(unit)
    assert not leads_units(_as_in_a_request(clerk.user))

    unit.leaders.add(clerk)
    unit.leaders.clear()
    assert not leads_units(_as_in_a_request(clerk.user))


def test_the_employee_record_is_rebuilt_per_request_from_what_the_worker_keeps(towns):
    clerk = make_employee(unit=make_unit(towns["blomberg"], "Bürgerbüro"))
    first = employee_of(_as_in_a_request(clerk.user))
    first.personnel_number = "changed in one request only"
    second = employee_of(_as_in_a_request(clerk.user))
    assert second is not first
    assert second.personnel_number == clerk.personnel_number
    assert second.municipality.name == "Blomberg"


def test_a_change_to_the_unit_tree_reaches_every_worker_on_its_next_request(client, towns):
    """Creating, moving and deleting units bumps the site version: what is cached from
    the tree (which units an article asks for an acknowledgement) is read again."""

    def site() -> int:
        return versions.read(versions.SITE)[versions.SITE]

    before = site()
    department = make_unit(towns["blomberg"], "Fachbereich Bürgerdienste")
    office = make_unit(towns["blomberg"], "Straßenverkehrsamt")
    created = site()
    form = OrgUnitForm(
        instance=OrgUnit.objects.get(pk=office.pk),
        data={"name": office.name, "municipality": towns["blomberg"].pk, "parent": department.pk},
    )
    assert form.is_valid(), form.errors
    form.save()
    moved = site()
    OrgUnit.objects.get(pk=office.pk).delete()

    assert before < created < moved < site()
    assert OrgUnit.objects.get(pk=department.pk).get_children().count() == 0


def test_the_start_page_names_a_renamed_unit_or_position_on_the_next_request(client, towns):
    """ "Meine Verwaltung" is a per-user fact: an employee record bumps the user's
    version, a unit or position the site's."""
    office = make_unit(towns["blomberg"], "Bürgerbüro")
    clerk = make_employee(unit=office, position=make_position(office, "Sachbearbeitung"))
    client.force_login(clerk.user)

    def place() -> str:
        html = client.get("/").content.decode()
        return html[html.index('id="my-place"') :]

    assert "Bürgerbüro" in place() and "Sachbearbeitung" in place()
    office.name = "Bürgerservice"
    office.save()
    clerk.position.title = "Sachbearbeitung Meldewesen"
    clerk.position.save()
    assert "Bürgerservice" in place() and "Sachbearbeitung Meldewesen" in place()
    clerk.org_unit = make_unit(towns["blomberg"], "Standesamt")
    clerk.save()
    assert "Standesamt" in place()
