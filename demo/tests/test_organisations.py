"""The demo a tester logs into: six logins with their roles, loaded once.

The demo courses the same command loads are tested in ``demo/tests/test_courses.py``.
"""

from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from wagtail.models import Page
from wagtail.users.models import UserProfile

from demo.organisations import DEMO_PASSWORD, email_address
from organisations.models import (
    Employee,
    Municipality,
    OrgUnit,
    Position,
    PositionHolding,
    RoleGroup,
)
from organisations.roles import COOPERATION_ADMIN_GROUP, Role
from organisations.tests.factories import make_user

User = get_user_model()
LOGINS = ["beschaeftigte", "trainerin", "fuehrungskraft", "redaktion", "admin", "beschaeftigte2"]


def load_demo_data() -> str:
    output = StringIO()
    call_command("load_demo_data", "--allow-production", stdout=output)
    return output.getvalue()


def shared_group(role: Role) -> Group:
    return RoleGroup.objects.get(municipality=None, role=role).group


def record_counts() -> dict[str, int]:
    models = (User, Group, Municipality, OrgUnit, Position, Employee, PositionHolding, Page)
    return {model.__name__: model.objects.count() for model in models}


class LoadDemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo_data()
        cls.blomberg = Municipality.objects.get(slug="blomberg")
        cls.luegde = Municipality.objects.get(slug="luegde")

    def test_three_municipalities_of_kreis_lippe_with_about_thirty_staff(self):
        self.assertEqual(
            list(Municipality.objects.values_list("name", "ags")),
            [("Blomberg", "05766016"), ("Kalletal", "05766036"), ("Lügde", "05766052")],
        )
        self.assertTrue(25 <= Employee.objects.count() <= 35)
        for municipality in Municipality.objects.all():
            self.assertEqual(municipality.section.title, municipality.name)
            self.assertEqual(OrgUnit.objects.filter(municipality=municipality, depth=1).count(), 1)

    def test_six_logins_sign_in_with_the_demo_password(self):
        for username in LOGINS:
            with self.subTest(username):
                user = User.objects.get(username=username)
                self.assertTrue(user.is_active)
                self.assertTrue(user.check_password(DEMO_PASSWORD))
                self.assertTrue(user.first_name and user.last_name)
                self.assertRegex(user.email, r"^[a-z.-]+@(blomberg|luegde)\.example$")
                self.assertEqual(UserProfile.get_for_user(user).preferred_language, "de")
        self.assertIn(f"„{DEMO_PASSWORD}“", self.output)

    def test_staff_without_a_demo_login_cannot_sign_in(self):
        others = User.objects.exclude(username__in=LOGINS)
        self.assertTrue(others.exists())
        self.assertFalse(any(user.has_usable_password() for user in others))

    def test_each_login_has_the_groups_of_its_role(self):
        blomberg, luegde = self.blomberg, self.luegde
        staff = blomberg.role_group(Role.EMPLOYEE)
        expected = {
            "beschaeftigte": {staff},
            "trainerin": {
                staff,
                blomberg.role_group(Role.TRAINER),
                shared_group(Role.TRAINER),
            },
            "fuehrungskraft": {staff, blomberg.role_group(Role.MANAGER)},
            "redaktion": {staff, blomberg.role_group(Role.EDITOR), shared_group(Role.EDITOR)},
            "admin": {staff, Group.objects.get(name=COOPERATION_ADMIN_GROUP)},
            "beschaeftigte2": {luegde.role_group(Role.EMPLOYEE)},
        }
        for username, groups in expected.items():
            with self.subTest(username):
                self.assertEqual(set(User.objects.get(username=username).groups.all()), groups)

    def test_admin_is_superuser_and_the_others_are_not(self):
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser and admin.is_staff)
        self.assertFalse(
            User.objects.filter(username__in=LOGINS, is_superuser=True)
            .exclude(pk=admin.pk)
            .exists()
        )

    def test_manager_leads_fachbereich_2_with_staff_in_its_subtree(self):
        manager = User.objects.get(username="fuehrungskraft")
        unit = OrgUnit.objects.get(leaders=manager.employee)
        self.assertEqual(unit.name, "Fachbereich 2 Bürgerdienste")
        team = Employee.objects.filter(org_unit__in=unit.subtree()).exclude(pk=manager.employee.pk)
        self.assertGreaterEqual(team.count(), 5)
        visible = Employee.objects.visible_to(manager)
        self.assertIn(User.objects.get(username="beschaeftigte").employee, visible)
        self.assertNotIn(User.objects.get(username="beschaeftigte2").employee, visible)

    def test_employee_logins_work_in_the_buergerbuero(self):
        for username, municipality in (("beschaeftigte", "blomberg"), ("beschaeftigte2", "luegde")):
            with self.subTest(username):
                employee = User.objects.get(username=username).employee
                self.assertEqual(employee.municipality.slug, municipality)
                self.assertEqual(employee.org_unit.name, "Bürgerbüro")

    def test_the_leaver_is_inactive_and_staff_about_to_leave_are_not(self):
        today = timezone.localdate()
        left = Employee.objects.filter(leaving_date__lt=today)
        self.assertEqual(left.count(), 1)
        self.assertFalse(left.get().user.is_active)
        leaving_soon = Employee.objects.filter(leaving_date__gte=today)
        self.assertGreaterEqual(leaving_soon.count(), 1)
        self.assertTrue(all(employee.user.is_active for employee in leaving_soon))
        self.assertEqual(User.objects.filter(is_active=False).count(), 1)

    def test_second_run_keeps_the_data_and_changes_nothing(self):
        before = record_counts()
        passwords = dict(User.objects.values_list("username", "password"))

        output = load_demo_data()

        self.assertEqual(output.strip(), "Demo-Daten sind bereits vorhanden.")
        self.assertEqual(record_counts(), before)
        self.assertEqual(dict(User.objects.values_list("username", "password")), passwords)


class LoadDemoDataSafetyTests(TestCase):
    def test_refuses_without_debug_unless_allowed(self):
        with self.assertRaisesMessage(CommandError, "--allow-production"):
            call_command("load_demo_data", stdout=StringIO())
        self.assertFalse(Municipality.objects.exists())

    def test_refuses_when_a_demo_username_is_taken_and_creates_nothing(self):
        make_user("admin")
        pages = Page.objects.count()
        with self.assertRaisesMessage(CommandError, "admin"):
            load_demo_data()
        self.assertFalse(Municipality.objects.exists())
        self.assertEqual(User.objects.count(), 1)
        self.assertEqual(Page.objects.count(), pages)

    def test_a_failing_loader_leaves_no_half_loaded_demo(self):
        before = record_counts()
        with mock.patch(
            "demo.management.commands.load_demo_data.load_courses",
            side_effect=RuntimeError("Kurs kaputt"),
        ):
            with self.assertRaisesMessage(RuntimeError, "Kurs kaputt"):
                load_demo_data()
        self.assertEqual(record_counts(), before)


class EmailAddressTests(SimpleTestCase):
    def test_umlauts_are_written_out(self):
        self.assertEqual(
            email_address("Sabine", "Krüger", "blomberg.example"), "sabine.krueger@blomberg.example"
        )
        self.assertEqual(
            email_address("Hatice", "Yılmaz", "blomberg.example"), "hatice.yilmaz@blomberg.example"
        )
