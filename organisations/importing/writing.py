"""Step 3 of the staff import: the short, set-based write phase.

Everything was checked before; this step runs inside one transaction and writes in
bulk what ``Employee.save()`` would write row by row: accounts, people, the position
history, the staff and managers groups, leaders and the accounts of leavers. What other
apps derive from people (obligations in ``learning``, handovers in ``handovers``) they
derive once for the whole import, from the ``staff_changed`` signal, which says whose
record was created or changed and what their position and leaving date were before.

The rules are the same as for one saved person (see ``Employee.save`` and the module
docstring of ``organisations.importing``); ``organisations/tests/test_import_parity.py``
compares the outcome with saving every row through the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.dispatch import Signal

from core import versions

from ..models import Employee, Municipality, OrgUnit, Position, PositionHolding
from .reading import EmployeeRow, ParsedFile, _key
from .records import KnownPerson, StaffRecords, chunks

#: New people are written in batches of this size, so memory stays flat for any file.
WRITE_BATCH = 2_000


@dataclass(frozen=True, slots=True)
class EmployeeChange:
    """A person whose record the import created or changed, with the values before."""

    employee_id: int
    created: bool
    old_position_id: int | None = None
    old_leaving_date: date | None = None


@dataclass
class StaffChanges:
    """What a bulk change of staff did, in the order of the file (leavers of a full
    import last); the payload of ``staff_changed``."""

    municipality: Municipality
    changes: list[EmployeeChange] = field(default_factory=list)

    @property
    def employee_ids(self) -> list[int]:
        return [change.employee_id for change in self.changes]


#: Sent inside the write transaction after a bulk change of staff (the import, and the
#: directory sync that will reuse it), with ``changes``: a ``StaffChanges``. Receivers do
#: for all changed people at once what their ``post_save`` receivers of ``Employee``
#: do for one; ``bulk_create`` and ``bulk_update`` send no ``post_save``.
staff_changed = Signal()


@dataclass
class StaffCounts:
    """How many people, units and positions a write created, changed or left alone."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    positions_created: int = 0
    deactivated: int = 0
    left: int = 0


@dataclass
class WriteCounts(StaffCounts):
    """The counts, and who is to be invited once the write has committed."""

    invited_user_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Update:
    person: KnownPerson
    user_fields: set[str] = field(default_factory=set)
    employee_fields: set[str] = field(default_factory=set)
    old_position_id: int | None = None
    old_leaving_date: date | None = None


def write_staff(
    parsed: ParsedFile, records: StaffRecords, *, full: bool, today: date
) -> tuple[WriteCounts, StaffChanges]:
    """Apply checked rows; with ``full``, people missing from the file leave today.

    Must run inside a transaction: the caller commits or rolls back everything.
    """
    counts = WriteCounts()
    has = parsed.has
    if has("unit_path"):
        counts.units_created = _create_missing_units(records, parsed.rows)
        if has("position_title"):
            counts.positions_created = _create_missing_positions(records, parsed.rows)

    new_rows: list[tuple[EmployeeRow, int | None, int | None]] = []
    updates: list[_Update] = []
    leader_rows: list[tuple[int, int]] = []  # (unit, employee) of existing people
    manager_user_ids: set[int] = set()
    changes = StaffChanges(records.municipality)

    for row in parsed.rows:
        unit_id = records.unit_at(row.unit_path) if has("unit_path") and row.unit_path else None
        position_id = None
        if has("position_title") and row.position_title:
            position_id = records.position_ids[(unit_id, _key(row.position_title))]
        person = records.people.get(row.personnel_number)
        if person is None:
            new_rows.append((row, unit_id, position_id))
            counts.created += 1
            continue
        update = _compare(row, person, parsed, records, unit_id, position_id, today)
        leadership_changed = False
        if row.is_leader and unit_id is not None:
            if (unit_id, person.employee_id) not in records.leader_pairs:
                records.leader_pairs.add((unit_id, person.employee_id))
                leader_rows.append((unit_id, person.employee_id))
                leadership_changed = True
            if person.user_id not in records.manager_ids:
                records.manager_ids.add(person.user_id)
                manager_user_ids.add(person.user_id)
                leadership_changed = True
        if update.employee_fields and _has_left(person.leaving_date, today) and person.is_active:
            # As Employee.save(): a leaving date in the past closes the account.
            person.is_active = False
            update.user_fields.add("is_active")
            counts.deactivated += 1
        if update.user_fields or update.employee_fields:
            updates.append(update)
        if update.employee_fields:
            changes.changes.append(
                EmployeeChange(
                    person.employee_id, False, update.old_position_id, update.old_leaving_date
                )
            )
        if update.user_fields or update.employee_fields or leadership_changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    if full:
        listed = {row.personnel_number for row in parsed.rows}
        for number, person in records.people.items():
            if number in listed or (person.leaving_date and person.leaving_date <= today):
                continue
            update = _Update(person, old_position_id=person.position_id)
            update.old_leaving_date = person.leaving_date
            person.leaving_date = today
            update.employee_fields.add("leaving_date")
            updates.append(update)
            changes.changes.append(
                EmployeeChange(
                    person.employee_id, False, person.position_id, update.old_leaving_date
                )
            )
            counts.left += 1

    _write_updates(updates, today)
    if leader_rows:
        OrgUnit.leaders.through.objects.bulk_create(
            [OrgUnit.leaders.through(orgunit_id=u, employee_id=e) for u, e in leader_rows],
            batch_size=WRITE_BATCH,
        )
    _add_to_group(manager_user_ids, records.manager_group_id)
    for batch in chunks(new_rows, WRITE_BATCH):
        created = _create_people(batch, records, today, counts)
        changes.changes.extend(EmployeeChange(pk, True) for pk in created)
    counts.deactivated += sum(1 for row, _u, _p in new_rows if _has_left(row.leaving_date, today))
    if (
        counts.created
        or counts.updated
        or counts.left
        or counts.deactivated
        or counts.units_created
    ):
        # Bulk writes send no post_save: one site bump refreshes what every worker
        # keeps about users (units, leaders, roles; core.versions).
        versions.bump(versions.SITE)
    staff_changed.send(sender=StaffChanges, changes=changes)
    return counts, changes


def _has_left(leaving_date: date | None, today: date) -> bool:
    return bool(leaving_date and leaving_date < today)


def _compare(
    row: EmployeeRow,
    person: KnownPerson,
    parsed: ParsedFile,
    records: StaffRecords,
    unit_id: int | None,
    position_id: int | None,
    today: date,
) -> _Update:
    """Set the row's values on ``person`` and note which fields changed.

    Columns missing from the file leave their fields alone; a user name changes only
    when the file gives one; someone who moves to another unit in a file without a
    "Stelle" column leaves their old position behind.
    """
    has = parsed.has
    update = _Update(person, old_position_id=person.position_id)
    update.old_leaving_date = person.leaving_date
    user_values = {"email": row.email}
    if has("first_name"):
        user_values["first_name"] = row.first_name
    if has("last_name"):
        user_values["last_name"] = row.last_name
    if row.username:
        user_values["username"] = row.username
    employee_values = {}
    if has("unit_path"):
        employee_values["org_unit_id"] = unit_id
        if has("position_title"):
            employee_values["position_id"] = position_id
        elif person.position_id and records.unit_of_position.get(person.position_id) != unit_id:
            employee_values["position_id"] = None
    for name in ("entry_date", "leaving_date"):
        if has(name):
            employee_values[name] = getattr(row, name)
    for values, changed in (
        (user_values, update.user_fields),
        (employee_values, update.employee_fields),
    ):
        for name, value in values.items():
            if getattr(person, name) != value:
                setattr(person, name, value)
                changed.add(name)
    return update


def _write_updates(updates: Sequence[_Update], today: date) -> None:
    """Changed accounts and people in bulk, and the position history of those who moved."""
    user_model = get_user_model()
    user_updates = [u for u in updates if u.user_fields]
    user_fields = sorted(set().union(*(u.user_fields for u in user_updates)))
    if user_updates:
        users = [
            user_model(
                pk=u.person.user_id, **{name: getattr(u.person, name) for name in user_fields}
            )
            for u in user_updates
        ]
        user_model.objects.bulk_update(users, user_fields, batch_size=1000)

    employee_updates = [u for u in updates if u.employee_fields]
    employee_fields = sorted(set().union(*(u.employee_fields for u in employee_updates)))
    if employee_updates:
        employees = [
            Employee(
                pk=u.person.employee_id,
                **{name: getattr(u.person, name) for name in employee_fields},
            )
            for u in employee_updates
        ]
        Employee.objects.bulk_update(employees, employee_fields, batch_size=1000)

    moved = [u for u in employee_updates if u.person.position_id != u.old_position_id]
    if moved:
        _record_position_changes(moved, today)


def _record_position_changes(moved: Sequence[_Update], today: date) -> None:
    """As ``Employee._record_position_change``: open holdings of other positions end
    today; the new position is held from today (from the entry date when the person
    held none before)."""
    new_position = {u.person.employee_id: u.person.position_id for u in moved}
    ended, open_pairs = [], set()
    for batch in chunks(list(new_position)):
        holdings = PositionHolding.objects.filter(
            employee_id__in=batch, ended_on__isnull=True
        ).values_list("pk", "employee_id", "position_id")
        for pk, employee_id, position_id in holdings:
            if position_id == new_position[employee_id]:
                open_pairs.add((employee_id, position_id))
            else:
                ended.append(pk)
    for batch in chunks(ended):
        PositionHolding.objects.filter(pk__in=batch).update(ended_on=today)
    PositionHolding.objects.bulk_create(
        [
            PositionHolding(
                employee_id=u.person.employee_id,
                position_id=u.person.position_id,
                started_on=u.person.entry_date
                if not u.old_position_id and u.person.entry_date
                else today,
            )
            for u in moved
            if u.person.position_id
            and (u.person.employee_id, u.person.position_id) not in open_pairs
        ],
        batch_size=WRITE_BATCH,
    )


def _create_people(
    batch: Sequence[tuple[EmployeeRow, int | None, int | None]],
    records: StaffRecords,
    today: date,
    counts: WriteCounts,
) -> list[int]:
    """Accounts, people, first holdings, groups and leadership of new staff.

    Accounts get an unusable password (the invitation link sets one); a person whose
    leaving date has passed gets a closed account and no invitation.
    """
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=user_model.normalize_username(row.username or row.email),
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                password=make_password(None),
                is_active=not _has_left(row.leaving_date, today),
            )
            for row, _unit, _position in batch
        ]
    )
    employees = Employee.objects.bulk_create(
        [
            Employee(
                user_id=user.pk,
                municipality=records.municipality,
                personnel_number=row.personnel_number,
                org_unit_id=unit_id,
                position_id=position_id,
                entry_date=row.entry_date,
                leaving_date=row.leaving_date,
            )
            for user, (row, unit_id, position_id) in zip(users, batch, strict=True)
        ]
    )
    PositionHolding.objects.bulk_create(
        [
            PositionHolding(
                employee_id=employee.pk,
                position_id=employee.position_id,
                started_on=employee.entry_date or today,
            )
            for employee in employees
            if employee.position_id
        ]
    )
    _add_to_group([user.pk for user in users], records.staff_group_id)
    leaders = [
        (unit_id, employee, user)
        for employee, user, (row, unit_id, _p) in zip(employees, users, batch, strict=True)
        if row.is_leader and unit_id is not None
    ]
    OrgUnit.leaders.through.objects.bulk_create(
        [OrgUnit.leaders.through(orgunit_id=u, employee_id=e.pk) for u, e, _user in leaders]
    )
    _add_to_group([user.pk for _u, _e, user in leaders], records.manager_group_id)
    for _u, employee, user in leaders:
        records.leader_pairs.add((employee.org_unit_id, employee.pk))
        records.manager_ids.add(user.pk)
    counts.invited_user_ids += [user.pk for user in users if user.is_active]
    return [employee.pk for employee in employees]


def _add_to_group(user_ids, group_id: int) -> None:
    if not user_ids:
        return
    membership = get_user_model().groups.through
    membership.objects.bulk_create(
        [membership(user_id=pk, group_id=group_id) for pk in user_ids],
        batch_size=WRITE_BATCH,
        ignore_conflicts=True,
    )


def _create_missing_units(records: StaffRecords, rows: Sequence[EmployeeRow]) -> int:
    """Units along the rows' paths that don't exist yet, through treebeard (a sorted
    tree moves siblings, so each insert reads its parent afresh). A handful per import
    at most: the tree changes slowly."""
    created = 0
    for path in dict.fromkeys(row.unit_path for row in rows if row.unit_path):
        parent_id = None
        for name in path:
            key = (parent_id, _key(name))
            unit_id = records.unit_ids.get(key)
            if unit_id is None:
                unit = OrgUnit(municipality=records.municipality, name=name)
                if parent_id is None:
                    unit = OrgUnit.add_root(instance=unit)
                else:
                    unit = OrgUnit.objects.get(pk=parent_id).add_child(instance=unit)
                unit_id = records.unit_ids[key] = unit.pk
                created += 1
            parent_id = unit_id
    return created


def _create_missing_positions(records: StaffRecords, rows: Sequence[EmployeeRow]) -> int:
    new: dict[tuple[int, str], Position] = {}
    for row in rows:
        if not row.position_title:
            continue
        unit_id = records.unit_at(row.unit_path)
        key = (unit_id, _key(row.position_title))
        if key not in records.position_ids and key not in new:
            new[key] = Position(org_unit_id=unit_id, title=row.position_title)
    Position.objects.bulk_create(new.values(), batch_size=WRITE_BATCH)
    for key, position in new.items():
        records.position_ids[key] = position.pk
        records.unit_of_position[position.pk] = key[0]
    return len(new)
