"""What employees do: quiz attempts (and, later, progress and completions).

Learning records belong to the person: nobody but the learner (and admins) sees scores
and attempts; see ``docs/privacy.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuizAttemptQuerySet(models.QuerySet):
    def of(self, user) -> QuizAttemptQuerySet:
        """A learner's own attempts: the only way views read attempts."""
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

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("Quizversuch")
        verbose_name_plural = _("Quizversuche")
        indexes = [models.Index(fields=["user", "module", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.module} – {self.score} %"

    def result_for(self, question_id: str) -> dict | None:
        return next((r for r in self.results if r["question_id"] == question_id), None)
