from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Lernen")

    def ready(self):
        from . import signals  # noqa: F401
