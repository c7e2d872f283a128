"""The roles of Lernwerk and what each may do.

A role exists once per municipality (and, for authoring, once for the shared section);
its Django group is created by ``provisioning.provision_municipality``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    cached = getattr(user, "_lernwerk_is_coop_admin", None)
    if cached is None:
        cached = user.groups.filter(name=COOPERATION_ADMIN_GROUP).exists()
        user._lernwerk_is_coop_admin = cached
    return cached


def municipality_of(user):
    """The municipality a user works for, or None (e.g. a technical superuser)."""
    employee = employee_of(user)
    return employee.municipality if employee else None


def employee_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.employee
    except user._meta.model.employee.RelatedObjectDoesNotExist:
        return None


def leads_units(user) -> bool:
    """Whether the user leads at least one org unit, i.e. is a manager; cached on the user
    object for the request like ``is_cooperation_admin`` (menus ask on every page)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_lernwerk_leads_units", None)
    if cached is None:
        employee = employee_of(user)
        cached = employee is not None and employee.led_units.exists()
        user._lernwerk_leads_units = cached
    return cached
