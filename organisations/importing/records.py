"""Step 2 of the staff import: what the database knows, and the rows checked against it.

Checking 50,000 rows must not cost queries per row, so ``StaffRecords.load`` reads the
municipality's people, units, positions and leaders, and the accounts whose e-mail
address or user name the file mentions, in a few bulk queries into compact tuples
(model instances for 50,000 people would cost hundreds of megabytes). The checks
(``find_conflicts``, ``find_unit_errors``) then run in memory, outside any transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from core.tree import parent_path

from ..models import Employee, Municipality, OrgUnit, Position
from ..roles import Role
from .reading import UNIT_SEPARATOR, EmployeeRow, RowError, _key

#: Rows are looked up in chunks, well below the parameter limits of PostgreSQL (65,535)
#: and SQLite (32,766) per query.
QUERY_CHUNK = 5_000


def chunks(values: Sequence, size: int = QUERY_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(slots=True)
class KnownPerson:
    """An employee with their account as stored: what a row is compared with."""

    employee_id: int
    user_id: int
    personnel_number: str
    username: str
    email: str
    first_name: str
    last_name: str
    is_active: bool
    org_unit_id: int | None
    position_id: int | None
    entry_date: date | None
    leaving_date: date | None


_PERSON_FIELDS = (
    "pk",
    "user_id",
    "personnel_number",
    "user__username",
    "user__email",
    "user__first_name",
    "user__last_name",
    "user__is_active",
    "org_unit_id",
    "position_id",
    "entry_date",
    "leaving_date",
)


class StaffRecords:
    """The municipality's staff and structure as far as the import needs them.

    Units are matched by name under their parent (case and spacing don't count), so
    ``unit_ids`` maps (parent id, name key) to a unit; positions by title within their
    unit. The write phase adds the units and positions it creates, so later lookups
    find them.
    """

    def __init__(self, municipality: Municipality):
        self.municipality = municipality
        self.people: dict[str, KnownPerson] = {}
        self.user_ids_by_email: dict[str, set[int]] = {}
        self.user_ids_by_username: dict[str, set[int]] = {}
        self.unit_ids: dict[tuple[int | None, str], int] = {}
        self.root_names: dict[str, str] = {}  # name key -> name of the top units
        self.position_ids: dict[tuple[int, str], int] = {}
        self.unit_of_position: dict[int, int] = {}
        self.leader_pairs: set[tuple[int, int]] = set()
        self.manager_group_id: int = 0
        self.staff_group_id: int = 0
        self.manager_ids: set[int] = set()

    @classmethod
    def load(cls, municipality: Municipality, rows: Sequence[EmployeeRow]) -> StaffRecords:
        records = cls(municipality)
        people = (
            Employee.objects.filter(municipality=municipality)
            .order_by()
            .values_list(*_PERSON_FIELDS)
        )
        records.people = {values[2]: KnownPerson(*values) for values in people.iterator(5000)}

        user_model = get_user_model()
        emails = sorted({row.email for row in rows})
        usernames = sorted({records.username_for(row).lower() for row in rows})
        for field_name, keys, found in (
            ("email", emails, records.user_ids_by_email),
            ("username", usernames, records.user_ids_by_username),
        ):
            for chunk in chunks(keys):
                matches = (
                    user_model.objects.annotate(key=Lower(field_name))
                    .filter(key__in=chunk)
                    .values_list("key", "pk")
                )
                for key, pk in matches:
                    found.setdefault(key, set()).add(pk)

        units = OrgUnit.objects.filter(municipality=municipality).values_list(
            "pk", "path", "depth", "name"
        )
        pk_by_path = {}
        for pk, path, depth, name in units:  # ordered by path: parents come first
            pk_by_path[path] = pk
            if depth == 1:
                parent = None
                records.root_names.setdefault(_key(name), name)
            else:
                parent = pk_by_path.get(parent_path(path, OrgUnit.steplen))
                if parent is None:
                    continue  # parent in another municipality: never matched by name
            records.unit_ids.setdefault((parent, _key(name)), pk)

        positions = Position.objects.filter(org_unit__municipality=municipality).values_list(
            "pk", "org_unit_id", "title"
        )
        for pk, unit_id, title in positions:
            records.position_ids.setdefault((unit_id, _key(title)), pk)
            records.unit_of_position[pk] = unit_id

        records.leader_pairs = set(
            OrgUnit.leaders.through.objects.filter(orgunit__municipality=municipality).values_list(
                "orgunit_id", "employee_id"
            )
        )
        records.manager_group_id = municipality.role_group(Role.MANAGER).pk
        records.staff_group_id = municipality.role_group(Role.EMPLOYEE).pk
        records.manager_ids = set(
            user_model.groups.through.objects.filter(group_id=records.manager_group_id).values_list(
                "user_id", flat=True
            )
        )
        return records

    def username_for(self, row: EmployeeRow) -> str:
        """The login the row's person will have after the import."""
        if row.username:
            return row.username
        person = self.people.get(row.personnel_number)
        return person.username if person else row.email

    def unit_at(self, path: tuple[str, ...]) -> int | None:
        """The id of the unit at ``path``; None if a unit on the way does not exist yet."""
        parent_id = None
        for name in path:
            parent_id = self.unit_ids.get((parent_id, _key(name)))
            if parent_id is None:
                return None
        return parent_id


def find_conflicts(rows: Sequence[EmployeeRow], records: StaffRecords) -> list[RowError]:
    """E-mail addresses and user names that would end up with two different people."""
    errors = []
    usernames_in_file: dict[str, int] = {}
    number_by_user = {person.user_id: number for number, person in records.people.items()}
    for row in rows:
        person = records.people.get(row.personnel_number)
        own_user = person.user_id if person else None

        others = records.user_ids_by_email.get(row.email, set()) - {own_user}
        if others:
            holder = next(
                (number_by_user[pk] for pk in sorted(others) if pk in number_by_user), None
            )
            if holder is not None:
                message = _(
                    "Die E-Mail-Adresse „%(value)s“ gehört schon zur Personalnummer „%(number)s“."
                ) % {"value": row.email, "number": holder}
            else:
                message = _(
                    "Die E-Mail-Adresse „%(value)s“ gehört schon zu einem anderen Benutzerkonto."
                ) % {"value": row.email}
            errors.append(RowError(row.line, message))

        username = records.username_for(row)
        key = username.lower()
        first = usernames_in_file.setdefault(key, row.line)
        taken = records.user_ids_by_username.get(key, set()) - {own_user}
        if first != row.line or taken:
            message = _("Der Benutzername „%(value)s“ ist schon vergeben.") % {"value": username}
            if first != row.line:
                message = _("Der Benutzername „%(value)s“ steht schon in Zeile %(first)d.") % {
                    "value": username,
                    "first": first,
                }
            if not row.username:
                message += " " + _(
                    "Er ergibt sich aus der E-Mail-Adresse; bitte in der Spalte "
                    "„Benutzername“ einen anderen angeben."
                )
            errors.append(RowError(row.line, message))
    return errors


def find_unit_errors(rows: Sequence[EmployeeRow], records: StaffRecords) -> list[RowError]:
    """Unit paths must start at the municipality's top unit.

    A misspelt top unit ("Stadt Blombreg") would otherwise become a second tree next
    to the real one, with the people below it invisible to the managers of the real
    tree. A municipality without units gets its top unit from the first row that names
    one; every other row must start there too.
    """
    errors = []
    roots = dict(records.root_names)
    for row in rows:
        if not row.unit_path:
            continue
        top = row.unit_path[0]
        if not roots:
            roots[_key(top)] = top
        if _key(top) in roots:
            continue
        expected = _(" oder ").join(f"„{name}“" for name in sorted(roots.values()))
        errors.append(
            RowError(
                row.line,
                _(
                    "Die Organisationseinheit „%(value)s“ beginnt nicht bei der obersten "
                    "Einheit der Kommune (%(root)s). Bitte den Pfad ab der obersten Einheit "
                    "angeben und die Schreibweise prüfen."
                )
                % {"value": f" {UNIT_SEPARATOR} ".join(row.unit_path), "root": expected},
            )
        )
    return errors
