from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoversConfig(AppConfig):
    """What a leaver passes on to the successor: processes they own and training.

    It sits above ``knowledge`` and ``learning`` because a handover uses both: the
    articles whose ownership moves, and the courses the successor is assigned.
    """

    name = "handovers"
    verbose_name = _("Übergaben")

    def ready(self):
        # signals: handovers start when HR records a leaving date or a change of
        # position, and course items are done when their course is completed.
        from . import signals  # noqa: F401
