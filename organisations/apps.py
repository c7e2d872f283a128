from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisation")

    def ready(self):
        # Connects the receivers once all models are loaded (Django's place for it):
        # language at login, provisioning, invitations after the staff import.
        from . import signals  # noqa: F401
