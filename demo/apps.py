from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The realistic German demo content and its loader; at the top, imported by no app."""

    name = "demo"
    verbose_name = _("Demo-Inhalte")
