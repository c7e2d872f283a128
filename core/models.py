"""The one model of the plumbing: the access log every report writes.

It lives here, not with a report family, because both report families (mandatory
training in ``learning``, knowledge at risk in ``knowledge``) log through the same base
(``core.reports``), and the staff council reads one log, not one per app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """Who opened or exported which report with which filters: the access log.

    Kept for the staff council (``docs/privacy.md``): every report view and export is
    written here, and admins read it in the Wagtail admin.
    """

    # Derived or log rows: nothing references them, so Wagtail need not index them.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    username = models.CharField(_("Benutzername"), max_length=150)
    report = models.CharField(_("Bericht"), max_length=80)
    export_format = models.CharField(_("Export"), max_length=10, blank=True)
    parameters = models.CharField(_("Filter"), max_length=1000, blank=True)
    accessed_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        # The model came from ``learning`` and kept its table: moving it changed the
        # migration state only, so existing logs, their ids and everything that points
        # at its content type stay as they were (``learning`` migration 0006).
        db_table = "learning_reportaccess"
        ordering = ["-accessed_at"]
        verbose_name = _("Berichtszugriff")
        verbose_name_plural = _("Berichtszugriffe")

    def __str__(self) -> str:
        return f"{self.username}: {self.report}"


class CacheVersion(models.Model):
    """A version number that invalidates what every worker process keeps in memory.

    Facts every page needs (the site's root paths and header links, a user's
    municipality and roles) are kept per process and looked up under the current
    version; a signal that changes them bumps the version in the database, and every
    worker reads the new number with its next request (``core.versions``). A
    process-local cache alone could not be invalidated across workers.
    """

    wagtail_reference_index_ignore = True

    key = models.CharField(_("Schlüssel"), max_length=80, primary_key=True)
    number = models.BigIntegerField(_("Version"), default=0)

    class Meta:
        verbose_name = _("Cache-Version")
        verbose_name_plural = _("Cache-Versionen")

    def __str__(self) -> str:
        return f"{self.key}: {self.number}"
