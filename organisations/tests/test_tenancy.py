"""Who sees what: municipalities, subtrees of managers, sections of the page tree."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupPagePermission

from organisations.models import Employee, OrgUnit, Position, SectionPage
from organisations.roles import Role
from organisations.tenancy import can_view_page, pages_visible_to

from .factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_position,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_towns():
    """Blomberg with a department of two offices, and Lügde with one unit."""
    blomberg = make_municipality("Blomberg", slug="blomberg")
    town_hall = make_unit(blomberg, "Stadt Blomberg")
    department = make_unit(blomberg, "Fachbereich 2 Bürgerdienste", parent=town_hall)
    office = make_unit(blomberg, "Bürgerbüro", parent=department)
    other_department = make_unit(blomberg, "Fachbereich 3 Bauen", parent=town_hall)
    luegde = make_municipality("Lügde", slug="luegde")
    luegde_hall = make_unit(luegde, "Stadt Lügde")
    return {
        "blomberg": blomberg,
        "town_hall": town_hall,
        "department": department,
        "office": office,
        "other_department": other_department,
        "luegde": luegde,
        "luegde_hall": luegde_hall,
    }


def test_creating_a_municipality_provisions_groups_collection_and_section(two_towns):
    blomberg = two_towns["blomberg"]
    names = set(blomberg.role_groups.values_list("group__name", flat=True))
    assert names == {
        "Blomberg: Beschäftigte",
        "Blomberg: Trainer*innen",
        "Blomberg: Führungskräfte",
        "Blomberg: Redaktion",
    }
    section = SectionPage.objects.get(municipality=blomberg)
    assert section.live and section.get_parent().specific_class.__name__ == "HomePage"
    assert Collection.objects.filter(name="Blomberg").exists()
    trainer_group = blomberg.role_group(Role.TRAINER)
    granted = set(
        GroupPagePermission.objects.filter(group=trainer_group, page=section).values_list(
            "permission__codename", flat=True
        )
    )
    assert granted == {"add_page", "change_page"}
    assert SectionPage.objects.filter(municipality__isnull=True).count() == 1


def test_provisioning_twice_creates_nothing_new(two_towns):
    counts = (Group.objects.count(), SectionPage.objects.count(), Collection.objects.count())
    two_towns["blomberg"].save()
    assert counts == (
        Group.objects.count(),
        SectionPage.objects.count(),
        Collection.objects.count(),
    )


def test_manager_sees_only_the_subtree_they_lead(two_towns):
    manager = make_manager(two_towns["department"])
    clerk = make_employee(unit=two_towns["office"])
    builder = make_employee(unit=two_towns["other_department"])
    stranger = make_employee(unit=two_towns["luegde_hall"])

    units = set(OrgUnit.objects.visible_to(manager.user))
    assert units == {two_towns["department"], two_towns["office"]}
    people = set(Employee.objects.visible_to(manager.user))
    assert clerk in people and manager in people
    assert builder not in people and stranger not in people


def test_employee_who_leads_nothing_sees_no_people_or_units(two_towns):
    clerk = make_employee(unit=two_towns["office"])
    assert not OrgUnit.objects.visible_to(clerk.user).exists()
    assert not Employee.objects.visible_to(clerk.user).exists()
    assert not Position.objects.visible_to(clerk.user).exists()


def test_cooperation_admin_sees_every_municipality(two_towns):
    admin = make_cooperation_admin()
    make_employee(unit=two_towns["luegde_hall"])
    assert OrgUnit.objects.visible_to(admin).count() == OrgUnit.objects.count()
    assert Employee.objects.visible_to(admin).count() == Employee.objects.count()


def test_staff_belong_to_the_staff_group_of_their_own_municipality_only(two_towns):
    employee = make_employee(unit=two_towns["office"])
    blomberg_staff = two_towns["blomberg"].role_group(Role.EMPLOYEE)
    luegde_staff = two_towns["luegde"].role_group(Role.EMPLOYEE)
    assert blomberg_staff in employee.user.groups.all()

    employee.municipality = two_towns["luegde"]
    employee.org_unit = two_towns["luegde_hall"]
    employee.save()
    groups = set(employee.user.groups.all())
    assert luegde_staff in groups and blomberg_staff not in groups


def test_changing_position_keeps_the_history(two_towns):
    first = make_position(two_towns["office"], "Sachbearbeitung Bürgerbüro")
    second = make_position(two_towns["department"], "Leitung Fachbereich 2")
    employee = make_employee(unit=two_towns["office"], position=first)
    employee.position = second
    employee.save()

    holdings = list(employee.position_holdings.order_by("pk"))
    assert [h.position for h in holdings] == [first, second]
    assert holdings[0].ended_on is not None and holdings[1].ended_on is None
    assert list(second.current_holders()) == [employee]
    assert not first.current_holders().exists()


def test_leaving_date_in_the_past_deactivates_the_account(two_towns):
    import datetime

    employee = make_employee(unit=two_towns["office"])
    employee.leaving_date = datetime.date(2020, 3, 31)
    employee.save()
    employee.user.refresh_from_db()
    assert not employee.user.is_active


def test_pages_of_another_municipality_are_invisible(two_towns):
    blomberg_section = SectionPage.objects.get(municipality=two_towns["blomberg"])
    luegde_section = SectionPage.objects.get(municipality=two_towns["luegde"])
    shared = SectionPage.objects.get(municipality__isnull=True)
    employee = make_employee(unit=two_towns["office"])

    assert can_view_page(employee.user, blomberg_section)
    assert can_view_page(employee.user, shared)
    assert not can_view_page(employee.user, luegde_section)
    visible = set(pages_visible_to(SectionPage.objects.all(), employee.user))
    assert visible == {blomberg_section, shared}


def test_user_without_municipality_sees_only_shared_pages(two_towns):
    user = make_user()
    shared = SectionPage.objects.get(municipality__isnull=True)
    assert set(pages_visible_to(SectionPage.objects.all(), user)) == {shared}


def test_trainer_may_author_in_own_section_only(two_towns):
    trainer = make_employee(unit=two_towns["office"], roles=[Role.TRAINER])
    own = SectionPage.objects.get(municipality=two_towns["blomberg"])
    other = SectionPage.objects.get(municipality=two_towns["luegde"])
    shared = SectionPage.objects.get(municipality__isnull=True)
    assert own.permissions_for_user(trainer.user).can_edit()
    assert not own.permissions_for_user(trainer.user).can_publish()
    assert not other.permissions_for_user(trainer.user).can_edit()
    assert not shared.permissions_for_user(trainer.user).can_edit()

    trainer.user.groups.add(Group.objects.get(name="Gemeinsamer Bereich: Trainer*innen"))
    fresh_user = type(trainer.user).objects.get(pk=trainer.user.pk)  # no cached permissions
    assert shared.permissions_for_user(fresh_user).can_edit()


def test_redaktion_may_publish_in_own_section(two_towns):
    editor = make_employee(unit=two_towns["office"], roles=[Role.EDITOR])
    own = SectionPage.objects.get(municipality=two_towns["blomberg"])
    other = SectionPage.objects.get(municipality=two_towns["luegde"])
    assert own.permissions_for_user(editor.user).can_publish()
    assert not other.permissions_for_user(editor.user).can_publish()


def test_cooperation_admin_may_publish_in_every_section(two_towns):
    admin = make_cooperation_admin()
    for section in SectionPage.objects.all():
        assert section.permissions_for_user(admin).can_publish()


def test_documents_of_another_municipality_are_not_served(client, two_towns):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    def upload(municipality):
        return Document.objects.create(
            title="Dienstanweisung",
            file=ContentFile(b"%PDF-1.4 Inhalt", name="dienstanweisung.pdf"),
            collection=municipality.collection,
        )

    own, foreign = upload(two_towns["blomberg"]), upload(two_towns["luegde"])
    client.force_login(make_employee(unit=two_towns["office"]).user)
    assert client.get(own.url).status_code == 200
    assert client.get(foreign.url).status_code == 404
    client.logout()
    assert client.get(own.url).status_code == 302  # login first
