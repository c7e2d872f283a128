"""Read and acknowledge ("Kenntnisnahme"): who must confirm which revision of an article.

**Who.** An owner names positions and org units (each with the units below it) in the
article. Active employees holding such a position or working in such a unit are
*affected*; the current holders of the owner position count as having read it and are
never asked. An article marked "intern" affects only its own municipality's staff, the
only ones who may read it.

**Which revision.** ``ProcessArticlePage.acknowledgement_revision``: the first revision
published while the article has requirements, replaced only when an editor publishes a
revision with "erneute Kenntnisnahme erforderlich" ticked (``knowledge.publishing``). A
later publication without the tick (a typo fixed) keeps everybody's acknowledgement.

**Anyone who may read may acknowledge**, e.g. a successor whose handover lists the
article; the start page and the article's box ask only the affected (and whoever a
higher app asks to, through ``ACKNOWLEDGEMENT_OFFER_HOOK``: the assignee of an open
handover item "zur Kenntnis nehmen"). Acknowledgements are stored per
revision, one row per person and revision (safe against double clicks), so the history
stays and a re-acknowledgement is a new row. An article without requirements is
acknowledged at its live revision.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from wagtail import hooks
from wagtail.models import Page, Revision

from core.tree import ParentPath
from organisations.models import Employee, OrgUnit, PositionHolding
from organisations.roles import employee_of
from organisations.tenancy import hidden_section_paths

from .models import Acknowledgement, ProcessArticlePage, articles_visible_to, listed
from .stewards import held_position_ids

#: The requirement lists' tables: (article, position) and (article, unit) rows.
RequiredPosition = ProcessArticlePage.acknowledgement_positions.through
RequiredUnit = ProcessArticlePage.acknowledgement_units.through

#: Wagtail hook through which apps above ``knowledge`` offer an acknowledgement to
#: readers who are not required to give one (``handovers``: the assignee of an open
#: item "zur Kenntnis nehmen"). Each function is called with the reader's ``Employee``
#: and returns a boolean expression over an outer ``ProcessArticlePage`` queryset
#: (``OuterRef("pk")`` is the article), or None when it offers that reader nothing
#: (then ``state_for`` asks no query for it).
ACKNOWLEDGEMENT_OFFER_HOOK = "lernwerk_acknowledgement_offered"


def has_requirements(article: ProcessArticlePage) -> bool:
    """Whether the article names positions or units that must acknowledge it."""
    return article.acknowledgement_positions.exists() or article.acknowledgement_units.exists()


def revision_to_acknowledge(article: ProcessArticlePage) -> int | None:
    """The id of the revision to acknowledge: the required one, else the live one."""
    return article.acknowledgement_revision_id or article.live_revision_id


def _owner_holdings() -> QuerySet:
    """Open holdings of the outer article's owner position (for ``Exists``)."""
    return PositionHolding.objects.filter(
        position=OuterRef("owner_position"), ended_on__isnull=True
    )


def affected_employees(article: ProcessArticlePage, on: datetime.date | None = None):
    """Active employees who must acknowledge ``article``; the owner's holders excluded.

    One query. Positions and units are read through the article's relations, so for an
    unsaved preview they are the editor's choice.
    """
    position_ids = [position.pk for position in article.acknowledgement_positions.all()]
    unit_paths = [unit.path for unit in article.acknowledgement_units.all()]
    if not position_ids and not unit_paths:
        return Employee.objects.none()
    condition = Q(position_id__in=position_ids)
    for path in unit_paths:
        condition |= Q(org_unit__path__startswith=path)
    employees = Employee.objects.active(on).filter(condition, user__is_active=True)
    if article.owner_position_id:
        owner_holders = PositionHolding.objects.filter(
            position_id=article.owner_position_id, ended_on__isnull=True
        ).values("employee_id")
        employees = employees.exclude(pk__in=owner_holders)
    if article.intern and article.municipality is not None:
        employees = employees.filter(municipality=article.municipality)
    return employees


def _requirements_naming(employee: Employee) -> tuple[QuerySet | None, QuerySet | None]:
    """The requirement rows that name the employee: (article, position) rows of their
    position, and (article, unit) rows of their unit or a unit above it (None where the
    employee has no position or no unit).

    Asked per list: one join of both lists would pair every required position of an
    article with every required unit. The path of the employee's unit is read in the
    statement that asks, so this costs no query of its own.
    """
    positions = units = None
    if employee.position_id:
        positions = RequiredPosition.objects.filter(position=employee.position_id)
    if employee.org_unit_id:
        unit_path = Subquery(OrgUnit.objects.filter(pk=employee.org_unit_id).values("path")[:1])
        units = RequiredUnit.objects.alias(reader_path=unit_path).filter(
            reader_path__startswith=F("orgunit__path")
        )
    return positions, units


def _affecting_articles(employee: Employee) -> Q:
    """The articles that name the employee's position or a unit at or above theirs, as
    a condition on an article queryset: one ``IN`` over the union of both lists' rows,
    so the database starts from the few articles named and not from all of them."""
    named = [
        rows.values("processarticlepage")
        for rows in _requirements_naming(employee)
        if rows is not None
    ]
    if not named:
        return Q(pk__in=[])
    return Q(pk__in=named[0].union(*named[1:]) if len(named) > 1 else named[0])


def _revision_created_at() -> Subquery:
    return Subquery(
        Revision.objects.filter(pk=OuterRef("acknowledgement_revision")).values("created_at")[:1]
    )


def pending_for(user) -> list[ProcessArticlePage]:
    """Live, listed articles ``user`` must acknowledge and has not, at their current revision.

    For the start page ("Zur Kenntnisnahme"), oldest demand first would hide new ones, so
    by title. Each article carries ``last_acknowledged_at`` (when the person acknowledged
    an earlier revision, or None) and ``revision_created_at`` (when the revision to
    acknowledge was saved). One query whatever the number of articles (the person's
    acknowledgements of them), none when nothing is asked of them: which articles ask
    it is the same for everybody in the same position and unit
    (``articles_asking_acknowledgement``).
    """
    employee = employee_of(user)
    if employee is None or employee.has_left:
        return []
    held = held_position_ids(user)
    articles = [
        article
        for article in articles_asking_acknowledgement(employee, user)
        # The owner writes the article and does not acknowledge it.
        if article.owner_position_id not in held
    ]
    if not articles:
        return []
    given: dict[int, list[tuple[int, datetime.datetime]]] = {}
    rows = Acknowledgement.objects.filter(
        user=user, article__in=[article.pk for article in articles]
    ).values_list("article_id", "revision_id", "acknowledged_at")
    for article_id, revision_id, acknowledged_at in rows:
        given.setdefault(article_id, []).append((revision_id, acknowledged_at))
    pending = []
    for article in articles:
        mine = given.get(article.pk, [])
        if any(revision_id == article.acknowledgement_revision_id for revision_id, _ in mine):
            continue
        article.last_acknowledged_at = max((at for _, at in mine), default=None)
        pending.append(article)
    return pending


def articles_asking_acknowledgement(employee: Employee, user) -> list[ProcessArticlePage]:
    """Live, listed articles that name the employee's position or a unit at or above
    theirs and have a revision to acknowledge, as ``user`` may see them, by title.

    The same for everybody of the same position, unit and visible sections: kept in the
    site-versioned cache (``core.cache``). Publishing bumps the site version (and so
    does setting the revision to acknowledge, ``knowledge.publishing``), as does a
    change to the unit tree; a change of the person's position or unit changes the key.
    """
    key = "lernwerk_acknowledgement_asked:{}:{}:{}".format(
        employee.position_id, employee.org_unit_id, ",".join(hidden_section_paths(user))
    )

    def read():
        return list(
            listed(articles_visible_to(ProcessArticlePage.objects.live(), user))
            .filter(_affecting_articles(employee), acknowledgement_revision__isnull=False)
            # Below an unpublished library an article is not served (HidesChildrenWhenNotLive).
            .annotate(parent_path=ParentPath("path"))
            .exclude(Exists(Page.objects.filter(path=OuterRef("parent_path"), live=False)))
            .annotate(revision_created_at=_revision_created_at())
            .defer_streamfields()
            .order_by("title")
        )

    return cache.get_or_set(key, read, timeout=None)


@dataclass(frozen=True)
class AcknowledgementState:
    """What the article's box shows to one reader.

    ``required``: the reader is affected and must acknowledge the current revision.
    ``offered``: not required, but an open handover item asks the reader to.
    ``acknowledged_at``: when the reader acknowledged the current revision, or None.
    ``last_acknowledged_at``: an earlier revision's acknowledgement, if the current one
    is still open ("Geändert seit Ihrer letzten Kenntnisnahme").
    """

    revision_id: int | None = None
    revision_created_at: datetime.datetime | None = None
    required: bool = False
    offered: bool = False
    is_owner: bool = False
    acknowledged_at: datetime.datetime | None = None
    last_acknowledged_at: datetime.datetime | None = None

    @property
    def show(self) -> bool:
        return bool(self.revision_id) and bool(
            self.required or self.offered or self.acknowledged_at
        )

    @property
    def open(self) -> bool:
        """The box asks for an acknowledgement (button shown)."""
        return (
            bool(self.revision_id)
            and (self.required or self.offered)
            and not (self.acknowledged_at)
        )

    @property
    def changed_since(self) -> bool:
        return self.open and self.last_acknowledged_at is not None


def articles_naming(employee: Employee) -> frozenset[int]:
    """Ids of the articles whose requirements name the employee's position or a unit at
    or above theirs, live or not: the same for everybody of the same position and unit,
    kept in the site-versioned cache (requirements are written when an article is
    published; the unit tree bumps the site version too)."""
    key = f"lernwerk_acknowledgement_naming:{employee.position_id}:{employee.org_unit_id}"

    def read():
        named = [
            rows.values_list("processarticlepage", flat=True)
            for rows in _requirements_naming(employee)
            if rows is not None
        ]
        if not named:
            return frozenset()
        return frozenset(named[0].union(*named[1:]) if len(named) > 1 else named[0])

    return cache.get_or_set(key, read, timeout=None)


def revision_created_at(revision_id: int) -> datetime.datetime | None:
    """When a revision was saved: it never changes, so it is kept in the cache."""
    return cache.get_or_set(
        f"lernwerk_revision_created:{revision_id}",
        lambda: (
            Revision.objects.filter(pk=revision_id).values_list("created_at", flat=True).first()
        ),
        timeout=None,
    )


def _offered(article: ProcessArticlePage, employee) -> bool:
    """Whether any ``ACKNOWLEDGEMENT_OFFER_HOOK`` function offers the article to
    ``employee``: one query when one may, none otherwise."""
    offers = [offer(employee) for offer in hooks.get_hooks(ACKNOWLEDGEMENT_OFFER_HOOK)]
    offers = [offer for offer in offers if offer is not None]
    if not offers:
        return False
    return (
        ProcessArticlePage.objects.filter(pk=article.pk)
        .filter(reduce(or_, map(Q, offers)))
        .exists()
    )


def state_for(article: ProcessArticlePage, user) -> AcknowledgementState:
    """The reader's acknowledgement state of ``article``: one query, the reader's
    acknowledgements of it.

    Whether its requirements name the reader (``articles_naming``) and when the
    revision was saved come from the cache, whether the reader holds the owner position
    from the per-user facts; a higher app that may offer the acknowledgement to this
    reader costs a query of its own (``ACKNOWLEDGEMENT_OFFER_HOOK``).
    """
    revision_id = revision_to_acknowledge(article)
    employee = employee_of(user)
    if revision_id is None or employee is None or not article.pk:
        return AcknowledgementState()
    acknowledged_at = last_acknowledged_at = None
    rows = Acknowledgement.objects.filter(article=article.pk, user=user).values_list(
        "revision_id", "acknowledged_at"
    )
    for acknowledged_revision_id, at in rows:
        if acknowledged_revision_id == revision_id:
            acknowledged_at = at
        elif last_acknowledged_at is None or at > last_acknowledged_at:
            last_acknowledged_at = at
    is_owner = article.owner_position_id in held_position_ids(user)
    required = (
        article.pk in articles_naming(employee)
        and not is_owner
        and article.acknowledgement_revision_id is not None
        and not employee.has_left
    )
    return AcknowledgementState(
        revision_id=revision_id,
        revision_created_at=revision_created_at(revision_id),
        required=required,
        offered=not required and _offered(article, employee),
        is_owner=is_owner,
        acknowledged_at=acknowledged_at,
        last_acknowledged_at=last_acknowledged_at,
    )


def acknowledge(article: ProcessArticlePage, user) -> tuple[Acknowledgement, bool]:
    """Record that ``user`` acknowledged the article's current revision.

    Idempotent and race-safe: the unique constraint per (article, user, revision) keeps
    one row under double clicks and concurrent requests. Returns the row and whether
    this call created it. Whether the user may read the article is the caller's check.
    """
    return Acknowledgement.objects.get_or_create(
        article=article, user=user, revision_id=revision_to_acknowledge(article)
    )


def has_acknowledged(article: ProcessArticlePage, user) -> bool:
    """Whether ``user`` acknowledged the article's current revision (for handovers)."""
    return Acknowledgement.objects.filter(
        article=article, user=user, revision_id=revision_to_acknowledge(article)
    ).exists()


def acknowledged_by_others_than_owner() -> Exists:
    """For an article queryset: someone other than the owner's holders acknowledged it.

    Any revision counts: the knowledge-at-risk report asks whether anyone besides the
    owner has ever confirmed reading the process.
    """
    owner_holding_of_reader = PositionHolding.objects.filter(
        employee__user=OuterRef("user"),
        position=OuterRef(OuterRef("owner_position")),
        ended_on__isnull=True,
    )
    return Exists(
        Acknowledgement.objects.filter(article=OuterRef("pk")).exclude(
            Exists(owner_holding_of_reader)
        )
    )
