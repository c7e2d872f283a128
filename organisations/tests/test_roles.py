"""Who a user is: the predicates every app asks (``organisations.roles``)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from organisations.roles import employee_of, is_cooperation_admin, leads_units

from .factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    town = make_municipality("Barntrup", slug="barntrup")
    return {"town": town, "unit": make_unit(town, "Ordnungsamt")}


def test_a_manager_leads_units_and_a_clerk_does_not(town):
    manager = make_manager(town["unit"]).user
    clerk = make_employee(town["town"]).user

    assert leads_units(manager)
    assert not leads_units(clerk)
    assert not leads_units(make_user())
    assert not leads_units(AnonymousUser())


def test_leads_units_is_asked_once_per_user_object(town, django_assert_num_queries):
    manager = make_manager(town["unit"]).user
    leads_units(manager)

    with django_assert_num_queries(0):
        assert leads_units(manager)


def test_cooperation_admins_are_recognised_and_have_no_employee_record():
    admin = make_cooperation_admin()

    assert is_cooperation_admin(admin)
    assert employee_of(admin) is None
    assert not is_cooperation_admin(AnonymousUser())
