"""Ownership and review of process articles: who looks after an article, and when.

**Stewards.** The current holders of an article's owner position and of its deputy
position look after it (``knowledge.stewards``).

**Editing.** Stewards may edit their article in the Wagtail admin although they are no
trainers: ``ProcessArticlePage.permissions_for_user`` returns
``knowledge.stewards.ArticlePermissionTester``, which adds "edit" (never "publish").
The admin itself needs ``wagtailadmin.access_admin``; ``StewardAdminAccessBackend``
grants exactly that to stewards, for as long as they are stewards (settings:
``AUTHENTICATION_BACKENDS``).

**Review.** An article is due for review on ``next_review_date``.
``KNOWLEDGE_REVIEW_REMINDER_DAYS`` (default 14) days before, the owner's holders get a
reminder mail, or the deputy's holders when nobody holds the owner position. One
reminder per review date: it is claimed on the article (``review_reminder_sent_for``)
with a conditional update before it is sent, so two workers never send it twice; a
failure releases the claim for the next run. A new review date (after "geprüft",
or set by an editor) sends again. "Geprüft am" (``mark_reviewed``) is open to stewards
and to everybody who may edit the page.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.core.mail import get_connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.mail import absolute_url, language_for, send_templated_mail
from organisations.models import PositionHolding
from organisations.roles import may_use_admin

from .models import ProcessArticlePage, listed
from .stewards import held_position_ids, is_steward

logger = logging.getLogger("lernwerk.knowledge")

#: Articles read per query by the reminder run.
BATCH_SIZE = 500


# --- Stewards: owner and deputy holders ---------------------------------------------


def stewards_anything(user) -> bool:
    """Whether ``user`` owns or deputises any article (cached on the user)."""
    cached = getattr(user, "_knowledge_is_steward", None)
    if cached is None:
        held = held_position_ids(user)
        cached = bool(held) and (
            ProcessArticlePage.objects.filter(
                Q(owner_position__in=held) | Q(deputy_position__in=held)
            ).exists()
        )
        user._knowledge_is_steward = cached
    return cached


class StewardAdminAccessBackend(BaseBackend):
    """Admin access (``wagtailadmin.access_admin``) for article owners and deputies.

    Nothing else: what they may do there is decided per page by
    ``ArticlePermissionTester``. Add to ``AUTHENTICATION_BACKENDS``; it authenticates
    nobody.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if perm != "wagtailadmin.access_admin" or not user_obj.is_active:
            return False
        return stewards_anything(user_obj)


def can_mark_reviewed(user, article: ProcessArticlePage) -> bool:
    """Stewards and everybody who may edit the page (trainers, Redaktion) may."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_steward(user, article) or article.permissions_for_user(user).can_edit()


def mark_reviewed(article: ProcessArticlePage, user, on: datetime.date | None = None):
    """ "Geprüft am" by ``user``: today's date and the next one after the interval."""
    next_date = article.mark_reviewed(on)
    logger.info("Prozess %s geprüft von %s, nächste Prüfung %s", article.pk, user.pk, next_date)
    return next_date


@dataclass(frozen=True)
class ReviewState:
    """What the article's review box shows to one reader (stewards and editors only)."""

    can_mark: bool = False
    is_steward: bool = False
    next_review_date: datetime.date | None = None
    last_reviewed_on: datetime.date | None = None
    overdue: bool = False
    due_soon: bool = False
    edit_url: str = ""
    history_url: str = ""


def state_for(article: ProcessArticlePage, user) -> ReviewState:
    """The review box of ``article`` for ``user``; empty for everybody who may not mark
    it as reviewed (``can_mark_reviewed``).

    Most readers are neither stewards nor editors, and for them the box costs no query:
    both have admin access (stewards through ``StewardAdminAccessBackend``, trainers
    and Redaktion through their groups), and whether a user has it is known already
    (``may_use_admin``). Only then are Wagtail's page permissions read, and not for
    stewards (``can_mark_reviewed`` asks who stewards first).

    Whoever may mark the article may also edit it (``ArticlePermissionTester`` lets
    stewards edit) and has admin access: the box links to the editor and the history.
    """
    if (
        not article.pk
        or not user.is_authenticated
        or not may_use_admin(user)
        or not can_mark_reviewed(user, article)
    ):
        return ReviewState()
    today = timezone.localdate()
    next_date = article.next_review_date
    return ReviewState(
        can_mark=True,
        is_steward=is_steward(user, article),
        next_review_date=next_date,
        last_reviewed_on=article.last_reviewed_on,
        overdue=bool(next_date and next_date < today),
        due_soon=bool(next_date and today <= next_date <= today + _reminder_delta()),
        edit_url=reverse("wagtailadmin_pages:edit", args=[article.pk]),
        history_url=reverse("wagtailadmin_pages:history", args=[article.pk]),
    )


# --- Reminders -----------------------------------------------------------------------


def reminder_days() -> int:
    return getattr(settings, "KNOWLEDGE_REVIEW_REMINDER_DAYS", 14)


def _reminder_delta() -> datetime.timedelta:
    return datetime.timedelta(days=reminder_days())


def reminder_condition(today: datetime.date) -> Q:
    """Due for review within the reminder period (or overdue), not reminded for that date.

    Names columns of the article table only, so PostgreSQL re-checks all of it on the
    locked row when two workers claim the same article.
    """
    return Q(next_review_date__isnull=False, next_review_date__lte=today + _reminder_delta()) & ~Q(
        review_reminder_sent_for=F("next_review_date")
    )


def articles_to_remind(today: datetime.date):
    """Live, listed articles whose review reminder is due."""
    return listed(ProcessArticlePage.objects.live()).filter(reminder_condition(today))


def _recipients(articles: list[ProcessArticlePage], today: datetime.date) -> dict:
    """Position id -> holders who can get mail (active account, address, not left)."""
    ids = {a.owner_position_id for a in articles} | {a.deputy_position_id for a in articles}
    ids.discard(None)
    holders: dict[int, list] = defaultdict(list)
    holdings = (
        PositionHolding.objects.filter(position_id__in=ids, ended_on__isnull=True)
        .filter(Q(employee__leaving_date__isnull=True) | Q(employee__leaving_date__gte=today))
        .filter(employee__user__is_active=True)
        .exclude(employee__user__email="")
        .select_related("employee__user__wagtail_userprofile", "position")
        .order_by("position_id", "started_on", "pk")
    )
    for holding in holdings:
        holders[holding.position_id].append(holding.employee)
    return holders


def _claim(article: ProcessArticlePage, today: datetime.date) -> bool:
    """Record the reminder for the article's review date unless someone else did."""
    return (
        ProcessArticlePage.objects.filter(pk=article.pk, next_review_date=article.next_review_date)
        .filter(reminder_condition(today))
        .update(review_reminder_sent_for=article.next_review_date)
        == 1
    )


def _release(article: ProcessArticlePage) -> None:
    """Undo a claim after sending failed, unless the article has moved on since."""
    ProcessArticlePage.objects.filter(
        pk=article.pk, review_reminder_sent_for=article.next_review_date
    ).update(review_reminder_sent_for=article.review_reminder_sent_for)


def _context(article, employee, today: datetime.date, as_deputy: bool) -> dict:
    url_parts = article.get_url_parts()
    return {
        "name": employee.full_name,
        "article_title": article.title,
        "article_url": absolute_url(url_parts[2]) if url_parts else "",
        "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[article.pk])),
        "next_review_date": article.next_review_date,
        "last_reviewed_on": article.last_reviewed_on,
        "is_overdue": article.next_review_date < today,
        "as_deputy": as_deputy,
        "position_title": (
            article.deputy_position.title if as_deputy else article.owner_position.title
        ),
    }


def send_review_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Remind the stewards of every article whose review is due; once per review date.

    Returns how many mails were sent, how many failed (their claims are released and
    the next run tries again) and how many articles had nobody to remind (no holder of
    the owner or deputy position who can get mail; the knowledge-at-risk report shows
    them, and they are reminded once somebody holds the post).
    """
    today = today or timezone.localdate()
    sent = failed = nobody = 0
    last = 0
    rows = (
        articles_to_remind(today)
        .select_related("owner_position", "deputy_position")
        .defer_streamfields()
    )
    with get_connection() as connection:
        while True:
            batch = list(rows.filter(pk__gt=last).order_by("pk")[:BATCH_SIZE])
            if not batch:
                break
            last = batch[-1].pk
            holders = _recipients(batch, today)
            for article in batch:
                recipients = holders.get(article.owner_position_id, [])
                as_deputy = False
                if not recipients and article.deputy_position_id:
                    recipients, as_deputy = holders.get(article.deputy_position_id, []), True
                if not recipients:
                    nobody += 1
                    continue
                if not _claim(article, today):
                    continue
                delivered = 0
                for employee in recipients:
                    try:
                        _render_and_send_review(article, employee, today, as_deputy, connection)
                    except Exception:
                        logger.exception(
                            "Prüferinnerung zu Prozess %s an %s nicht gesendet",
                            article.pk,
                            employee.pk,
                        )
                        failed += 1
                    else:
                        delivered += 1
                sent += delivered
                if not delivered:
                    _release(article)
    return {"sent": sent, "failed": failed, "nobody": nobody}


def _render_and_send_review(article, employee, today, as_deputy, connection) -> None:
    """Subject, plain text and HTML from ``templates/knowledge/email/review_reminder*``."""
    user = employee.user
    send_templated_mail(
        "knowledge/email/review_reminder",
        _context(article, employee, today, as_deputy),
        user.email,
        language_for(user),
        connection,
    )
