"""What employees do: quiz attempts (and, later, progress and completions).

Learning records belong to the person: nobody but the learner (and admins) sees scores
and attempts; see ``docs/privacy.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import UnitScopedQuerySet

from .rules import (
    DueRule,
    ObligationState,
    Recertification,
    Target,
    obligation_state,
    state_expression,
    validate_assignment,
)


class OwnRecordsQuerySet(models.QuerySet):
    def of(self, user) -> OwnRecordsQuerySet:
        """A person's own records: the only way views read learning records."""
        return self.filter(user=user) if user.is_authenticated else self.none()


class QuizAttempt(models.Model):
    """One submission of a module's quiz, graded on the server.

    The revision and the quiz block's id are kept, and the per-question results are
    stored as graded, so later edits to the module never change a past result.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("Person"),
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="quiz_attempts",
        verbose_name=_("Modul"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Version des Moduls"),
    )
    quiz_block_id = models.CharField(_("Quiz-Block"), max_length=64)
    score = models.PositiveSmallIntegerField(_("Ergebnis in Prozent"))
    pass_mark = models.PositiveSmallIntegerField(_("Bestehensgrenze in Prozent"))
    passed = models.BooleanField(_("Bestanden"))
    results = models.JSONField(
        _("Antworten"),
        help_text=_("Je Frage: gewählte Antworten, richtig oder nicht, Rückmeldungen."),
    )
    submitted_at = models.DateTimeField(_("Abgegeben am"), auto_now_add=True)

    objects = OwnRecordsQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("Quizversuch")
        verbose_name_plural = _("Quizversuche")
        indexes = [models.Index(fields=["user", "module", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.module} – {self.score} %"

    def result_for(self, question_id: str) -> dict | None:
        return next((r for r in self.results if r["question_id"] == question_id), None)


class ProgressStatus(models.IntegerChoices):
    """Ordered: recording only ever moves a row to a higher value."""

    NOT_STARTED = 0, _("Nicht begonnen")
    IN_PROGRESS = 1, _("In Bearbeitung")
    COMPLETED = 2, _("Erledigt")


class ModuleProgress(models.Model):
    """Where one person stands in one module; one row per (person, module).

    Written by ``learning.progress`` with an insert that ignores conflicts followed by
    a conditional update, so double clicks and concurrent requests leave exactly one
    row and the status never goes backwards.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_progress",
        verbose_name=_("Person"),
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("Modul"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="module_progress",
        verbose_name=_("Kurs"),
        help_text=_("Der Kurs des Moduls, für Übersichten ohne Umweg über den Seitenbaum."),
    )
    status = models.PositiveSmallIntegerField(
        _("Status"), choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    first_visit_at = models.DateTimeField(_("Erster Besuch"), null=True, blank=True)
    last_visit_at = models.DateTimeField(_("Letzter Besuch"), null=True, blank=True)
    completed_at = models.DateTimeField(_("Erledigt am"), null=True, blank=True)

    objects = OwnRecordsQuerySet.as_manager()

    class Meta:
        verbose_name = _("Modulfortschritt")
        verbose_name_plural = _("Modulfortschritte")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="one_progress_per_module")
        ]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.module_id}: {self.get_status_display()}"


class CourseCompletion(models.Model):
    """One completion of a course: a history, never overwritten.

    Title, duration and the person's name are kept as they were on the day, so a
    certificate stays the same document when the course or the name changes later.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_completions",
        verbose_name=_("Person"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="completions",
        verbose_name=_("Kurs"),
    )
    course_title = models.CharField(_("Kurstitel"), max_length=255)
    duration_minutes = models.PositiveIntegerField(_("Dauer (Minuten)"))
    learner_name = models.CharField(_("Name"), max_length=300)
    municipality_name = models.CharField(_("Kommune"), max_length=120, blank=True)
    completed_at = models.DateTimeField(_("Abgeschlossen am"))
    quizzes_passed = models.BooleanField(
        _("Tests bestanden"),
        help_text=_("Ob alle Tests der Pflichtmodule bestanden wurden."),
    )
    verification_code = models.CharField(_("Prüfcode"), max_length=32, unique=True, editable=False)

    objects = OwnRecordsQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("Kursabschluss")
        verbose_name_plural = _("Kursabschlüsse")

    def __str__(self) -> str:
        return f"{self.learner_name} – {self.course_title}"


# --- Mandatory training -------------------------------------------------------------


class AssignmentQuerySet(UnitScopedQuerySet):
    """Cooperation admins see every assignment; managers those aimed inside the units
    they lead (a whole-municipality assignment is the admins' business), and the lists
    of named employees they created themselves."""

    unit_lookups = ("org_unit", "position__org_unit")

    def also_visible(self, user, units) -> models.Q:
        return models.Q(
            target=Assignment.Target.EMPLOYEES,
            municipality__in=units.values("municipality"),
            created_by=user,
        )


class Assignment(models.Model):
    """A course someone must complete: whom, by when, and how often again.

    The target is a municipality, an org unit (optionally with its subtree), a position
    or a list of employees. Who is affected is materialised as ``Obligation`` rows
    (``learning.obligations``), kept in step when people join, move or leave.
    """

    # The choices are defined with the rules that read them (``learning.rules``).
    Target = Target
    DueRule = DueRule
    Recertification = Recertification

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("Kurs"),
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("Kommune"),
    )
    target = models.CharField(_("Zielgruppe"), max_length=20, choices=Target.choices)
    org_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("Organisationseinheit"),
    )
    include_subtree = models.BooleanField(
        _("Einschließlich untergeordneter Einheiten"), default=True
    )
    position = models.ForeignKey(
        "organisations.Position",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("Stelle"),
    )
    employees = models.ManyToManyField(
        "organisations.Employee",
        blank=True,
        related_name="direct_assignments",
        verbose_name=_("Beschäftigte"),
    )
    due_rule = models.CharField(
        _("Fälligkeit"), max_length=20, choices=DueRule.choices, default=DueRule.AFTER_ASSIGNMENT
    )
    due_date = models.DateField(_("Fällig am"), null=True, blank=True)
    due_days = models.PositiveIntegerField(
        _("Frist in Tagen"),
        null=True,
        blank=True,
        help_text=_("Für „Tage nach der Zuweisung“ und „Tage nach dem Eintritt“."),
    )
    recertification = models.CharField(
        _("Wiederholung"),
        max_length=20,
        choices=Recertification.choices,
        default=Recertification.NONE,
    )
    valid_months = models.PositiveSmallIntegerField(
        _("Gültigkeit in Monaten"),
        null=True,
        blank=True,
        help_text=_("Bei „Gültig für eine Anzahl Monate“: z. B. 12."),
    )
    recurring_month = models.PositiveSmallIntegerField(_("Stichtag: Monat"), null=True, blank=True)
    recurring_day = models.PositiveSmallIntegerField(_("Stichtag: Tag"), null=True, blank=True)
    note = models.TextField(_("Hinweis für die Beschäftigten"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zugewiesen von"),
    )
    created_at = models.DateTimeField(_("Zugewiesen am"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Pflichtschulung")
        verbose_name_plural = _("Pflichtschulungen")

    def __str__(self) -> str:
        return f"{self.course.title} – {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.target == self.Target.MUNICIPALITY:
            return str(self.municipality)
        if self.target == self.Target.UNIT and self.org_unit_id:
            if self.include_subtree:
                return _("%(unit)s (mit Untereinheiten)") % {"unit": self.org_unit}
            return str(self.org_unit)
        if self.target == self.Target.POSITION and self.position_id:
            return str(self.position)
        return str(self.get_target_display())

    def clean(self):

        errors = validate_assignment(self)
        if errors:
            raise ValidationError(errors)


class ObligationQuerySet(UnitScopedQuerySet):
    """Obligations of the staff a user may see in reports: see ``UnitScopedQuerySet``.

    Scoped by the unit copied onto the obligation, so a report never joins through the
    employee's current record.
    """

    def current(self, on=None) -> ObligationQuerySet:
        """Obligations of people who have not left (reports leave out leavers)."""

        on = on or timezone.localdate()
        return self.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=on))

    def of_employee(self, employee) -> ObligationQuerySet:
        return self.filter(employee=employee) if employee else self.none()

    def with_state(self, on=None) -> ObligationQuerySet:
        """Annotate ``state`` with the same rules as ``Obligation.state_on``, in SQL."""

        return self.annotate(state=state_expression(on))


class Obligation(models.Model):
    """One employee's duty to complete one assigned course.

    Municipality and unit are copied from the employee so that reports filter and group
    on one table. Completion and validity are copied from the newest completion (course
    or external); the history itself stays in ``CourseCompletion`` and
    ``ExternalCompletion``. States are computed from the dates when read.
    """

    # Derived or log rows: nothing references them, so Wagtail need not index them.
    wagtail_reference_index_ignore = True

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("Pflichtschulung"),
    )
    employee = models.ForeignKey(
        "organisations.Employee",
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("Beschäftigte*r"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("Kurs"),
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("Kommune"),
    )
    org_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("Organisationseinheit"),
    )
    assigned_on = models.DateField(_("Zugewiesen am"))
    due_date = models.DateField(_("Fällig am"))
    completed_on = models.DateField(_("Zuletzt abgeschlossen am"), null=True, blank=True)
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)
    exempt_from = models.DateField(_("Befreit ab"), null=True, blank=True)
    exempt_until = models.DateField(_("Befreit bis"), null=True, blank=True)
    ended_on = models.DateField(
        _("Beendet am"),
        null=True,
        blank=True,
        help_text=_("Austrittsdatum: danach erscheint die Pflicht in keinem Bericht."),
    )
    # What has been e-mailed, so that nothing is sent twice for the same due date.
    assigned_mail_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    overdue_mail_sent_for = models.DateField(null=True, blank=True, editable=False)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Schulungspflicht")
        verbose_name_plural = _("Schulungspflichten")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "employee"], name="one_obligation_per_assignment"
            )
        ]
        indexes = [
            models.Index(fields=["org_unit", "course"]),
            models.Index(fields=["municipality", "course"]),
            models.Index(fields=["employee", "course"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} – {self.course_id}"

    def state_on(self, on=None) -> str:

        return obligation_state(self, on)

    @property
    def state(self) -> str:
        """The state today, or as annotated in SQL by ``with_state``."""
        return self.__dict__.get("_state_annotated") or self.state_on()

    @state.setter
    def state(self, value: str) -> None:
        self.__dict__["_state_annotated"] = value

    @property
    def state_label(self) -> str:
        return ObligationState(self.state).label


class ExternalCompletion(models.Model):
    """A completion that happened outside Lernwerk: in-person or external training.

    Recorded by an admin with date and note; it counts for obligations like a course
    completion, and like those it is history that is never overwritten.
    """

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("Präsenzschulung")
        EXTERNAL = "external", _("Externe Schulung")

    employee = models.ForeignKey(
        "organisations.Employee",
        on_delete=models.CASCADE,
        related_name="external_completions",
        verbose_name=_("Beschäftigte*r"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="external_completions",
        verbose_name=_("Entspricht dem Kurs"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    completed_on = models.DateField(_("Abgeschlossen am"))
    note = models.TextField(_("Notiz"), blank=True, help_text=_("Z. B. Anbieter, Ort, Nachweis."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Erfasst von"),
    )
    recorded_at = models.DateTimeField(_("Erfasst am"), auto_now_add=True)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("Externer Abschluss")
        verbose_name_plural = _("Externe Abschlüsse")

    def __str__(self) -> str:
        return f"{self.employee} – {self.course.title} ({self.completed_on:%d.%m.%Y})"


class Exemption(models.Model):
    """A time during which someone need not complete assigned trainings.

    E.g. parental leave or a long illness. Without a course it covers all of the
    person's assigned trainings.
    """

    class Reason(models.TextChoices):
        PARENTAL_LEAVE = "parental_leave", _("Elternzeit")
        ILLNESS = "illness", _("Langzeiterkrankung")
        SECONDMENT = "secondment", _("Abordnung")
        OTHER = "other", _("Sonstiges")

    employee = models.ForeignKey(
        "organisations.Employee",
        on_delete=models.CASCADE,
        related_name="exemptions",
        verbose_name=_("Beschäftigte*r"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exemptions",
        verbose_name=_("Kurs"),
        help_text=_("Leer: gilt für alle Pflichtschulungen der Person."),
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=Reason.choices)
    starts_on = models.DateField(_("Von"))
    ends_on = models.DateField(_("Bis"))
    note = models.TextField(_("Notiz"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Erfasst von"),
    )

    class Meta:
        ordering = ["-ends_on"]
        verbose_name = _("Befreiung")
        verbose_name_plural = _("Befreiungen")

    def __str__(self) -> str:
        return f"{self.employee} – {self.get_reason_display()} bis {self.ends_on:%d.%m.%Y}"

    def clean(self):

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende liegt vor dem Beginn.")})


class CourseStatistic(models.Model):
    """Cooperation-wide figures per course and municipality, refreshed by a task.

    Reading 50,000 obligations for every course overview would be slow; the overview
    reads these rows instead (``learning.statistics.refresh_course_statistics``).
    """

    # Derived or log rows: nothing references them, so Wagtail need not index them.
    wagtail_reference_index_ignore = True

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("Kurs")
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    assigned = models.PositiveIntegerField(_("Zugewiesen"), default=0)
    done = models.PositiveIntegerField(_("Erledigt"), default=0)
    overdue = models.PositiveIntegerField(_("Überfällig"), default=0)
    exempt = models.PositiveIntegerField(_("Befreit"), default=0)
    voluntary = models.PositiveIntegerField(_("Freiwillige Abschlüsse"), default=0)
    staff = models.PositiveIntegerField(_("Beschäftigte"), default=0)
    refreshed_at = models.DateTimeField(_("Aktualisiert am"))

    class Meta:
        verbose_name = _("Kursstatistik")
        verbose_name_plural = _("Kursstatistiken")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "municipality"], name="one_statistic_per_course_municipality"
            )
        ]


class ManagerDigest(models.Model):
    """A weekly digest of overdue trainings sent to a manager: one per ISO week.

    Inserted before the e-mail goes out (``learning.notifications``); the unique
    constraint is the claim, so two workers never send a manager the same week's digest.
    """

    manager = models.ForeignKey(
        "organisations.Employee",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Führungskraft"),
    )
    week = models.DateField(_("Woche (Montag)"))
    sent_at = models.DateTimeField(_("Gesendet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Wochenübersicht an Führungskraft")
        verbose_name_plural = _("Wochenübersichten an Führungskräfte")
        constraints = [
            models.UniqueConstraint(fields=["manager", "week"], name="one_digest_per_manager_week")
        ]

    def __str__(self) -> str:
        return f"{self.manager_id} – {self.week:%G-W%V}"
