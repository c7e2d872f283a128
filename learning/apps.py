from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Lernen")

    def ready(self):
        # Connects the receivers once all models are loaded (Django's place for it):
        # obligations follow people, assignments and completions.
        from . import signals  # noqa: F401
