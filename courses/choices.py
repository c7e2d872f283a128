"""Fixed choices of courses: the level of a course and the catalogue's duration filter.

Both the page models and the catalogue's filter form (``courses.forms``) read them, and
the models read the form; kept apart so that neither module imports the other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    BASIC = "basic", _("Einstieg")
    ADVANCED = "advanced", _("Fortgeschritten")
    EXPERT = "expert", _("Vertiefung")


#: Duration filter of the catalogue: key -> (label, lower bound, upper bound) in minutes.
DURATION_FILTERS = {
    "kurz": (_("bis 30 Minuten"), 0, 30),
    "mittel": (_("31 bis 90 Minuten"), 31, 90),
    "lang": (_("über 90 Minuten"), 91, None),
}
