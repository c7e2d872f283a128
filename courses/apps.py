from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kurse")

    def ready(self):
        # Connects the receivers once all models are loaded (Django's place for it):
        # a course's duration follows its published modules.
        from . import signals  # noqa: F401
