"""Stewards of a process article: the holders of its owner and deputy positions.

A position, not a person: when someone moves on, their successor in the post inherits
the article. People who have left (leaving date passed) are no stewards any more.

Stewards may edit their article in the Wagtail admin although they are no trainers:
``ProcessArticlePage.permissions_for_user`` returns ``ArticlePermissionTester``, which
adds "edit" (never "publish": their changes go through the section's Redaktion workflow
like every trainer's). This module reads positions only, not articles, so that the
article model can import the tester at the top; what needs the article table (review
dates, reminders, admin access) is in ``knowledge.reviews``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.models import PagePermissionTester

from core.versions import user_fact
from organisations.models import PositionHolding
from organisations.roles import employee_of

if TYPE_CHECKING:
    from .models import ProcessArticlePage


def held_position_ids(user) -> frozenset[int]:
    """Positions ``user`` holds today: none once they have left.

    The open holdings are a fact kept per user and version (``core.versions.user_fact``;
    a change of holdings bumps the user's version), so most requests read nothing. The
    leaving date is compared with today on every call: the day after leaving, nobody
    has saved anything, yet the person is no steward any more.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    employee = employee_of(user)
    if employee is None or employee.has_left:
        return frozenset()
    return user_fact(
        user,
        "held_positions",
        lambda: frozenset(
            PositionHolding.objects.filter(employee=employee, ended_on__isnull=True).values_list(
                "position_id", flat=True
            )
        ),
    )


def is_steward(user, article: ProcessArticlePage) -> bool:
    """Whether ``user`` holds the article's owner or deputy position."""
    held = held_position_ids(user)
    return bool(held) and (article.owner_position_id in held or article.deputy_position_id in held)


class ArticlePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, plus: stewards may edit (not publish) their article."""

    def can_edit(self):
        if super().can_edit():
            return True
        return bool(self.user.is_active) and is_steward(self.user, self.page)
