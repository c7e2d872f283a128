"""What employees do: quiz attempts (and, later, progress and completions).

Learning records belong to the person: nobody but the learner (and admins) sees scores
and attempts; see ``docs/privacy.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
