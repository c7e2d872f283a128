from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Wissen")

    def ready(self):
        # publishing: the revision to acknowledge, on publish.
        from . import publishing  # noqa: F401
