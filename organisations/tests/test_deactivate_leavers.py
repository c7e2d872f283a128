"""Closing the accounts of staff whose leaving date has passed (a periodic command)."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from organisations.models import Employee
from organisations.tests.factories import make_employee, make_municipality, make_user


def leaver_who_is_still_active(municipality=None, days_ago: int = 1) -> Employee:
    """An employee whose leaving date has passed since their record was last saved."""
    employee = make_employee(municipality, leaving_date=timezone.localdate() + timedelta(days=30))
    Employee.objects.filter(pk=employee.pk).update(
        leaving_date=timezone.localdate() - timedelta(days=days_ago)
    )
    return employee


def is_active(employee: Employee) -> bool:
    employee.user.refresh_from_db()
    return employee.user.is_active


class DeactivateLeaversTests(TestCase):
    def test_deactivates_only_staff_whose_leaving_date_has_passed(self):
        municipality = make_municipality()
        today = timezone.localdate()
        left = leaver_who_is_still_active(municipality)
        last_day_today = make_employee(municipality, leaving_date=today)
        leaving_later = make_employee(municipality, leaving_date=today + timedelta(days=1))
        staying = make_employee(municipality)
        technical_account = make_user()

        output = StringIO()
        call_command("deactivate_leavers", stdout=output)

        self.assertFalse(is_active(left))
        self.assertTrue(is_active(last_day_today))
        self.assertTrue(is_active(leaving_later))
        self.assertTrue(is_active(staying))
        technical_account.refresh_from_db()
        self.assertTrue(technical_account.is_active)
        self.assertIn("Deaktivierte Konten: 1", output.getvalue())
