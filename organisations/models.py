"""Who is who: municipalities (tenants), their org-unit trees, positions and employees.

Wagtail has no tenancy for non-page data, so every queryset that reaches a view goes
through a method named for it (``visible_to(user)``); see ``organisations.tenancy``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core import versions

from .roles import Role, employee_of, is_cooperation_admin, led_unit_paths


class MunicipalityQuerySet(models.QuerySet):
    def visible_to(self, user) -> MunicipalityQuerySet:
        """Cooperation admins see all municipalities, everybody else their own."""
        if is_cooperation_admin(user):
            return self.all()
        employee = employee_of(user)
        return self.filter(pk=employee.municipality_id) if employee else self.none()


class Municipality(models.Model):
    """A town or district of the cooperation: the tenant of all non-page data."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("Kurzname"),
        unique=True,
        help_text=_("Für Adressen und Dateinamen, z. B. „blomberg“."),
    )
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Der AGS besteht aus genau 8 Ziffern."))],
        help_text=_("Optional: 8 Ziffern, z. B. 05766008."),
    )

    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="municipality",
        verbose_name=_("Sammlung"),
        help_text=_("Bilder und Dokumente dieser Kommune; andere Kommunen sehen sie nicht."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        constraints = [
            models.UniqueConstraint(
                fields=["ags"], condition=~Q(ags=""), name="unique_municipality_ags"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def role_group(self, role: Role) -> Group:
        """The Django group that gives ``role`` in this municipality."""
        return RoleGroup.objects.get(municipality=self, role=role).group

    def save(self, *args, **kwargs):
        """Every municipality comes with its groups, collection and page-tree section,
        provisioned by a ``post_save`` receiver (``signals``) in this transaction."""
        with transaction.atomic():
            super().save(*args, **kwargs)


class RoleGroup(models.Model):
    """Links a role of one municipality (or of the shared section) to its Django group.

    Groups carry names people read in the admin ("Blomberg: Redaktion"); this table is
    what code relies on, so renaming a group never breaks a permission check.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_groups",
        verbose_name=_("Kommune"),
        help_text=_("Leer für den gemeinsamen Bereich der Kooperation."),
    )
    role = models.CharField(_("Rolle"), max_length=32, choices=Role.choices)
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="lernwerk_role", verbose_name=_("Gruppe")
    )

    class Meta:
        verbose_name = _("Rollengruppe")
        verbose_name_plural = _("Rollengruppen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "role"], name="unique_role_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(municipality__isnull=True),
                name="unique_role_in_shared_section",
            ),
        ]

    def __str__(self) -> str:
        return self.group.name


class OrgUnitQuerySet(MP_NodeQuerySet):
    def visible_to(self, user) -> OrgUnitQuerySet:
        """Units a user may see in admin screens and reports.

        Cooperation admins see every unit; managers see the subtrees of the units they
        lead; everybody else sees none.
        """
        if not user.is_authenticated:
            return self.none()
        if is_cooperation_admin(user):
            return self.all()
        paths = led_unit_paths(user)
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node):
    """A Fachbereich, Amt or Sachgebiet; one tree per municipality."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="org_units",
        verbose_name=_("Kommune"),
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    short_name = models.CharField(
        _("Kürzel"), max_length=30, blank=True, help_text=_("Optional, z. B. „FB 1“ oder „32“.")
    )
    leaders = models.ManyToManyField(
        "Employee",
        blank=True,
        related_name="led_units",
        verbose_name=_("Führungskräfte"),
        help_text=_("Wer diese Einheit leitet, sieht sie und alle untergeordneten Einheiten."),
    )

    node_order_by = ["name"]
    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")

    def __str__(self) -> str:
        return f"{self.short_name} {self.name}".strip() if self.short_name else self.name

    @property
    def label_with_depth(self) -> str:
        """The name indented by depth, for choosers that show the tree as a list."""
        return "– " * (self.depth - 1) + str(self)

    def subtree(self) -> OrgUnitQuerySet:
        """This unit and all units below it, in one query."""
        return OrgUnit.objects.filter(path__startswith=self.path)

    def clean(self):
        parent = self.get_parent() if self.pk and self.depth > 1 else None
        if parent and parent.municipality_id != self.municipality_id:
            raise ValidationError(
                _("Eine Einheit gehört zur Kommune ihrer übergeordneten Einheit.")
            )


class PositionQuerySet(models.QuerySet):
    def visible_to(self, user) -> PositionQuerySet:
        """Positions in the units the user may see."""
        return self.filter(org_unit__in=OrgUnit.objects.visible_to(user))


class Position(models.Model):
    """A post (Stelle) in an org unit; people come and go, the post stays."""

    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("Organisationseinheit"),
    )
    title = models.CharField(_("Bezeichnung"), max_length=200)
    number = models.CharField(
        _("Stellennummer"), max_length=40, blank=True, help_text=_("Optional, laut Stellenplan.")
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("Stelle")
        verbose_name_plural = _("Stellen")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "title"], name="unique_position_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.org_unit})"

    @property
    def municipality(self) -> Municipality:
        return self.org_unit.municipality

    def current_holders(self):
        return Employee.objects.filter(
            position_holdings__position=self, position_holdings__ended_on__isnull=True
        )


class UnitScopedQuerySet(models.QuerySet):
    """Records seen by org unit: cooperation admins see all, managers their subtrees.

    Employees, obligations, assignments and handovers are all scoped the same way
    (``OrgUnit.objects.visible_to``); one base keeps the rule in one place, so a change
    to who may see a unit reaches every report and admin screen at once. A subclass
    names the lookups that lead to a unit (``unit_lookups``) and may add what a person
    sees regardless of units (``also_visible``, e.g. their own handover).
    """

    #: Lookups from the record to an org unit; a record in any visible unit is visible.
    unit_lookups: tuple[str, ...] = ("org_unit",)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if is_cooperation_admin(user):
            return self.all()
        units = OrgUnit.objects.visible_to(user)
        condition = Q()
        for lookup in self.unit_lookups:
            condition |= Q(**{f"{lookup}__in": units})
        return self.filter(condition | self.also_visible(user, units))

    def also_visible(self, user, units) -> Q:
        """What ``user`` sees beyond the units (nothing by default; an empty ``Q`` would
        match everything, so "nothing" is a condition no row meets)."""
        return Q(pk__in=[])


class EmployeeQuerySet(UnitScopedQuerySet):
    """Employees a user may see in admin screens and reports: see ``OrgUnit``."""

    def active(self, on=None) -> EmployeeQuerySet:
        """Employees who have not left by the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=on))


class Employee(models.Model):
    """The staff side of a user account: one per Django user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employee",
        verbose_name=_("Benutzerkonto"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="employees", verbose_name=_("Kommune")
    )
    personnel_number = models.CharField(_("Personalnummer"), max_length=40)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("Organisationseinheit"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("Stelle"),
    )
    entry_date = models.DateField(_("Eintrittsdatum"), null=True, blank=True)
    leaving_date = models.DateField(
        _("Austrittsdatum"),
        null=True,
        blank=True,
        help_text=_("Ein Datum in der Vergangenheit deaktiviert das Benutzerkonto."),
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("Beschäftigte*r")
        verbose_name_plural = _("Beschäftigte")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "personnel_number"],
                name="unique_personnel_number_per_municipality",
            )
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_position_id = self.position_id if self.pk else None
        self._saved_municipality_id = self.municipality_id

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def clean(self):
        errors = {}
        if self.org_unit_id and self.municipality_id:
            if self.org_unit.municipality_id != self.municipality_id:
                errors["org_unit"] = _("Die Einheit gehört zu einer anderen Kommune.")
        if self.position_id and self.municipality_id:
            if self.position.org_unit.municipality_id != self.municipality_id:
                errors["position"] = _("Die Stelle gehört zu einer anderen Kommune.")
        if self.entry_date and self.leaving_date and self.leaving_date < self.entry_date:
            errors["leaving_date"] = _("Das Austrittsdatum liegt vor dem Eintrittsdatum.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_left(self) -> bool:
        return bool(self.leaving_date and self.leaving_date < timezone.localdate())

    def save(self, *args, **kwargs):
        """Keep the position history and group membership in step with the record.

        The history and the municipality's staff group are facts derived from this row,
        so they are maintained here rather than by each screen that edits employees.
        """
        creating = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating or self.position_id != self._saved_position_id:
                self._record_position_change()
            if creating or self.municipality_id != self._saved_municipality_id:
                self._sync_staff_group()
            self._sync_account_state()
        self._saved_position_id = self.position_id
        self._saved_municipality_id = self.municipality_id

    def _record_position_change(self):
        today = timezone.localdate()
        self.position_holdings.filter(ended_on__isnull=True).exclude(
            position_id=self.position_id
        ).update(ended_on=today)
        if (
            self.position_id
            and not self.position_holdings.filter(
                position_id=self.position_id, ended_on__isnull=True
            ).exists()
        ):
            PositionHolding.objects.create(
                employee=self,
                position_id=self.position_id,
                started_on=self.entry_date
                if not self._saved_position_id and self.entry_date
                else today,
            )

    def _sync_staff_group(self):
        """Staff belong to the Beschäftigte group of their municipality and no other."""
        staff_groups = RoleGroup.objects.filter(role=Role.EMPLOYEE)
        own = staff_groups.filter(municipality_id=self.municipality_id).values_list(
            "group", flat=True
        )
        others = staff_groups.exclude(municipality_id=self.municipality_id).values_list(
            "group", flat=True
        )
        self.user.groups.remove(*Group.objects.filter(pk__in=others))
        self.user.groups.add(*Group.objects.filter(pk__in=own))

    def _sync_account_state(self):
        """A leaving date in the past closes the account; it is never reopened silently."""
        if self.has_left and self.user.is_active:
            self.user.is_active = False
            self.user.save(update_fields=["is_active"])


#: Version of who holds which position under which name (``core.versions``): pages that
#: name the holders of positions (an article's owner and deputy) keep them under it.
#: Bumped by ``organisations.signals`` on every employee, holding and user change; the
#: staff import, which writes in bulk, bumps the site version.
STAFF_KEY = versions.register_request_key("staff")


class PositionHolding(models.Model):
    """Who held a position when: the basis for handovers to a successor."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="holdings", verbose_name=_("Stelle")
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="position_holdings",
        verbose_name=_("Beschäftigte*r"),
    )
    started_on = models.DateField(_("Beginn"))
    ended_on = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("Stellenbesetzung")
        verbose_name_plural = _("Stellenbesetzungen")

    def __str__(self) -> str:
        return f"{self.employee} – {self.position.title}"


class SectionPage(Page):
    """One municipality's part of the page tree, or the cooperation's shared part.

    Page permissions are granted on sections, so a trainer of Lügde authors below the
    Lügde section only; pages below another municipality's section are invisible to
    everybody outside that municipality (see ``tenancy.can_view_page``).
    """

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="section",
        verbose_name=_("Kommune"),
        help_text=_("Leer für den gemeinsamen Bereich, den alle Kommunen sehen."),
    )
    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Kurzer Text über dem Inhaltsverzeichnis des Bereichs."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels
    parent_page_types = ["home.HomePage"]
    template = "organisations/section_page.html"

    class Meta:
        verbose_name = _("Bereich")
        verbose_name_plural = _("Bereiche")

    def clean(self):
        super().clean()
        if self.municipality_id is None:
            shared = SectionPage.objects.filter(municipality__isnull=True).exclude(pk=self.pk)
            if shared.exists():
                raise ValidationError(
                    {"municipality": _("Es gibt bereits einen gemeinsamen Bereich.")}
                )

    @property
    def is_shared(self) -> bool:
        return self.municipality_id is None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().specific().order_by("path")
        return context


class EmployeeImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> EmployeeImportQuerySet:
        """The uploader, cooperation admins, and whoever may import for the municipality."""
        if not user.is_authenticated:
            return self.none()
        if is_cooperation_admin(user):
            return self.all()
        condition = Q(uploaded_by=user)
        if user.has_perm("organisations.add_employee"):
            condition |= Q(municipality__in=Municipality.objects.visible_to(user))
        return self.filter(condition)

    def past_retention(self, days: int) -> EmployeeImportQuerySet:
        """Finished runs older than ``days`` that still hold their file or errors."""
        cutoff = timezone.now() - timezone.timedelta(days=days)
        return self.filter(created_at__lt=cutoff, purged_at__isnull=True)


class EmployeeImport(models.Model):
    """One upload of a staff file and what became of it, run by a background task.

    The file is kept as bytes in the database: never under the public media folder,
    reachable by every node of a multi-server install, and handed to the task by the
    run's id only. File and per-line errors (names, e-mail addresses) are deleted after
    ``LERNWERK_IMPORT_RETENTION_DAYS`` (``prune_employee_imports``); the counts stay.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wartet auf Bearbeitung")
        CHECKING = "checking", _("Datei wird geprüft")
        WRITING = "writing", _("Wird gespeichert")
        DONE = "done", _("Fertig")
        REJECTED = "rejected", _("Nicht importiert: Die Datei enthält Fehler")
        FAILED = "failed", _("Fehlgeschlagen")

    FINISHED = (Status.DONE, Status.REJECTED, Status.FAILED)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("Kommune")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Hochgeladen von"),
    )
    created_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)
    finished_at = models.DateTimeField(_("Fertig am"), null=True, blank=True)
    file_name = models.CharField(_("Dateiname"), max_length=255)
    data = models.BinaryField(_("Datei"), editable=False)
    mode = models.CharField(_("Art"), max_length=10, default="partial")
    dry_run = models.BooleanField(_("Nur prüfen"), default=False)
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_checked = models.PositiveIntegerField(_("Geprüfte Zeilen"), default=0)
    rows_total = models.PositiveIntegerField(_("Zeilen"), default=0)
    summary = models.TextField(_("Ergebnis"), blank=True)
    counts = models.JSONField(_("Zahlen"), default=dict, blank=True)
    errors = models.JSONField(_("Fehler"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("Anzahl Fehler"), default=0)
    purged_at = models.DateTimeField(_("Datei gelöscht am"), null=True, blank=True)
    task_id = models.CharField(_("Aufgabe"), max_length=64, blank=True, editable=False)

    objects = EmployeeImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Beschäftigten-Import")
        verbose_name_plural = _("Beschäftigten-Importe")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.municipality})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent_checked(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_checked / self.rows_total))
