"""The roles of Lernwerk and what each may do.

A role exists once per municipality (and, for authoring, once for the shared section);
its Django group is created by ``provisioning.provision_municipality``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.versions import user_fact


class Role(models.TextChoices):
    EMPLOYEE = "beschaeftigte", _("Beschäftigte")
    TRAINER = "trainer", _("Trainer*innen")
    MANAGER = "fuehrungskraft", _("Führungskräfte")
    EDITOR = "redaktion", _("Redaktion")


#: The one group that is not per municipality: it sees and may do everything.
COOPERATION_ADMIN_GROUP = "Kooperations-Admin"

#: Roles that exist for the shared section ("if allowed" to author there).
SHARED_SECTION_ROLES = (Role.TRAINER, Role.EDITOR)

#: Page permissions each role gets on its section (Wagtail's page permission codenames).
SECTION_PAGE_PERMISSIONS = {
    Role.TRAINER: ("add_page", "change_page"),
    Role.EDITOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}

#: Model permissions per role, as "app_label.codename".
ROLE_PERMISSIONS = {
    Role.EMPLOYEE: (),
    Role.TRAINER: (
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ),
    Role.MANAGER: (
        "wagtailadmin.access_admin",
        "organisations.view_orgunit",
        "organisations.view_position",
        "organisations.view_employee",
    ),
    Role.EDITOR: (
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
}


# --- Who a user is -------------------------------------------------------------------------
# Predicates on the signed-in user that every app asks; kept here, next to the roles,
# so that models, tenancy and views can all import them without importing each other.


def is_cooperation_admin(user) -> bool:
    """Superusers and members of the Kooperations-Admin group see all municipalities."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user_fact(
        user,
        "cooperation_admin",
        lambda: user.groups.filter(name=COOPERATION_ADMIN_GROUP).exists(),
    )


def municipality_of(user):
    """The municipality a user works for, or None (e.g. a technical superuser)."""
    employee = employee_of(user)
    return employee.municipality if employee else None


def employee_of(user):
    """The user's employee record with its municipality, or None.

    Every page asks (tenancy, header, listings). The row is kept per user and version
    (``core.versions.user_fact``); each request gets its own model instances built from
    it, so nothing a request changes on them reaches another request.
    """
    if not user.is_authenticated:
        return None
    cached = user._state.fields_cache.get("employee")
    if cached is not None:
        return cached
    row = user_fact(user, "employee", lambda: _employee_row(user))
    if row is None:
        return None
    employee_model, municipality_model = _employee_models(user)
    employee = employee_model.from_db("default", *row[0])
    employee._state.fields_cache["municipality"] = municipality_model.from_db("default", *row[1])
    employee._state.fields_cache["user"] = user
    user._state.fields_cache["employee"] = employee
    return employee


def _employee_models(user):
    # Reached through the user model, so this module needs no import of organisations.models
    # (which imports this module).
    employee_model = user._meta.get_field("employee").related_model
    return employee_model, employee_model._meta.get_field("municipality").related_model


def _employee_row(user):
    """(field names, values) of the employee and of their municipality, or None."""
    employee_model, municipality_model = _employee_models(user)
    employee = employee_model.objects.select_related("municipality").filter(user=user).first()
    if employee is None:
        return None

    def row(instance):
        names = tuple(field.attname for field in instance._meta.concrete_fields)
        return names, tuple(getattr(instance, name) for name in names)

    return row(employee), row(employee.municipality)


def led_unit_paths(user) -> tuple[str, ...]:
    """Tree paths of the org units the user leads (empty for everybody but managers);
    what a manager sees is their subtrees. Kept per user and version: a change of
    leaders bumps the user's version (``organisations.signals``)."""
    if not user.is_authenticated:
        return ()

    def compute():
        employee = employee_of(user)
        if employee is None:
            return ()
        return tuple(employee.led_units.order_by("path").values_list("path", flat=True))

    return user_fact(user, "led_unit_paths", compute)


def leads_units(user) -> bool:
    """Whether the user leads at least one org unit, i.e. is a manager (menus ask on
    every page)."""
    return bool(led_unit_paths(user))


def may_use_admin(user) -> bool:
    """Whether the user may enter the Wagtail admin: the permission backends' own answer
    (groups, and the process owners' backend), kept per user and version. The header's
    "Verwaltung" link and the article's review box both ask on every page."""
    if not user.is_authenticated:
        return False
    return user_fact(user, "may_use_admin", lambda: user.has_perm("wagtailadmin.access_admin"))
