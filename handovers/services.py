"""Handovers (Übergaben): what a leaver passes on when they leave or change position.

A handover belongs to one holding of one position. It is started by the ``Employee``
signals (``handovers.signals``: a leaving date recorded, a position changed; admin,
manager screen and CSV import alike) or by a manager ("Übergabe starten"), and holds:

- per live article the position owns: take over ownership (the article's
  ``owner_position`` moves to the assignee's position when the item is done, as a new
  published revision) and acknowledge it (an ``Acknowledgement`` of its current
  revision);
- a course item per course related to those articles, assigned to whoever takes the
  item over as a ``learning.Assignment`` ("Einzelne Beschäftigte", due after 30 days);
- a checklist of standard points.

The leaver writes notes per article and checklist point until the leaving date; text
that looks like a password is refused. Items go to the successor (the next holder of
the position, ``resolve_successor``); until one is known, the unit's manager assigns
each item to somebody, e.g. the holder of the article's deputy position. The handover
is complete when every item is done.

Everything here works without HTTP; the views only check who is asking.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import versions
from courses.models import CoursePage
from knowledge.acknowledgements import acknowledge, revision_to_acknowledge
from knowledge.models import Acknowledgement, ProcessArticlePage, listed
from learning.models import Assignment, CourseCompletion, ExternalCompletion
from learning.obligations import sync_assignment
from organisations.models import Employee, OrgUnit, Position, PositionHolding, SectionPage
from organisations.roles import employee_of, led_unit_paths

from .models import Handover, HandoverItem

Kind = HandoverItem.Kind

#: The standard points of every handover; never passwords (they are applied for anew).
CHECKLIST = (
    gettext_lazy("Offene Vorgänge und Fristen übergeben"),
    gettext_lazy("Wichtige Kontakte und Ansprechpersonen"),
    gettext_lazy("Ablageorte der Akten (E-Akte, Laufwerke, Papier)"),
    gettext_lazy("Laufende Absprachen und Zusagen"),
    gettext_lazy("Zugänge und Berechtigungen beantragen lassen (keine Passwörter weitergeben!)"),
)

#: Days the person taking over has for a course of the handover.
COURSE_DUE_DAYS = 30

#: Item kinds on which the leaver writes notes (an article's notes sit on its
#: ownership item, so each article has one place for them).
NOTE_KINDS = (Kind.OWNERSHIP, Kind.CHECKLIST)


class HandoverError(Exception):
    """An action on a handover that cannot be done now; the message is for people."""


# --- Notes: never passwords ------------------------------------------------------------

_SECRET_WORDS = r"pass(?:wort|word|wd)?|kennwort|pw|pin|puk|zugangscode|geheimzahl"
_PASSWORD_PATTERNS = (
    # "Passwort: Sommer24", "pw=abc", "Kennwort lautet …", "PIN ist 1234"
    re.compile(rf"\b(?:{_SECRET_WORDS})\b\s*(?:[:=]|ist\b|lautet\b|is\b)", re.IGNORECASE),
    # "Kennwort Sommer2024!", "PIN 4711": the word directly followed by something secret
    re.compile(rf"\b(?:{_SECRET_WORDS})\b\s+(?=\S*[\d!§$%&#@*?])\S{{3,}}", re.IGNORECASE),
)


def contains_password(text: str) -> bool:
    """Whether ``text`` looks like it gives away a password, PIN or similar secret.

    Talking about passwords is fine ("Kennwort bei der IT beantragen"); a keyword
    followed by a colon, "ist"/"lautet" or a value with digits or symbols is not.
    """
    return any(pattern.search(text or "") for pattern in _PASSWORD_PATTERNS)


def validate_no_password(value: str) -> None:
    if contains_password(value):
        raise ValidationError(
            _(
                "Der Text sieht aus, als enthielte er ein Passwort, eine PIN oder ein "
                "Kennwort. Zugangsdaten werden nie übergeben: Die Nachfolge beantragt "
                "eigene Zugänge. Bitte entfernen Sie die Angabe."
            ),
            code="password",
        )


# --- Who is who -------------------------------------------------------------------------


def manages(user, handover: Handover) -> bool:
    """Managers of the handover's unit (or a unit above it) and cooperation admins."""
    return bool(
        handover.org_unit_id
        and OrgUnit.objects.visible_to(user).filter(pk=handover.org_unit_id).exists()
    )


def leaver_may_edit_notes(handover: Handover, employee, on: datetime.date | None = None) -> bool:
    """The leaver writes notes while the handover is open, until the last working day."""
    on = on or timezone.localdate()
    return bool(
        employee is not None
        and handover.leaver_id == employee.pk
        and not handover.is_complete
        and (handover.leaving_date is None or on <= handover.leaving_date)
    )


def may_complete(item: HandoverItem, employee) -> bool:
    """The person an item is assigned to; unassigned items are the successor's."""
    if employee is None or item.is_done:
        return False
    if item.assignee_id is not None:
        return item.assignee_id == employee.pk
    return item.handover.successor_id == employee.pk


def may_reopen(item: HandoverItem, employee) -> bool:
    """The person a checklist point is assigned to (the successor by default) may open
    it again, e.g. when it was ticked too early. Other kinds stay done: an ownership
    moved, an acknowledgement or a completion is a fact (``reopen_item``)."""
    if employee is None or item.kind != Kind.CHECKLIST:
        return False
    return (item.assignee_id or item.handover.successor_id) == employee.pk


#: Version of the open handovers (``core.versions``), read with every request.
OPEN_HANDOVERS_KEY = versions.register_request_key("handovers")
_OPEN_HANDOVERS = versions.ProcessCache(maxsize=4)


@dataclass(frozen=True)
class OpenHandovers:
    """Who open handovers concern at all: the people giving, taking over or assigned an
    item, and the paths of the units they belong to (their managers see them).

    Most people have no open handover; for them the start page asks no query.
    """

    people: frozenset[int]
    unit_paths: tuple[str, ...]

    def may_concern(self, employee_id: int, led_paths) -> bool:
        return employee_id in self.people or any(
            unit.startswith(led) for unit in self.unit_paths for led in led_paths
        )


def open_handovers() -> OpenHandovers:
    """The ``OpenHandovers`` of now: two queries per change in each worker.

    Kept under the version of the open handovers and the site's (a unit moved in the
    tree bumps the site); every change to a handover or its items bumps the former
    (``open_handovers_changed``: the model signals, and the bulk writes here).
    """

    def read() -> OpenHandovers:
        people: set[int] = set()
        paths = []
        rows = Handover.objects.filter(completed_at__isnull=True).values_list(
            "leaver_id", "successor_id", "org_unit__path"
        )
        for leaver_id, successor_id, path in rows:
            people.update(pk for pk in (leaver_id, successor_id) if pk is not None)
            if path:
                paths.append(path)
        people.update(
            HandoverItem.objects.filter(
                handover__completed_at__isnull=True, assignee__isnull=False
            ).values_list("assignee_id", flat=True)
        )
        return OpenHandovers(frozenset(people), tuple(sorted(set(paths))))

    number = versions.request_number(OPEN_HANDOVERS_KEY)
    if number is None:
        return read()
    return _OPEN_HANDOVERS.get_or_compute((number, versions.current_site_version.get()), read)


def open_handovers_changed() -> None:
    """Every worker reads the open handovers again on its next request."""
    versions.bump(OPEN_HANDOVERS_KEY)


def may_have_open_handovers(user) -> bool:
    """Whether ``user`` may take part in an open handover (``handovers_concerning``);
    False is certain, True asks the database."""
    employee = employee_of(user)
    return employee is not None and open_handovers().may_concern(employee.pk, led_unit_paths(user))


def handovers_concerning(user) -> QuerySet[Handover]:
    """Handovers the user takes part in: as leaver, successor, assignee of an item, or
    as manager of the unit (or one above it); with ``total``/``done`` item counts.

    Unlike ``Handover.objects.visible_to`` this leaves out the "every handover" of
    cooperation admins: it feeds personal lists ("Meine Übergaben", the start page).
    """
    employee = employee_of(user)
    if employee is None:
        return Handover.objects.none()
    condition = Q(leaver=employee) | Q(successor=employee) | Q(items__assignee=employee)
    for path in led_unit_paths(user):
        condition |= Q(org_unit__path__startswith=path)
    ids = Handover.objects.visible_to(user).filter(condition).values("pk")
    return with_progress(Handover.objects.filter(pk__in=ids)).select_related(
        "leaver__user", "successor__user", "position", "org_unit"
    )


def with_roles(handovers, user) -> list[Handover]:
    """Set ``role`` on each handover: "leaver", "successor" (or assignee of an item) or
    "manager"; one query for any number of handovers."""
    handovers = list(handovers)
    employee = employee_of(user)
    taking_over = set()
    if employee is not None and handovers:
        taking_over = set(
            HandoverItem.objects.filter(
                handover__in=[h.pk for h in handovers], assignee=employee
            ).values_list("handover_id", flat=True)
        )
    for handover in handovers:
        if employee is not None and handover.leaver_id == employee.pk:
            handover.role = "leaver"
        elif employee is not None and (
            handover.successor_id == employee.pk or handover.pk in taking_over
        ):
            handover.role = "successor"
        else:
            handover.role = "manager"
    return handovers


def with_progress(queryset: QuerySet[Handover]) -> QuerySet[Handover]:
    """Annotate ``total`` and ``done`` item counts (one query for any number)."""
    return queryset.annotate(
        total=Count("items", distinct=True),
        done=Count("items", filter=Q(items__done_at__isnull=False), distinct=True),
    )


def assignable_employees(handover: Handover, user) -> QuerySet[Employee]:
    """Whom a manager may give an item to: active staff of their units, and the holders
    of the deputy positions of the handover's articles (who may work elsewhere)."""
    deputies = handover.items.filter(article__deputy_position__isnull=False).values(
        "article__deputy_position"
    )
    return (
        Employee.objects.active()
        .filter(municipality_id=handover.leaver.municipality_id)
        .filter(
            Q(pk__in=Employee.objects.visible_to(user).values("pk"))
            | Q(position_holdings__position__in=deputies, position_holdings__ended_on__isnull=True)
        )
        .exclude(pk=handover.leaver_id)
        .select_related("user", "position")
        .distinct()
        .order_by("user__last_name", "user__first_name", "pk")
    )


def deputy_suggestions(handover: Handover) -> dict[int, Employee]:
    """Per article item, the current holder of the article's deputy position (if any)."""
    items = handover.items.filter(article__deputy_position__isnull=False).values_list(
        "pk", "article__deputy_position"
    )
    holders: dict[int, Employee] = {}
    holdings = (
        PositionHolding.objects.filter(
            position__in={position for _pk, position in items}, ended_on__isnull=True
        )
        .exclude(employee=handover.leaver_id)
        .select_related("employee__user")
        .order_by("started_on", "pk")
    )
    for holding in holdings:
        holders.setdefault(holding.position_id, holding.employee)
    return {pk: holders[position] for pk, position in items if position in holders}


# --- Reading: the items as the page and the PDF show them ----------------------------------


def grouped_items(handover: Handover) -> dict:
    """The handover's items in their order, grouped as the detail page and the PDF show
    them; one query.

    ``articles``: per article, ``{"article", "items", "notes_item"}``, where
    ``notes_item`` is the ownership item that carries the leaver's notes on the article
    (None without one); ``courses`` and ``checklist``: the other items; ``items``: all
    of them, with ``done`` and ``total`` counts. Each item's ``handover`` is the one
    passed in, so templates read it without a query per item.
    """
    items = list(
        handover.items.select_related(
            "article__owner_position__org_unit",
            "article__deputy_position__org_unit",
            "course",
            "assignee__user",
            "assignee__position",
        )
    )
    articles: dict[int, dict] = {}
    courses, checklist = [], []
    for item in items:
        item.handover = handover
        if item.article_id:
            entry = articles.setdefault(
                item.article_id, {"article": item.article, "items": [], "notes_item": None}
            )
            entry["items"].append(item)
            if item.kind == Kind.OWNERSHIP:
                entry["notes_item"] = item
        elif item.kind == Kind.COURSE:
            courses.append(item)
        else:
            checklist.append(item)
    return {
        "items": items,
        "articles": list(articles.values()),
        "courses": courses,
        "checklist": checklist,
        "done": sum(1 for item in items if item.is_done),
        "total": len(items),
    }


# --- Starting -----------------------------------------------------------------------------


def owned_articles(position: Position) -> QuerySet[ProcessArticlePage]:
    """The live articles a position owns, except inactive ones and those marked for
    deletion: nobody needs to take those over."""
    return listed(ProcessArticlePage.objects.live().filter(owner_position=position)).order_by(
        "title", "pk"
    )


def _courses_for(articles, municipality_id: int) -> list[CoursePage]:
    """Live courses related to the articles that the position's municipality may see."""
    others = SectionPage.objects.exclude(municipality__isnull=True).exclude(
        municipality_id=municipality_id
    )
    hidden = Q()
    for path in others.values_list("path", flat=True):
        hidden |= Q(path__startswith=path)
    courses = CoursePage.objects.live().filter(related_articles__in=articles)
    if hidden:
        courses = courses.exclude(hidden)
    return list(courses.distinct().order_by("title", "pk"))


def _holding_of(leaver: Employee, position: Position) -> PositionHolding | None:
    return (
        PositionHolding.objects.filter(employee=leaver, position=position)
        .order_by("-started_on", "-pk")
        .first()
    )


def start_handover(
    leaver: Employee,
    position: Position,
    reason: str,
    leaving_date: datetime.date | None = None,
    started_by=None,
) -> Handover:
    """The handover of ``position`` by ``leaver``: created, or the existing one completed.

    Idempotent: there is one handover per holding of a position. An open handover of the
    same leaver and position is reused (its leaving date updated, articles the position
    gained since added), and so is a completed one started during the current holding.
    The successor is resolved at once (``resolve_successor``); course assignments are
    created when the items have somebody to take them.
    """
    if position is None:
        raise ValueError("A handover needs the position that is handed over.")
    with transaction.atomic():
        # One handover per leaver and position even under concurrent saves.
        Employee.objects.select_for_update().filter(pk=leaver.pk).first()
        handover = _existing_handover(leaver, position)
        if handover is None:
            handover = Handover.objects.create(
                leaver=leaver,
                position=position,
                org_unit_id=position.org_unit_id,
                reason=reason,
                leaving_date=leaving_date,
            )
        elif leaving_date and handover.leaving_date != leaving_date:
            handover.leaving_date = leaving_date
            handover.save(update_fields=["leaving_date"])
        if handover.is_complete:
            return handover
        _add_missing_items(handover, position)
        if handover.successor_id is None:
            successor = resolve_successor(handover)
            if successor is not None:
                assign_successor(handover, successor, by=started_by)
                return handover
        _hand_unassigned_to_successor(handover, by=started_by)
        return handover


def _existing_handover(leaver: Employee, position: Position) -> Handover | None:
    latest = (
        Handover.objects.filter(leaver=leaver, position=position).order_by("-created_at").first()
    )
    if latest is None or not latest.is_complete:
        return latest
    holding = _holding_of(leaver, position)
    if holding and timezone.localdate(latest.created_at) >= holding.started_on:
        return latest
    return None


def _add_missing_items(handover: Handover, position: Position) -> None:
    existing = set(handover.items.values_list("kind", "article_id", "course_id", "title"))
    have_articles = {(kind, article) for kind, article, _course, _title in existing}
    have_courses = {course for _kind, _article, course, _title in existing if course}
    have_points = {title for kind, _article, _course, title in existing if kind == Kind.CHECKLIST}
    order = max((p for p in handover.items.values_list("position", flat=True)), default=0)
    articles = list(owned_articles(position))
    new = []

    def add(**fields):
        nonlocal order
        order += 1
        new.append(HandoverItem(handover=handover, position=order, **fields))

    for article in articles:
        if (Kind.OWNERSHIP, article.pk) not in have_articles:
            add(
                kind=Kind.OWNERSHIP,
                article=article,
                title=_("Prozessverantwortung übernehmen: %(title)s") % {"title": article.title},
            )
        if (Kind.ACKNOWLEDGE, article.pk) not in have_articles:
            add(
                kind=Kind.ACKNOWLEDGE,
                article=article,
                title=_("Prozessbeschreibung zur Kenntnis nehmen: %(title)s")
                % {"title": article.title},
            )
    for course in _courses_for(articles, position.org_unit.municipality_id):
        if course.pk not in have_courses:
            add(
                kind=Kind.COURSE,
                course=course,
                title=_("Kurs absolvieren: %(title)s") % {"title": course.title},
            )
    for point in CHECKLIST:
        if str(point) not in have_points:
            add(kind=Kind.CHECKLIST, title=str(point))
    HandoverItem.objects.bulk_create(new)
    open_handovers_changed()


# --- Successor --------------------------------------------------------------------------


def resolve_successor(handover: Handover) -> Employee | None:
    """The next holder of the handover's position, or None while nobody is named.

    The first person whose holding of the position started on or after the leaver's
    holding ended; otherwise (the leaver still holds it, or the successor started
    before the leaver went) the newest current holder who took the position after the
    leaver did. Colleagues who held the position before the leaver never count, so a
    post shared by several people does not hand over to a long-standing colleague.
    People who have left are skipped.
    """
    if handover.position_id is None:
        return None
    today = timezone.localdate()
    others = (
        PositionHolding.objects.filter(position_id=handover.position_id)
        .exclude(employee_id=handover.leaver_id)
        .filter(Q(employee__leaving_date__isnull=True) | Q(employee__leaving_date__gte=today))
        .select_related("employee")
    )
    own = _holding_of(handover.leaver, handover.position)
    if own is not None and own.ended_on is not None:
        following = others.filter(started_on__gte=own.ended_on).order_by("started_on", "pk")
        if (holding := following.first()) is not None:
            return holding.employee
    current = others.filter(ended_on__isnull=True)
    if own is not None:
        current = current.filter(
            Q(started_on__gt=own.started_on) | Q(started_on=own.started_on, pk__gt=own.pk)
        )
    holding = current.order_by("-started_on", "-pk").first()
    return holding.employee if holding else None


def assign_successor(handover: Handover, successor: Employee, by=None) -> None:
    """Name the successor: unassigned open items (and those of a previous successor)
    go to them, and their course items become assignments."""
    if successor.pk == handover.leaver_id:
        raise HandoverError(_("Die übergebende Person kann nicht ihre eigene Nachfolge sein."))
    with transaction.atomic():
        previous = handover.successor_id
        handover.successor = successor
        handover.save(update_fields=["successor"])
        open_items = handover.items.filter(done_at__isnull=True)
        moving = Q(assignee__isnull=True)
        if previous and previous != successor.pk:
            moving |= Q(assignee_id=previous)
        for item in open_items.filter(moving).select_related("assignment"):
            _set_assignee(item, successor, by=by)


def _hand_unassigned_to_successor(handover: Handover, by=None) -> None:
    if handover.successor_id is None:
        return
    for item in handover.items.filter(done_at__isnull=True, assignee__isnull=True):
        _set_assignee(item, handover.successor, by=by)


def assign_item(item: HandoverItem, assignee: Employee, by=None) -> None:
    """A manager gives an open item to somebody (e.g. the holder of the deputy position)."""
    if item.is_done:
        raise HandoverError(_("Dieser Punkt ist bereits erledigt."))
    if assignee.pk == item.handover.leaver_id:
        raise HandoverError(_("Die übergebende Person kann den Punkt nicht selbst übernehmen."))
    with transaction.atomic():
        _set_assignee(item, assignee, by=by)


def _set_assignee(item: HandoverItem, assignee: Employee, by=None) -> None:
    item.assignee = assignee
    item.save(update_fields=["assignee"])
    if item.kind == Kind.COURSE:
        _sync_course_assignment(item, by=by)


def _sync_course_assignment(item: HandoverItem, by=None) -> None:
    """The item's course as a mandatory training of its assignee, due in 30 days.

    One assignment per item, aimed at "Einzelne Beschäftigte"; when the item changes
    hands, the assignment follows (the previous person's pending obligation is pruned).
    A course the assignee has completed already counts at once.
    """
    assignee = item.assignee
    assignment = item.assignment
    if assignment is None:
        handover = item.handover
        assignment = Assignment.objects.create(
            course_id=item.course_id,
            municipality_id=assignee.municipality_id,
            target=Assignment.Target.EMPLOYEES,
            due_rule=Assignment.DueRule.AFTER_ASSIGNMENT,
            due_days=COURSE_DUE_DAYS,
            note=_("Einarbeitung: Übergabe der Stelle „%(position)s“ von %(leaver)s.")
            % {
                "position": handover.position.title if handover.position else "",
                "leaver": handover.leaver.full_name,
            },
            created_by=by,
        )
        assignment.employees.set([assignee])
        item.assignment = assignment
        item.save(update_fields=["assignment"])
        sync_assignment(assignment)
    elif list(assignment.employees.values_list("pk", flat=True)) != [assignee.pk]:
        assignment.employees.set([assignee])
        sync_assignment(assignment, prune=True)
    if course_completed_by(assignee, item.course_id):
        _mark_done(item, assignee.user)


def course_completed_by(employee: Employee, course_id: int) -> bool:
    """Whether the person has completed the course, on Lernwerk or recorded externally."""
    return (
        CourseCompletion.objects.filter(user_id=employee.user_id, course_id=course_id).exists()
        or ExternalCompletion.objects.filter(employee=employee, course_id=course_id).exists()
    )


def successor_takes_position(employee: Employee) -> None:
    """``employee`` now holds a position: they become the successor of its open
    handovers that have none yet."""
    if not employee.position_id or employee.has_left:
        return
    waiting = Handover.objects.filter(
        position_id=employee.position_id, successor__isnull=True, completed_at__isnull=True
    ).exclude(leaver=employee)
    for handover in waiting:
        assign_successor(handover, employee)


def cancel_leaving_handovers(employee: Employee) -> None:
    """A leaving date was withdrawn: open leaving handovers on which nothing was done
    yet were started by mistake and go, with the course assignments they made."""
    for handover in Handover.objects.filter(
        leaver=employee, reason=Handover.Reason.LEAVING, completed_at__isnull=True
    ):
        if handover.items.filter(done_at__isnull=False).exists():
            continue
        assignment_ids = list(
            handover.items.filter(assignment__isnull=False).values_list("assignment", flat=True)
        )
        handover.delete()
        Assignment.objects.filter(pk__in=assignment_ids).delete()


# --- Working through the items ------------------------------------------------------------


def complete_item(item: HandoverItem, user) -> HandoverItem:
    """Mark an item done and do what it stands for; completes the handover with its
    last item. Safe under double clicks: a done item is left as it is.

    - ownership: the article's owner position becomes the assignee's (a new published
      revision, see ``transfer_ownership``);
    - acknowledgement: an ``Acknowledgement`` of the article's current revision;
    - course: only once the assignee has completed the course (usually this happens by
      itself, see ``complete_course_items``);
    - checklist: confirmed by the person taking over.
    """
    with transaction.atomic():
        item = (
            HandoverItem.objects.select_for_update(of=("self",))
            .select_related("handover", "assignee__user", "assignee__position", "article")
            .get(pk=item.pk)
        )
        if item.is_done:
            return item
        person = item.assignee or item.handover.successor
        if item.kind == Kind.OWNERSHIP and item.article_id:
            if person is None or person.position_id is None:
                raise HandoverError(
                    _(
                        "Die übernehmende Person hat keine Stelle; die "
                        "Prozessverantwortung kann nicht übertragen werden."
                    )
                )
            transfer_ownership(item.article, person.position, user)
        elif item.kind == Kind.ACKNOWLEDGE and item.article_id:
            acknowledge_article(item.article, person.user if person else user)
        elif item.kind == Kind.COURSE:
            if person is None or not course_completed_by(person, item.course_id):
                raise HandoverError(
                    _(
                        "Der Kurs ist noch nicht abgeschlossen. Der Punkt wird erledigt, "
                        "sobald der Kurs abgeschlossen ist."
                    )
                )
        _mark_done(item, user)
        return item


def _mark_done(item: HandoverItem, user) -> None:
    item.done_at = timezone.now()
    item.done_by = user
    item.save(update_fields=["done_at", "done_by"])
    handover = item.handover
    if not handover.items.filter(done_at__isnull=True).exists():
        Handover.objects.filter(pk=handover.pk, completed_at__isnull=True).update(
            completed_at=item.done_at
        )
        open_handovers_changed()
        handover.completed_at = handover.completed_at or item.done_at


def reopen_item(item: HandoverItem) -> None:
    """Open a checklist point again (ticked too early); the handover is open again.

    Only checklist points: ownership moved and acknowledgements and completions stay
    facts, so those items are not reopened.
    """
    if item.kind != Kind.CHECKLIST:
        raise HandoverError(_("Nur Punkte der Checkliste lassen sich wieder öffnen."))
    with transaction.atomic():
        HandoverItem.objects.filter(pk=item.pk).update(done_at=None, done_by=None)
        Handover.objects.filter(pk=item.handover_id).update(completed_at=None)
        open_handovers_changed()
        item.done_at = item.done_by = None
        item.handover.completed_at = None


def complete_course_items(employee: Employee, course_id: int) -> None:
    """The person completed a course: their open course items for it are done."""
    items = HandoverItem.objects.filter(
        kind=Kind.COURSE, course_id=course_id, done_at__isnull=True
    ).filter(Q(assignee=employee) | Q(assignee__isnull=True, handover__successor=employee))
    for item in items.select_related("handover"):
        complete_item(item, employee.user)


def save_notes(item: HandoverItem, text: str) -> None:
    """Store the leaver's notes on an article or checklist point (never a password)."""
    if item.kind not in NOTE_KINDS:
        raise HandoverError(_("Zu diesem Punkt gibt es keine Hinweise."))
    text = (text or "").strip()
    validate_no_password(text)
    item.leaver_notes = text
    item.save(update_fields=["leaver_notes"])


# --- What the items do to articles --------------------------------------------------------


def transfer_ownership(article: ProcessArticlePage, position: Position, user):
    """Make ``position`` the article's owner through Wagtail revisions, so the history
    shows who changed it and when. Returns the published revision (None if nothing was
    published).

    - Normally a revision of the live content with the new owner is published; a
      pending draft is saved again on top with the new owner, so editors keep their
      unpublished work as the latest draft and do not undo the change by publishing it.
    - While the article is in the approval workflow, publishing would cancel the
      approval (``WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH``): the draft under review gets the
      new owner (approval publishes the latest revision) and the live row is updated
      directly, so reports see the new owner at once.

    When the new owner is the deputy position, the deputy is cleared (an article's owner
    and deputy must differ): the new owner names a new deputy.
    """
    page = ProcessArticlePage.objects.get(pk=article.pk)
    if page.owner_position_id == position.pk:
        return None
    deputy_id = None if page.deputy_position_id == position.pk else page.deputy_position_id
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
    published = None
    if page.workflow_in_progress:
        ProcessArticlePage.objects.filter(pk=page.pk).update(
            owner_position=position, deputy_position_id=deputy_id
        )
    else:
        page.owner_position, page.deputy_position_id = position, deputy_id
        published = page.save_revision(user=user, log_action=True, clean=False)
        published.publish(user=user, skip_permission_checks=True)
    if draft is not None:
        draft.owner_position = position
        if draft.deputy_position_id == position.pk:
            draft.deputy_position_id = None
        draft.save_revision(user=user, log_action=True, clean=False)
    article.owner_position, article.deputy_position_id = position, deputy_id
    return published


def acknowledge_article(article: ProcessArticlePage, user) -> Acknowledgement | None:
    """Acknowledge the revision the article asks for, else the live one."""
    if revision_to_acknowledge(article) is None:  # never published: nothing to read
        return None
    acknowledgement, _created = acknowledge(article, user)
    return acknowledgement


def start_for_staff_changes(changes) -> None:
    """What ``handovers.signals.start_handovers`` does per saved person, for a bulk
    change of staff (``organisations.importing.StaffChanges``, e.g. an import).

    The check is set-based: the people whose position or leaving date changed are read
    in one query per 5,000, and the open handovers without a successor on the positions
    now taken in one more. Only the few people for whom something happens go through
    the per-person functions, in the order of the file.
    """
    updated = [change for change in changes.changes if not change.created]
    employees: dict[int, Employee] = {}
    for start in range(0, len(changes.changes), 5000):
        batch = [change.employee_id for change in changes.changes[start : start + 5000]]
        employees.update(
            (e.pk, e)
            for e in Employee.objects.filter(pk__in=batch).only(
                "pk", "user_id", "municipality_id", "position_id", "leaving_date"
            )
        )
    for change in updated:
        employee = employees[change.employee_id]
        leaving_recorded = bool(
            employee.leaving_date and employee.leaving_date != change.old_leaving_date
        )
        moved = change.old_position_id != employee.position_id
        if change.old_position_id and moved:
            position = (
                Position.objects.select_related("org_unit")
                .filter(pk=change.old_position_id)
                .first()
            )
            if position is not None:
                if leaving_recorded:
                    start_handover(
                        employee,
                        position,
                        Handover.Reason.LEAVING,
                        leaving_date=employee.leaving_date,
                    )
                else:
                    start_handover(employee, position, Handover.Reason.MOVE)
        if leaving_recorded and employee.position_id:
            start_handover(
                employee,
                Position.objects.select_related("org_unit").get(pk=employee.position_id),
                Handover.Reason.LEAVING,
                leaving_date=employee.leaving_date,
            )
        elif change.old_leaving_date and employee.leaving_date is None:
            cancel_leaving_handovers(employee)

    taking = [
        employees[change.employee_id]
        for change in changes.changes
        if employees[change.employee_id].position_id
        and (change.created or employees[change.employee_id].position_id != change.old_position_id)
    ]
    positions = {employee.position_id for employee in taking}
    waiting = set(
        Handover.objects.filter(
            position_id__in=positions, successor__isnull=True, completed_at__isnull=True
        ).values_list("position_id", flat=True)
    )
    for employee in taking:
        if employee.position_id in waiting:
            successor_takes_position(employee)
