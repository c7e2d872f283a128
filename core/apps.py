from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing every domain app may use (PDFs, mail, dates, reports, admin bases,
    periodic commands); it knows nothing of municipalities, courses or processes."""

    name = "core"
    verbose_name = _("Grundlagen")

    def ready(self):
        # Connects the receivers that bump the site version (core.versions).
        from . import signals  # noqa: F401
