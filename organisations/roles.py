"""The roles of Lernwerk and what each may do.

A role exists once per municipality (and, for authoring, once for the shared section);
its Django group is created by ``tenancy.provision_municipality``.
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
