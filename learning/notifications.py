"""E-mails about mandatory training: assigned, reminder, overdue, and managers' digest.

Each function here does the work for one kind of mail and takes ``today`` so tests can
pick the day; ``learning.tasks`` wraps them for the worker.

**Never twice.** What has been sent is recorded on the obligation
(``assigned_mail_sent_at``, ``reminder_sent_for``, ``overdue_mail_sent_for``) and, for
the digest, as a ``ManagerDigest`` row per manager and ISO week. A mail is *claimed*
before it is sent: one conditional ``UPDATE … WHERE <not yet sent for this due date>``
per obligation, or the insert of the digest row under its unique constraint. Only the
worker whose statement changed the row sends; a second worker running at the same
moment waits for the first one's row lock, finds the condition no longer true and skips.
The claim's WHERE clause names columns of the obligation table only, so PostgreSQL
re-checks all of it on the locked row (a join would be turned into a subquery that is
not re-checked). If sending fails, the claim is released, so the next run tries again:
a lost mail is retried, a sent one is never repeated.

**Per due date.** Reminders and overdue mails are recorded with the due date they were
about. A new due date (the assignment changed, or a recertification after a completion
moved the due date to the end of its validity) sends again.

**Who gets mail.** Only people with an active account and an e-mail address who have not
left (by leaving date, and the obligation has not ended). Nothing is sent about a
training someone is exempt from at the time; the assigned mail waits until the
exemption ends. The assigned mail also goes to people who have already completed the
course: it tells them the training is mandatory for them, that nothing is to be done
now, and, with recertification, until when their completion is valid. It stands in for
the reminder or the overdue mail of the current due date when it already covers it, so
nobody gets two mails about the same date on one morning.

**Language.** German, unless the person chose English for Lernwerk (their Wagtail
profile's ``preferred_language``); the same choice the web pages follow.

**Managers' digest.** On ``LERNWERK_DIGEST_WEEKDAY``, every active leader of an org unit
gets the list of overdue (or lapsed) trainings of the staff in the units they lead and
below: name, unit, course, due date and state, nothing else (no scores, no progress).
Their own trainings are not listed (they get their own mails). No digest is sent when
nothing is overdue. Scoping is by the unit copied onto the obligation, like reports.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.dates import week_of
from core.mail import absolute_url, language_for, send_templated_mail
from organisations.models import Employee, OrgUnit

from .models import ManagerDigest, Obligation, ObligationState
from .rules import OVERDUE_STATES, bucket_condition, obligation_state

logger = logging.getLogger("lernwerk.notifications")

#: Obligations read per query; each is claimed and mailed on its own.
BATCH_SIZE = 500
#: At most this many rows in a digest; the rest is counted and left to the reports.
DIGEST_ROW_LIMIT = 200

_SELECT = ("employee__user__wagtail_userprofile", "course", "assignment")


# --- Recipients ----------------------------------------------------------------------


def _reachable(today: datetime.date, prefix: str = "") -> Q:
    """People with an active account and an address who have not left by ``today``."""
    p = prefix
    return (
        Q(**{f"{p}user__is_active": True})
        & ~Q(**{f"{p}user__email": ""})
        & (Q(**{f"{p}leaving_date__isnull": True}) | Q(**{f"{p}leaving_date__gte": today}))
    )


def _course_url(course, cache: dict[int, str]) -> str:
    if course.pk not in cache:
        parts = course.get_url_parts() if course.live else None
        cache[course.pk] = absolute_url(parts[2]) if parts and parts[2] else ""
    return cache[course.pk]


# --- Sending -------------------------------------------------------------------------


def _claim(obligation: Obligation, condition: Q, changes: dict) -> bool:
    """Record a mail as sent unless someone else did: True if this call did.

    ``condition`` must only name columns of the obligation table (see the module
    docstring); the due date read is part of it, so a mail is only ever about the due
    date it was claimed for.
    """
    claimed = (
        Obligation.objects.filter(pk=obligation.pk, due_date=obligation.due_date)
        .filter(condition)
        .update(**changes)
    )
    return claimed == 1


def _release(obligation: Obligation, changes: dict) -> None:
    """Undo a claim after sending failed, unless the row has moved on since."""
    Obligation.objects.filter(pk=obligation.pk, **changes).update(
        **{field: getattr(obligation, field) for field in changes}
    )


def _batches(queryset: QuerySet) -> Iterator[list]:
    """The rows of ``queryset`` in primary-key order, ``BATCH_SIZE`` per query.

    Keyset paging, so memory stays bounded and rows whose claim was released after a
    failure are not read again in the same run.
    """
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


@dataclass
class _Kind:
    """One kind of obligation mail: which rows, how to claim, what to render."""

    template: str
    #: Conditions on the obligation table alone: checked when reading and when claiming.
    condition: Callable[[datetime.date], Q]
    #: What the claim writes, given the obligation, today and now.
    changes: Callable[[Obligation, datetime.date, datetime.datetime], dict]


def _process(kind: _Kind, today: datetime.date, extra: Q | None = None) -> dict[str, int]:
    """Claim and send one kind of mail for every obligation it is due for."""
    now = timezone.now()
    condition = kind.condition(today)
    rows = (
        Obligation.objects.filter(condition)
        .filter(_reachable(today, prefix="employee__"))
        .select_related(*_SELECT)
    )
    if extra is not None:
        rows = rows.filter(extra)
    sent = failed = 0
    urls: dict[int, str] = {}
    with get_connection() as connection:
        for batch in _batches(rows):
            for obligation in batch:
                changes = kind.changes(obligation, today, now)
                if not _claim(obligation, condition, changes):
                    continue
                user = obligation.employee.user
                try:
                    send_templated_mail(
                        f"learning/email/{kind.template}",
                        _obligation_context(obligation, today, urls),
                        user.email,
                        language_for(user),
                        connection,
                    )
                except Exception:
                    logger.exception(
                        "E-Mail %s zu Pflicht %s nicht gesendet", kind.template, obligation.pk
                    )
                    _release(obligation, changes)
                    failed += 1
                else:
                    sent += 1
    return {"sent": sent, "failed": failed}


def _obligation_context(obligation: Obligation, today: datetime.date, urls: dict) -> dict:
    state = obligation_state(obligation, today)
    user = obligation.employee.user
    return {
        "name": user.get_full_name() or user.get_username(),
        "course_title": obligation.course.title,
        "course_url": _course_url(obligation.course, urls),
        "due_date": obligation.due_date,
        "completed_on": obligation.completed_on,
        "valid_until": obligation.valid_until,
        "note": obligation.assignment.note,
        "is_done": state == ObligationState.DONE,
        "is_overdue": state == ObligationState.OVERDUE,
        "is_expired": state == ObligationState.EXPIRED,
        "is_renewal": obligation.completed_on is not None,
    }


# --- Conditions ----------------------------------------------------------------------


def _current(today: datetime.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def _not_exempt(today: datetime.date) -> Q:
    return ~Q(exempt_from__lte=today, exempt_until__gte=today)


def _reminder_horizon(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=settings.LERNWERK_REMINDER_DAYS_BEFORE)


def _reminder_window(today: datetime.date) -> Q:
    """Due within the reminder period and not done for good: still pending, or done
    with a validity that ends then (recertification; its due date is the end)."""
    return Q(due_date__gte=today, due_date__lte=_reminder_horizon(today)) & (
        Q(completed_on__isnull=True) | Q(valid_until__isnull=False)
    )


def assigned_condition(today: datetime.date) -> Q:
    return Q(assigned_mail_sent_at__isnull=True) & _current(today) & _not_exempt(today)


def reminder_condition(today: datetime.date) -> Q:
    return (
        ~Q(reminder_sent_for=F("due_date"))
        & _reminder_window(today)
        & _current(today)
        & _not_exempt(today)
    )


def overdue_condition(today: datetime.date) -> Q:
    """Overdue or lapsed (``OVERDUE_STATES``; exempt people are neither)."""
    return (
        ~Q(overdue_mail_sent_for=F("due_date"))
        & bucket_condition(OVERDUE_STATES, today)
        & _current(today)
    )


def _assigned_changes(obligation: Obligation, today, now) -> dict:
    """The assigned mail names the due date and the state, so it also counts as this due
    date's reminder or overdue mail when it comes inside their period."""
    changes = {"assigned_mail_sent_at": now}
    state = obligation_state(obligation, today)
    if state in OVERDUE_STATES:
        changes["overdue_mail_sent_for"] = obligation.due_date
    elif today <= obligation.due_date <= _reminder_horizon(today) and (
        obligation.completed_on is None or obligation.valid_until is not None
    ):
        changes["reminder_sent_for"] = obligation.due_date
    return changes


ASSIGNED = _Kind("assigned", assigned_condition, _assigned_changes)
REMINDER = _Kind(
    "reminder", reminder_condition, lambda o, today, now: {"reminder_sent_for": o.due_date}
)
OVERDUE = _Kind(
    "overdue", overdue_condition, lambda o, today, now: {"overdue_mail_sent_for": o.due_date}
)


# --- Public functions ----------------------------------------------------------------


def send_assigned_mails(
    today: datetime.date | None = None, *, assignment_id: int | None = None
) -> int:
    """Send "Ihnen wurde eine Pflichtschulung zugewiesen" to everybody not told yet.

    With ``assignment_id``, only that assignment's obligations (right after it was
    created); the daily run catches the rest, e.g. people who joined a target later.
    Returns how many mails were sent.
    """
    extra = Q(assignment_id=assignment_id) if assignment_id is not None else None
    return _process(ASSIGNED, today or timezone.localdate(), extra)["sent"]


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind people ``LERNWERK_REMINDER_DAYS_BEFORE`` days before a due date, or before
    their completion lapses; one reminder per due date. Returns how many were sent."""
    return _process(REMINDER, today or timezone.localdate())["sent"]


def send_overdue_mails(today: datetime.date | None = None) -> int:
    """Tell people once per due date that a training is overdue or has lapsed."""
    return _process(OVERDUE, today or timezone.localdate())["sent"]


def digest_recipients(today: datetime.date) -> QuerySet[Employee]:
    """Leaders of at least one org unit who can receive mail, with their units."""
    leaders = OrgUnit.leaders.through.objects.values("employee_id")
    return (
        Employee.objects.filter(_reachable(today), pk__in=leaders)
        .select_related("user__wagtail_userprofile")
        .prefetch_related("led_units")
        .order_by("pk")
    )


def overdue_staff_of(manager: Employee, today: datetime.date) -> QuerySet[Obligation]:
    """Overdue or lapsed trainings of the staff in the units ``manager`` leads and below.

    Scoped by the unit copied onto the obligation, like reports; the manager's own
    obligations and those of people who have left are not part of it.
    """
    paths = [unit.path for unit in manager.led_units.all()]
    if not paths:
        return Obligation.objects.none()
    in_units = Q()
    for path in paths:
        in_units |= Q(org_unit__path__startswith=path)
    return (
        Obligation.objects.current(today)
        .filter(in_units)
        .filter(bucket_condition(OVERDUE_STATES, today))
        .exclude(employee=manager)
        .select_related("employee__user", "org_unit", "course")
        .order_by(
            "org_unit__path", "employee__user__last_name", "employee__user__first_name", "due_date"
        )
    )


def send_manager_digests(today: datetime.date | None = None) -> int:
    """On ``LERNWERK_DIGEST_WEEKDAY``, the weekly list of overdue staff to each manager.

    Claimed by inserting the ``ManagerDigest`` row for the week before sending (its
    unique constraint decides between two workers); removed again if sending fails.
    Returns how many digests were sent.
    """
    return _digests(today or timezone.localdate())["sent"]


def _digest_row(obligation: Obligation, today: datetime.date) -> dict:
    """What a manager may see of a person's obligation: status and dates only."""
    return {
        "name": obligation.employee.full_name,
        "unit": str(obligation.org_unit) if obligation.org_unit_id else "",
        "course_title": obligation.course.title,
        "due_date": obligation.due_date,
        "state": ObligationState(obligation_state(obligation, today)).label,
    }


def _digests(today: datetime.date) -> dict[str, int]:
    if today.weekday() != settings.LERNWERK_DIGEST_WEEKDAY:
        return {"sent": 0, "failed": 0}
    week = week_of(today)
    done = ManagerDigest.objects.filter(week=week).values("manager_id")
    sent = failed = 0
    with get_connection() as connection:
        for manager in digest_recipients(today).exclude(pk__in=done):
            overdue = overdue_staff_of(manager, today)
            rows = list(overdue[: DIGEST_ROW_LIMIT + 1])
            if not rows:
                continue
            total = overdue.count() if len(rows) > DIGEST_ROW_LIMIT else len(rows)
            try:
                with transaction.atomic():
                    claim = ManagerDigest.objects.create(manager=manager, week=week)
            except IntegrityError:
                continue  # another worker has sent it
            context = {
                "name": manager.full_name,
                "rows": [_digest_row(o, today) for o in rows[:DIGEST_ROW_LIMIT]],
                "total": total,
                "more": max(total - DIGEST_ROW_LIMIT, 0),
                "today": today,
                "admin_url": absolute_url(reverse("wagtailadmin_home")),
            }
            try:
                send_templated_mail(
                    "learning/email/digest",
                    context,
                    manager.user.email,
                    language_for(manager.user),
                    connection,
                )
            except Exception:
                logger.exception("Wochenübersicht an %s nicht gesendet", manager.pk)
                claim.delete()
                failed += 1
            else:
                sent += 1
    return {"sent": sent, "failed": failed}


def send_training_notifications(today: datetime.date | None = None) -> dict[str, int]:
    """Everything of one day: assigned, reminders, overdue, and on its weekday digests.

    Returns the mails sent per kind and how many failed (they are logged, their claims
    released, and tried again on the next run).

    Assigned mails go first, so that a mail that already covers a due date stands in
    for its reminder or overdue mail.
    """
    today = today or timezone.localdate()
    results = {
        "assigned": _process(ASSIGNED, today),
        "reminders": _process(REMINDER, today),
        "overdue": _process(OVERDUE, today),
        "digests": _digests(today),
    }
    counts = {kind: result["sent"] for kind, result in results.items()}
    counts["failed"] = sum(result["failed"] for result in results.values())
    return counts
