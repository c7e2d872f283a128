"""The rules of mandatory training, as pure functions of an assignment's and an
obligation's dates: when it is due, how long a completion counts, which state follows,
and the same states as SQL. ``learning.models`` builds on them (validation, the state of
a row, the annotated querysets); ``learning.obligations`` keeps the rows in step. Nothing
here reads or writes the database, so the rules import no model and no model imports
back: the choices they speak of are defined here and named on the models.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import add_months, clamped_date, days_in_month

if TYPE_CHECKING:
    from organisations.models import Employee

    from .models import Assignment, Obligation


class Target(models.TextChoices):
    """Whom an assignment is aimed at (``Assignment.Target``)."""

    MUNICIPALITY = "municipality", _("Ganze Kommune")
    UNIT = "unit", _("Organisationseinheit")
    POSITION = "position", _("Stelle")
    EMPLOYEES = "employees", _("Einzelne Beschäftigte")


class DueRule(models.TextChoices):
    """How the deadline is set (``Assignment.DueRule``)."""

    FIXED = "fixed", _("Festes Datum")
    AFTER_ASSIGNMENT = "after_assignment", _("Tage nach der Zuweisung")
    AFTER_JOINING = "after_joining", _("Tage nach dem Eintritt")


class Recertification(models.TextChoices):
    """Whether and when the training is due again (``Assignment.Recertification``)."""

    NONE = "none", _("Einmalig")
    ROLLING = "rolling", _("Gültig für eine Anzahl Monate nach Abschluss")
    CALENDAR = "calendar", _("Jedes Jahr zu einem festen Stichtag")


class ObligationState(models.TextChoices):
    """Computed from dates when read (``Obligation.state_on``), never stored."""

    OPEN = "open", _("Offen")
    DUE_SOON = "due_soon", _("Bald fällig")
    OVERDUE = "overdue", _("Überfällig")
    DONE = "done", _("Erledigt")
    EXPIRED = "expired", _("Abgelaufen")
    EXEMPT = "exempt", _("Befreit")


# --- Dates ---------------------------------------------------------------------------


def valid_until(assignment: Assignment, completed_on: datetime.date) -> datetime.date | None:
    """Until when a completion satisfies the assignment; None means for good.

    Rolling: N months after completing. Calendar: a completion covers the deadline of
    its cycle (the first fixed date on or after it), so the next one is due a year
    after that deadline: completing on 1 March for a 31 March deadline is valid until
    31 March of the next year.
    """
    rule = assignment.recertification
    if rule == Recertification.ROLLING and assignment.valid_months:
        return add_months(completed_on, assignment.valid_months)
    if rule == Recertification.CALENDAR and assignment.recurring_month:
        month, day = assignment.recurring_month, assignment.recurring_day or 1
        deadline = clamped_date(completed_on.year, month, day)
        if deadline < completed_on:
            deadline = clamped_date(completed_on.year + 1, month, day)
        return clamped_date(deadline.year + 1, month, day)
    return None


def initial_due_date(
    assignment: Assignment, employee: Employee, assigned_on: datetime.date
) -> datetime.date:
    """The first due date of a person's obligation.

    "After joining" counts from the entry date, but never from before the assignment:
    staff who joined years ago get the same period from the day the course was assigned.
    """
    if assignment.due_rule == DueRule.FIXED and assignment.due_date:
        return max(assignment.due_date, assigned_on)
    days = datetime.timedelta(days=assignment.due_days or 0)
    if assignment.due_rule == DueRule.AFTER_JOINING and employee.entry_date:
        return max(employee.entry_date, assigned_on) + days
    return assigned_on + days


# --- States --------------------------------------------------------------------------


def _soon(on: datetime.date) -> datetime.date:
    return on + datetime.timedelta(days=settings.LERNWERK_DUE_SOON_DAYS)


def obligation_state(obligation: Obligation, on: datetime.date | None = None) -> str:
    """The state of an obligation on a day (today by default); see ``state_conditions``."""
    on = on or timezone.localdate()
    o = obligation
    if o.exempt_from and o.exempt_until and o.exempt_from <= on <= o.exempt_until:
        return ObligationState.EXEMPT
    if o.completed_on:
        if o.valid_until is None or o.valid_until >= on:
            return ObligationState.DONE
        return ObligationState.EXPIRED
    if o.due_date < on:
        return ObligationState.OVERDUE
    if o.due_date <= _soon(on):
        return ObligationState.DUE_SOON
    return ObligationState.OPEN


def state_conditions(on: datetime.date | None = None) -> dict[str, Q]:
    """One mutually exclusive condition per state, for counting and filtering in SQL."""
    on = on or timezone.localdate()
    exempt = Q(exempt_from__lte=on, exempt_until__gte=on)
    active = ~exempt
    completed = Q(completed_on__isnull=False)
    pending = Q(completed_on__isnull=True)
    return {
        ObligationState.EXEMPT: exempt,
        ObligationState.DONE: active
        & completed
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on)),
        ObligationState.EXPIRED: active & completed & Q(valid_until__lt=on),
        ObligationState.OVERDUE: active & pending & Q(due_date__lt=on),
        ObligationState.DUE_SOON: active & pending & Q(due_date__gte=on, due_date__lte=_soon(on)),
        ObligationState.OPEN: active & pending & Q(due_date__gt=_soon(on)),
    }


def state_expression(on: datetime.date | None = None) -> Case:
    """``state`` as a SQL CASE, for listing obligations with their state."""
    return Case(
        *(
            When(condition, then=Value(str(state)))
            for state, condition in state_conditions(on).items()
        ),
        default=Value(str(ObligationState.OPEN)),
    )


#: The report buckets: what counts as done, open and overdue.
DONE_STATES = (ObligationState.DONE,)
OPEN_STATES = (ObligationState.OPEN, ObligationState.DUE_SOON)
OVERDUE_STATES = (ObligationState.OVERDUE, ObligationState.EXPIRED)


def bucket_condition(states, on=None) -> Q:
    conditions = state_conditions(on)
    condition = Q(pk__in=[])
    for state in states:
        condition |= conditions[state]
    return condition


# --- Targets -------------------------------------------------------------------------


def validate_assignment(assignment: Assignment) -> dict[str, str]:
    """What is missing or contradictory in an assignment, by field, in German."""
    a = assignment
    errors: dict[str, str] = {}
    if a.target == Target.UNIT:
        if not a.org_unit_id:
            errors["org_unit"] = _("Bitte wählen Sie die Organisationseinheit.")
        elif a.municipality_id and a.org_unit.municipality_id != a.municipality_id:
            errors["org_unit"] = _("Die Einheit gehört zu einer anderen Kommune.")
    if a.target == Target.POSITION:
        if not a.position_id:
            errors["position"] = _("Bitte wählen Sie die Stelle.")
        elif a.municipality_id and a.position.org_unit.municipality_id != a.municipality_id:
            errors["position"] = _("Die Stelle gehört zu einer anderen Kommune.")
    if a.due_rule == DueRule.FIXED and not a.due_date:
        errors["due_date"] = _("Bitte geben Sie das Fälligkeitsdatum an.")
    if a.due_rule != DueRule.FIXED and not a.due_days:
        errors["due_days"] = _("Bitte geben Sie die Frist in Tagen an (mindestens 1).")
    if a.recertification == Recertification.ROLLING and not a.valid_months:
        errors["valid_months"] = _("Bitte geben Sie an, wie viele Monate ein Abschluss gilt.")
    if a.recertification == Recertification.CALENDAR:
        if not (a.recurring_month and 1 <= a.recurring_month <= 12):
            errors["recurring_month"] = _("Bitte geben Sie den Monat des Stichtags an (1–12).")
        elif not (
            a.recurring_day and 1 <= a.recurring_day <= days_in_month(2024, a.recurring_month)
        ):
            errors["recurring_day"] = _("Diesen Tag gibt es in dem Monat nicht.")
    return errors
