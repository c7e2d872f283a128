"""Handovers (Übergaben): what a leaver passes on to whoever takes the position over.

The models moved here from ``knowledge`` and kept their tables (``Meta.db_table``): the
migrations ``handovers`` 0001 and ``knowledge`` 0003 moved them in Django's migration
state only and relabelled their content types, so every row, permission and log entry
stayed where it was. The rules live in ``handovers.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import UnitScopedQuerySet
from organisations.roles import employee_of


class HandoverQuerySet(UnitScopedQuerySet):
    """Leaver (until the leaving date), successor, the managers of the unit, and
    cooperation admins see a handover; nobody else."""

    def also_visible(self, user, units) -> Q:
        employee = employee_of(user)
        if employee is None:
            return super().also_visible(user, units)
        today = timezone.localdate()
        # Item assignees through EXISTS, not a join: no handover appears twice, and no
        # DISTINCT over wide rows makes the planner's work (3 ms) outweigh the query's.
        assigned = HandoverItem.objects.filter(handover=OuterRef("pk"), assignee=employee)
        return (
            Q(successor=employee)
            | Q(Exists(assigned))
            | Q(leaver=employee, leaving_date__gte=today)
            | Q(leaver=employee, leaving_date__isnull=True)
        )


class Handover(models.Model):
    """What a leaver passes on: owned articles, a checklist, notes, training, reading.

    Created when a leaving date or a change of position is recorded
    (``handovers.services.start_handover``); complete when every item is done.
    """

    class Reason(models.TextChoices):
        LEAVING = "leaving", _("Austritt")
        MOVE = "move", _("Stellenwechsel")

    leaver = models.ForeignKey(
        "organisations.Employee",
        on_delete=models.CASCADE,
        related_name="handovers_given",
        verbose_name=_("Übergebende Person"),
    )
    position = models.ForeignKey(
        "organisations.Position",
        on_delete=models.SET_NULL,
        null=True,
        related_name="handovers",
        verbose_name=_("Stelle"),
    )
    org_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        related_name="handovers",
        verbose_name=_("Organisationseinheit"),
    )
    successor = models.ForeignKey(
        "organisations.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers_received",
        verbose_name=_("Nachfolge"),
    )
    reason = models.CharField(_("Anlass"), max_length=20, choices=Reason.choices)
    leaving_date = models.DateField(_("Letzter Arbeitstag"), null=True, blank=True)
    created_at = models.DateTimeField(_("Begonnen am"), auto_now_add=True)
    completed_at = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        # The table ``knowledge`` created; the model moved, the rows stayed.
        db_table = "knowledge_handover"
        ordering = ["-created_at"]
        verbose_name = _("Übergabe")
        verbose_name_plural = _("Übergaben")

    def __str__(self) -> str:
        return f"{self.leaver} – {self.position.title if self.position else ''}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class HandoverItem(models.Model):
    """One thing to pass on; done by whoever it is assigned to (the successor by default).

    Passwords never belong here: the text fields reject anything that looks like one.
    """

    class Kind(models.TextChoices):
        OWNERSHIP = "ownership", _("Prozessverantwortung übernehmen")
        ACKNOWLEDGE = "acknowledge", _("Prozessbeschreibung zur Kenntnis nehmen")
        COURSE = "course", _("Kurs absolvieren")
        CHECKLIST = "checklist", _("Checkliste")

    handover = models.ForeignKey(
        Handover, on_delete=models.CASCADE, related_name="items", verbose_name=_("Übergabe")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Aufgabe"), max_length=255)
    article = models.ForeignKey(
        "knowledge.ProcessArticlePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="handover_items",
        verbose_name=_("Prozessbeschreibung"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kurs"),
    )
    assignment = models.ForeignKey(
        "learning.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Pflichtschulung"),
    )
    leaver_notes = models.TextField(
        _("Hinweise der übergebenden Person"),
        blank=True,
        help_text=_("Offene Vorgänge, Kontakte, Ablageorte – niemals Passwörter."),
    )
    assignee = models.ForeignKey(
        "organisations.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handover_items",
        verbose_name=_("Übernimmt"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    done_at = models.DateTimeField(_("Erledigt am"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Erledigt von"),
    )

    class Meta:
        db_table = "knowledge_handoveritem"
        ordering = ["position", "pk"]
        verbose_name = _("Übergabepunkt")
        verbose_name_plural = _("Übergabepunkte")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
