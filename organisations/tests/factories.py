"""Small helpers that build the people of a test: ``make_municipality``, ``make_employee``…

Every helper creates only what it is asked for and returns it, so a test reads as the
situation it sets up.
"""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from organisations.models import Employee, Municipality, OrgUnit, Position
from organisations.roles import COOPERATION_ADMIN_GROUP, Role

_counter = itertools.count(1)


def make_municipality(name: str | None = None, **kwargs) -> Municipality:
    n = next(_counter)
    name = name or f"Gemeinde {n}"
    kwargs.setdefault("slug", f"gemeinde-{n}" if name.startswith("Gemeinde ") else name.lower())
    return Municipality.objects.create(name=name, **kwargs)


def make_unit(
    municipality: Municipality, name: str | None = None, parent: OrgUnit | None = None, **kwargs
) -> OrgUnit:
    unit = OrgUnit(municipality=municipality, name=name or f"Amt {next(_counter)}", **kwargs)
    return parent.add_child(instance=unit) if parent else OrgUnit.add_root(instance=unit)


def make_position(unit: OrgUnit, title: str | None = None, **kwargs) -> Position:
    return Position.objects.create(
        org_unit=unit, title=title or f"Stelle {next(_counter)}", **kwargs
    )


def make_user(username: str | None = None, password: str = "lernwerk-test-1", **kwargs):
    username = username or f"user{next(_counter)}"
    kwargs.setdefault("email", f"{username}@example.org")
    return get_user_model().objects.create_user(username=username, password=password, **kwargs)


def make_employee(
    municipality: Municipality | None = None,
    unit: OrgUnit | None = None,
    position: Position | None = None,
    user=None,
    roles=(),
    **kwargs,
) -> Employee:
    """An employee with an account; ``roles`` adds the municipality's role groups."""
    if municipality is None:
        municipality = unit.municipality if unit else make_municipality()
    user = user or make_user(
        first_name=kwargs.pop("first_name", "Erika"),
        last_name=kwargs.pop("last_name", "Mustermann"),
    )
    kwargs.setdefault("personnel_number", f"P{next(_counter):05d}")
    employee = Employee.objects.create(
        user=user, municipality=municipality, org_unit=unit, position=position, **kwargs
    )
    for role in roles:
        user.groups.add(municipality.role_group(Role(role)))
    return employee


def make_manager(unit: OrgUnit, **kwargs) -> Employee:
    """An employee of ``unit`` who leads it (and so its subtree)."""
    manager = make_employee(unit=unit, roles=[Role.MANAGER], **kwargs)
    unit.leaders.add(manager)
    return manager


def make_cooperation_admin(**kwargs):
    user = make_user(**kwargs)
    user.groups.add(Group.objects.get(name=COOPERATION_ADMIN_GROUP))
    return user
