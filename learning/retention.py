"""Deleting learning records when their retention period has passed.

The periods are settings agreed with the staff council (``docs/privacy.md``):
``N = LERNWERK_RETENTION_PROGRESS_MONTHS`` and ``M = LERNWERK_RETENTION_COMPLETIONS_YEARS``.
A period "has passed" on the day N months (M years) after the date it counts from:
a course completed on 15 March with N = 12 has its attempts deleted from 15 March of the
next year on (a 31st counts from the last day of a shorter month).

**Quiz attempts and module progress** of a person in a course go N months after that
person's *latest* completion of the course, and only the rows of the round that led to
it: progress first opened, and attempts submitted, up to that completion. What was done
after it (a recertification round under way, a module looked at again) stays until the
next completion counts. Progress in a course never completed stays: the learner may come
back to it. Attempts whose module was deleted can no longer belong to any course and go
N months after they were submitted.

**People who have left** (``Employee.leaving_date``): N months after the leaving date
everything learning-related goes except the proof of training: all quiz attempts and
module progress, and their exemptions (which may name a reason such as illness). The
dates of an exemption copied onto obligations stay with the obligations. M years after
the leaving date the proof goes too: course completions (and with them the
certificates, which are generated from them), external completions and obligations.
People without an employee record (e.g. technical accounts) only fall under the rules
about completions above. Accounts themselves are not deleted here.

**Digest log.** ``ManagerDigest`` rows only prevent a second digest in the same week;
they go after ``DIGEST_LOG_WEEKS`` weeks.

Deletes are set-based and in batches of ``BATCH_SIZE`` rows chosen by primary key, so
memory stays bounded and no transaction grows with the table. They skip Django's delete
signals on purpose: the receivers for external completions and exemptions recompute a
person's obligations row by row, which is pointless for leavers whose obligations are
deleted in the same run (or have ended).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.dates import add_months, week_of
from core.models import ReportAccess
from core.tree import ParentPath

from .models import (
    CourseCompletion,
    Exemption,
    ExternalCompletion,
    ManagerDigest,
    ModuleProgress,
    Obligation,
    QuizAttempt,
)

BATCH_SIZE = 5000
DIGEST_LOG_WEEKS = 4
_BEGINNING = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def progress_cutoff(today: datetime.date) -> datetime.date:
    """The last day from which counting N months reaches ``today``."""
    return add_months(today, -settings.LERNWERK_RETENTION_PROGRESS_MONTHS)


def completions_cutoff(today: datetime.date) -> datetime.date:
    return add_months(today, -12 * settings.LERNWERK_RETENTION_COMPLETIONS_YEARS)


def _after(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in local time: ``< _after(day)`` means "on or
    before that day"."""
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_day)


def _completed_round(course_filter: dict, started, cutoff: datetime.datetime) -> Q:
    """The outer row belongs to a round of the course that ended with a completion
    before ``cutoff``, and the person has not completed the course since.

    Written as EXISTS / NOT EXISTS, which PostgreSQL runs as semi- and anti-joins.
    """
    completions = CourseCompletion.objects.filter(user=OuterRef("user"), **course_filter)
    return Exists(completions.filter(completed_at__lt=cutoff, completed_at__gte=started)) & ~Exists(
        completions.filter(completed_at__gte=cutoff)
    )


def _module_course_path():
    """The path of the course a quiz attempt's module sits in (its parent page)."""
    return ParentPath(OuterRef("module__path"))


def quiz_attempts_after_completion(today: datetime.date) -> QuerySet[QuizAttempt]:
    cutoff = _after(progress_cutoff(today))
    return QuizAttempt.objects.filter(
        _completed_round({"course__path": _module_course_path()}, OuterRef("submitted_at"), cutoff)
    )


def quiz_attempts_of_deleted_modules(today: datetime.date) -> QuerySet[QuizAttempt]:
    return QuizAttempt.objects.filter(
        module__isnull=True, submitted_at__lt=_after(progress_cutoff(today))
    )


def quiz_attempts_of_leavers(today: datetime.date) -> QuerySet[QuizAttempt]:
    return QuizAttempt.objects.filter(user__employee__leaving_date__lte=progress_cutoff(today))


def module_progress_after_completion(today: datetime.date) -> QuerySet[ModuleProgress]:
    cutoff = _after(progress_cutoff(today))
    # A row without a first visit (never written so by ``learning.progress``) counts
    # as begun at the start of time.
    started = Coalesce(OuterRef("first_visit_at"), Value(_BEGINNING))
    return ModuleProgress.objects.filter(
        _completed_round({"course": OuterRef("course")}, started, cutoff)
    )


def module_progress_of_leavers(today: datetime.date) -> QuerySet[ModuleProgress]:
    return ModuleProgress.objects.filter(user__employee__leaving_date__lte=progress_cutoff(today))


def expired_exemptions(today: datetime.date) -> QuerySet[Exemption]:
    return Exemption.objects.filter(employee__leaving_date__lte=progress_cutoff(today))


def expired_obligations(today: datetime.date) -> QuerySet[Obligation]:
    return Obligation.objects.filter(employee__leaving_date__lte=completions_cutoff(today))


def expired_external_completions(today: datetime.date) -> QuerySet[ExternalCompletion]:
    return ExternalCompletion.objects.filter(employee__leaving_date__lte=completions_cutoff(today))


def expired_course_completions(today: datetime.date) -> QuerySet[CourseCompletion]:
    return CourseCompletion.objects.filter(
        user__employee__leaving_date__lte=completions_cutoff(today)
    )


def expired_manager_digests(today: datetime.date) -> QuerySet[ManagerDigest]:
    return ManagerDigest.objects.filter(
        week__lt=week_of(today) - datetime.timedelta(weeks=DIGEST_LOG_WEEKS)
    )


def expired_report_accesses(today: datetime.date) -> QuerySet[ReportAccess]:
    """The access log is kept as long as completions after leaving (M years), so the
    staff council can check how reports were used over that period."""
    return ReportAccess.objects.filter(accessed_at__lt=_after(completions_cutoff(today)))


#: Each kind of record with its rules, in the order they are applied. Attempts and
#: progress come before completions: their rules read the completions.
RULES = {
    "quiz_attempts": (
        quiz_attempts_after_completion,
        quiz_attempts_of_deleted_modules,
        quiz_attempts_of_leavers,
    ),
    "module_progress": (module_progress_after_completion, module_progress_of_leavers),
    "exemptions": (expired_exemptions,),
    "obligations": (expired_obligations,),
    "external_completions": (expired_external_completions,),
    "course_completions": (expired_course_completions,),
    "manager_digests": (expired_manager_digests,),
    "report_accesses": (expired_report_accesses,),
}


def due_for_deletion(today: datetime.date | None = None) -> dict[str, QuerySet]:
    """What retention deletes on ``today``, by kind: the rules of a kind combined."""
    today = today or timezone.localdate()
    due = {}
    for kind, rules in RULES.items():
        queryset = rules[0](today)
        for rule in rules[1:]:
            queryset = queryset | rule(today)
        due[kind] = queryset
    return due


def delete_in_batches(queryset: QuerySet, batch_size: int = BATCH_SIZE) -> int:
    """Delete the rows of ``queryset``, ``batch_size`` at a time; returns how many.

    Each batch is one query for the next primary keys (keyset, so the table is read
    once overall) and one ``DELETE … WHERE id IN (…)``, committed on its own. Signals
    are skipped (see the module docstring); a model that other rows point to is deleted
    through Django's collector instead, so cascades still apply.
    """
    model = queryset.model
    manager = model._base_manager
    ids_query = queryset.order_by("pk").values_list("pk", flat=True)
    deleted, last = 0, None
    while True:
        page = ids_query if last is None else ids_query.filter(pk__gt=last)
        ids = list(page[:batch_size])
        if not ids:
            return deleted
        batch = manager.filter(pk__in=ids)
        if model._meta.related_objects:
            deleted += batch.delete()[1].get(model._meta.label, 0)
        else:
            deleted += batch._raw_delete(batch.db)
        last = ids[-1]


def apply_retention(today: datetime.date | None = None, *, dry_run: bool = False) -> dict[str, int]:
    """Delete what is due on ``today``; returns the number of rows per kind.

    With ``dry_run``, counts what would be deleted and deletes nothing.
    """
    today = today or timezone.localdate()
    if dry_run:
        return {kind: queryset.count() for kind, queryset in due_for_deletion(today).items()}
    # Rule by rule rather than combined: each rule alone is a plain join, semi-join or
    # anti-join for PostgreSQL, where their OR would be evaluated row by row.
    return {
        kind: sum(delete_in_batches(rule(today)) for rule in rules) for kind, rules in RULES.items()
    }
