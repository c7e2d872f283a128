"""Import of employees from the HR system's CSV export, one municipality at a time.

HR is the source of truth for who works where, so its export creates and updates the
accounts, org units, positions and employees of a municipality. The import runs in
steps that can each be tested without HTTP:

1. ``read_employee_csv`` decodes and parses the file into compact ``EmployeeRow``s and
   collects every format error with its physical line number;
2. ``StaffRecords.load`` reads what the database knows about the municipality in a few
   bulk queries, and ``find_conflicts`` checks the rows against it (e-mail addresses
   and user names that belong to somebody else);
3. ``apply_row`` writes one row, touching the database only where something changed.

``import_employees`` runs them in one transaction and writes nothing if any row is bad:
a half-imported staff list is worse than none, because the people left out would
silently miss their mandatory training.

Columns that are not in the file leave the matching fields unchanged; a column that is
in the file is authoritative for the people listed (an empty "Austrittsdatum" clears
the leaving date). Two deliberate exceptions: a user name is only changed when the file
gives one (a changed login surprises people), and "Führungskraft" only ever grants
leadership, because leaders are also appointed in the admin and an import must not undo
that silently. Someone who moves to another unit in a file without a "Stelle" column
leaves their old position behind (it belongs to the old unit).
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Employee, Municipality, OrgUnit, Position
from .roles import Role
from .tasks import send_invitation

logger = logging.getLogger(__name__)

#: Upper bounds that keep a request's memory and time bounded; a municipality's whole
#: staff fits well within them (5 MB hold about 50,000 rows).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000

#: Separates the unit names of the "Organisationseinheit" path, top unit first.
UNIT_SEPARATOR = ">"

#: Rows are checked against the database in chunks, well below PostgreSQL's limit of
#: 65,535 parameters per query.
_QUERY_CHUNK = 5_000

_TRUE = frozenset({"ja", "x", "1", "true"})
_FALSE = frozenset({"nein", "0", "false", ""})
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    max_length: int | None = None


#: The columns the import understands, in the order the documentation lists them.
COLUMNS = (
    Column("personnel_number", "Personalnummer", required=True, max_length=40),
    Column("first_name", "Vorname", max_length=150),
    Column("last_name", "Nachname", max_length=150),
    Column("email", "E-Mail", required=True, max_length=254),
    Column("username", "Benutzername", max_length=150),
    Column("unit_path", "Organisationseinheit", max_length=200),
    Column("position_title", "Stelle", max_length=200),
    Column("entry_date", "Eintrittsdatum"),
    Column("leaving_date", "Austrittsdatum"),
    Column("is_leader", "Führungskraft"),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}


def _key(text: str) -> str:
    """How headers, unit names and titles are compared: case and spacing don't count."""
    return " ".join(text.split()).casefold()


_FIELD_BY_HEADER = {_key(column.header): column.field for column in COLUMNS}
_FIELD_BY_HEADER.update({"email": "email", "fuehrungskraft": "is_leader"})


@dataclass(frozen=True, slots=True)
class RowError:
    """One reason the file was refused; ``line`` is the physical line, header = 1."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Zeile %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(Exception):
    """The file was refused as a whole; ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda error: error.line or 0)
        super().__init__(
            ngettext("%(count)d Fehler", "%(count)d Fehler", len(errors)) % {"count": len(errors)}
        )


@dataclass(slots=True)
class EmployeeRow:
    """One person as the file describes them, already checked and converted.

    Slotted and holding only parsed values, so that all rows of a large file can be
    kept in memory between checking and applying.
    """

    line: int
    personnel_number: str
    email: str
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    unit_path: tuple[str, ...] = ()
    position_title: str = ""
    entry_date: date | None = None
    leaving_date: date | None = None
    is_leader: bool = False


@dataclass
class ParsedFile:
    """The rows of a file, the columns it has, and everything wrong with it.

    ``rows`` holds only the rows without errors: they are still checked against the
    database, so that one upload reports every problem of the file.
    """

    rows: list[EmployeeRow] = field(default_factory=list)
    columns: frozenset[str] = frozenset()
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: tuple[str, ...] = ()

    def has(self, field_name: str) -> bool:
        return field_name in self.columns


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would have done)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    positions_created: int = 0
    invitations: int = 0
    deactivated: int = 0
    dry_run: bool = False
    ignored_headers: tuple[str, ...] = ()

    def summary(self) -> str:
        """One German sentence for the success message and the command's output."""
        counts = _("%(created)d neu angelegt, %(updated)d geändert, %(unchanged)d unverändert") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        # Literal ngettext calls, so that makemessages extracts every phrase.
        units = ngettext(
            "%(count)d Organisationseinheit", "%(count)d Organisationseinheiten", self.units_created
        ) % {"count": self.units_created}
        positions = ngettext("%(count)d Stelle", "%(count)d Stellen", self.positions_created) % {
            "count": self.positions_created
        }
        structure = _("%(units)s und %(positions)s neu") % {"units": units, "positions": positions}
        invitations = ngettext("%(count)d Einladung", "%(count)d Einladungen", self.invitations) % {
            "count": self.invitations
        }
        deactivated = ngettext(
            "%(count)d Konto deaktiviert", "%(count)d Konten deaktiviert", self.deactivated
        ) % {"count": self.deactivated}
        accounts = f"{invitations}, {deactivated}"
        text = f"{counts}; {structure}; {accounts}."
        if self.ignored_headers:
            text += " " + _("Nicht verwendete Spalten: %(headers)s.") % {
                "headers": ", ".join(f"„{header}“" for header in self.ignored_headers)
            }
        if self.dry_run:
            text = _("Probelauf, nichts gespeichert: %(text)s") % {"text": text}
        return text


# --- Step 1: reading the file -----------------------------------------------------------


def read_employee_csv(data: bytes) -> ParsedFile:
    """Decode, split and check every row of an HR export; never raises for bad content.

    Every row is checked before anything is written, so all mistakes of a file are
    reported at once rather than one per upload. Problems with the file as a whole
    (size, encoding, header) stop the reading, since the rows would be meaningless.
    """
    if len(data) > MAX_FILE_BYTES:
        return _refused(
            None,
            _("Die Datei ist größer als %(size)s MB; bitte aufteilen.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)},
        )
    if b"\x00" in data:
        return _refused(
            None,
            _(
                "Die Datei ist keine CSV-Datei (sie enthält Null-Bytes, z. B. eine Excel- oder "
                "UTF-16-Datei). Bitte als „CSV UTF-8“ oder „CSV (Trennzeichen-getrennt)“ "
                "speichern."
            ),
        )
    encoding, decode_error = _detect_encoding(data)
    if decode_error:
        return ParsedFile(errors=[decode_error])
    lines = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    return _parse_lines(lines)


def _refused(line: int | None, message: str) -> ParsedFile:
    return ParsedFile(errors=[RowError(line, message)])


def _detect_encoding(data: bytes) -> tuple[str, RowError | None]:
    """UTF-8 (with or without BOM) if the bytes are valid UTF-8, else Windows-1252.

    Real German text in Windows-1252 is practically never valid UTF-8, so trying UTF-8
    first is safe; Windows-1252 leaves five byte values undefined, which are reported.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig", None
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", RowError(
            line,
            _(
                "Die Datei ist weder UTF-8 noch Windows-1252 (unlesbares Byte 0x%(byte)02X). "
                "Bitte als „CSV UTF-8“ speichern."
            )
            % {"byte": data[exc.start]},
        )
    return "cp1252", None


def _parse_lines(lines: Iterable[str]) -> ParsedFile:
    lines = iter(lines)
    first = next(lines, "")
    line_offset = 0
    if first.lower().startswith("sep=") and len(first.strip()) == 5:
        # Excel's "sep=;" hint line: the header follows on the next line.
        delimiter, line_offset = first.strip()[4], 1
        first = next(lines, "")
    else:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    if not first.strip():
        if not any(line.strip() for line in lines):
            return _refused(None, _("Die Datei ist leer."))
        return _refused(
            1 + line_offset, _("Die erste Zeile muss die Spaltenüberschriften enthalten.")
        )

    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    header = next(reader)
    parsed, field_by_index = _read_header(header, line_offset + 1)
    if parsed.errors:
        return parsed

    checks = _FileWideChecks()
    for count, (line, cells) in enumerate(_numbered_records(reader, line_offset), start=1):
        if count > MAX_ROWS:
            return _refused(
                None,
                _("Die Datei hat mehr als %(max)s Zeilen; bitte aufteilen.")
                % {"max": formats.number_format(MAX_ROWS, force_grouping=True)},
            )
        row, messages = _parse_row(line, cells, field_by_index, len(header))
        messages += checks.duplicates(row, line)
        parsed.errors.extend(RowError(line, message) for message in messages)
        if row is not None and not messages:
            # Kept even when other rows are bad, so that their conflicts with the
            # database can be reported in the same run.
            parsed.rows.append(row)

    if not parsed.rows and not parsed.errors:
        parsed.errors.append(
            RowError(None, _("Die Datei enthält keine Beschäftigten, nur die Kopfzeile."))
        )
    return parsed


def _numbered_records(reader, line_offset: int) -> Iterator[tuple[int, list[str]]]:
    """Records with the physical line they start on; blank lines are skipped.

    A quoted value may span lines, so the number comes from the reader's position
    before the record, not from counting records.
    """
    previous = reader.line_num
    for cells in reader:
        line = previous + 1 + line_offset
        previous = reader.line_num
        if any(cell.strip() for cell in cells):
            yield line, cells


def _read_header(header: list[str], line: int) -> tuple[ParsedFile, dict[int, str]]:
    field_by_index: dict[int, str] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for index, title in enumerate(header):
        field_name = _FIELD_BY_HEADER.get(_key(title))
        if field_name is None:
            if title.strip():
                ignored.append(title.strip())
        elif field_name in field_by_index.values():
            errors.append(
                RowError(
                    line,
                    _("Die Spalte „%(column)s“ kommt mehrfach vor.")
                    % {"column": COLUMN_BY_FIELD[field_name].header},
                )
            )
        else:
            field_by_index[index] = field_name
    columns = frozenset(field_by_index.values())

    missing = [
        column.header for column in COLUMNS if column.required and column.field not in columns
    ]
    if missing:
        found = ", ".join(f"„{title.strip()}“" for title in header if title.strip())
        errors.append(
            RowError(
                line,
                ngettext(
                    "Die Pflichtspalte %(columns)s fehlt (gefunden: %(found)s).",
                    "Die Pflichtspalten %(columns)s fehlen (gefunden: %(found)s).",
                    len(missing),
                )
                % {
                    "columns": _(" und ").join(f"„{name}“" for name in missing),
                    "found": found or _("keine"),
                },
            )
        )
    for dependent in ("position_title", "is_leader"):
        if dependent in columns and "unit_path" not in columns:
            errors.append(
                RowError(
                    line,
                    _("Die Spalte „%(column)s“ braucht die Spalte „Organisationseinheit“.")
                    % {"column": COLUMN_BY_FIELD[dependent].header},
                )
            )
    parsed = ParsedFile(columns=columns, errors=errors, ignored_headers=tuple(ignored))
    return parsed, field_by_index


def _parse_row(
    line: int,
    cells: list[str],
    field_by_index: dict[int, str],
    width: int,
) -> tuple[EmployeeRow | None, list[str]]:
    """Convert one record into an ``EmployeeRow``, or say in German what is wrong."""
    messages: list[str] = []
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        messages.append(
            _(
                "Die Zeile hat %(count)d Werte, die Kopfzeile nur %(width)d Spalten – steht "
                "ein Trennzeichen in einem Wert ohne Anführungszeichen?"
            )
            % {"count": len(cells), "width": width}
        )
    raw = {
        name: cells[index].strip() for index, name in field_by_index.items() if index < len(cells)
    }
    if any("\n" in value or "\r" in value for value in raw.values()):
        messages.append(
            _("Ein Wert enthält einen Zeilenumbruch – fehlt ein schließendes Anführungszeichen?")
        )
        return None, messages

    for name, value in raw.items():
        limit = COLUMN_BY_FIELD[name].max_length
        if limit and name != "unit_path" and len(value) > limit:
            messages.append(
                _("Der Wert in „%(column)s“ ist länger als %(max)d Zeichen.")
                % {"column": COLUMN_BY_FIELD[name].header, "max": limit}
            )

    personnel_number = raw.get("personnel_number", "")
    if not personnel_number:
        messages.append(_("Die Personalnummer fehlt."))

    email = raw.get("email", "").lower()
    if not email:
        messages.append(_("Die E-Mail-Adresse fehlt."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            messages.append(_("Die E-Mail-Adresse „%(value)s“ ist ungültig.") % {"value": email})

    username = raw.get("username", "")
    if username:
        try:
            get_user_model().username_validator(username)
        except ValidationError:
            messages.append(
                _(
                    "Der Benutzername „%(value)s“ ist ungültig (erlaubt sind Buchstaben, "
                    "Ziffern und @ . + - _)."
                )
                % {"value": username}
            )

    unit_path, unit_messages = _parse_unit_path(raw.get("unit_path", ""))
    messages += unit_messages
    position_title = raw.get("position_title", "")
    if position_title and not unit_path and not unit_messages:
        messages.append(_("Eine Stelle braucht eine Organisationseinheit."))

    entry_date = _parse_date(raw.get("entry_date", ""), messages)
    leaving_date = _parse_date(raw.get("leaving_date", ""), messages)
    if entry_date and leaving_date and leaving_date < entry_date:
        messages.append(
            _("Das Austrittsdatum %(leaving)s liegt vor dem Eintrittsdatum %(entry)s.")
            % {"leaving": raw["leaving_date"], "entry": raw["entry_date"]}
        )

    is_leader = _parse_flag(raw.get("is_leader", ""), messages)
    if is_leader and not unit_path and not unit_messages:
        messages.append(_("Eine Führungskraft braucht eine Organisationseinheit."))

    if messages:
        return None, messages
    return (
        EmployeeRow(
            line=line,
            personnel_number=personnel_number,
            email=email,
            first_name=raw.get("first_name", ""),
            last_name=raw.get("last_name", ""),
            username=username,
            unit_path=unit_path,
            position_title=" ".join(position_title.split()),
            entry_date=entry_date,
            leaving_date=leaving_date,
            is_leader=is_leader,
        ),
        [],
    )


def _parse_unit_path(value: str) -> tuple[tuple[str, ...], list[str]]:
    if not value:
        return (), []
    names = tuple(" ".join(name.split()) for name in value.split(UNIT_SEPARATOR))
    if not all(names):
        return (), [
            _(
                "Die Organisationseinheit „%(value)s“ enthält einen leeren Namen "
                "(Einheiten werden mit „ > “ getrennt)."
            )
            % {"value": value}
        ]
    limit = COLUMN_BY_FIELD["unit_path"].max_length
    too_long = [name for name in names if len(name) > limit]
    if too_long:
        return (), [
            _("Der Name der Organisationseinheit „%(value)s…“ ist länger als %(max)d Zeichen.")
            % {"value": too_long[0][:40], "max": limit}
        ]
    return names, []


def parse_date(value: str) -> date | None:
    """TT.MM.JJJJ (as German HR systems export it) or JJJJ-MM-TT; ``ValueError`` if not."""
    match = _GERMAN_DATE.fullmatch(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    match = _ISO_DATE.fullmatch(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    raise ValueError(value)


def _parse_date(value: str, messages: list[str]) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        messages.append(
            _("Das Datum „%(value)s“ ist ungültig (erwartet TT.MM.JJJJ).") % {"value": value}
        )
        return None


def _parse_flag(value: str, messages: list[str]) -> bool:
    key = value.casefold()
    if key in _TRUE:
        return True
    if key not in _FALSE:
        messages.append(
            _(
                "„%(value)s“ ist in der Spalte „Führungskraft“ nicht erlaubt "
                "(erlaubt: ja, nein, x, 1, 0, true, false oder leer)."
            )
            % {"value": value}
        )
    return False


class _FileWideChecks:
    """Personnel numbers and e-mail addresses may appear only once in a file."""

    def __init__(self):
        self.numbers: dict[str, int] = {}
        self.emails: dict[str, int] = {}

    def duplicates(self, row: EmployeeRow | None, line: int) -> list[str]:
        if row is None:
            return []
        messages = []
        first = self.numbers.setdefault(row.personnel_number, line)
        if first != line:
            messages.append(
                _("Die Personalnummer „%(value)s“ steht schon in Zeile %(first)d.")
                % {"value": row.personnel_number, "first": first}
            )
        first = self.emails.setdefault(row.email, line)
        if first != line:
            messages.append(
                _("Die E-Mail-Adresse „%(value)s“ steht schon in Zeile %(first)d.")
                % {"value": row.email, "first": first}
            )
        return messages


# --- Step 2: what the database knows -----------------------------------------------------


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _QUERY_CHUNK):
        yield values[start : start + _QUERY_CHUNK]


class StaffRecords:
    """The municipality's staff and structure, loaded in bulk before checking and writing.

    Checking and applying 50,000 rows must not cost several queries per row, so the
    employees, units, positions and leaders of the municipality, and the accounts whose
    e-mail address or user name the file mentions, are read once; unit and position
    lookups by name then happen in memory. Units and positions created during the
    import are added to the maps, so a later row finds them.
    """

    def __init__(self, municipality: Municipality):
        self.municipality = municipality
        self.employees: dict[str, Employee] = {}
        self.user_ids_by_email: dict[str, set[int]] = {}
        self.user_ids_by_username: dict[str, set[int]] = {}
        self._unit_ids: dict[tuple[int | None, str], int] = {}
        self._unit_by_path: dict[tuple[str, ...], int] = {}
        self._position_ids: dict[tuple[int, str], int] = {}
        self.unit_of_position: dict[int, int] = {}
        self.leader_pairs: set[tuple[int, int]] = set()
        self.manager_group = None
        self.manager_ids: set[int] = set()
        self.units_created = 0
        self.positions_created = 0

    @classmethod
    def load(cls, municipality: Municipality, rows: list[EmployeeRow]) -> StaffRecords:
        records = cls(municipality)
        employees = Employee.objects.filter(municipality=municipality).select_related("user")
        records.employees = {employee.personnel_number: employee for employee in employees}

        user_model = get_user_model()
        emails = sorted({row.email for row in rows})
        usernames = sorted({records.username_for(row).lower() for row in rows})
        for chunk in _chunks(emails):
            found = (
                user_model.objects.annotate(key=Lower("email"))
                .filter(key__in=chunk)
                .values_list("key", "pk")
            )
            for key, pk in found:
                records.user_ids_by_email.setdefault(key, set()).add(pk)
        for chunk in _chunks(usernames):
            found = (
                user_model.objects.annotate(key=Lower("username"))
                .filter(key__in=chunk)
                .values_list("key", "pk")
            )
            for key, pk in found:
                records.user_ids_by_username.setdefault(key, set()).add(pk)

        units = OrgUnit.objects.filter(municipality=municipality).values_list(
            "pk", "path", "depth", "name"
        )
        pk_by_path = {}
        for pk, path, depth, name in units:  # ordered by path: parents come first
            pk_by_path[path] = pk
            if depth == 1:
                parent = None
            else:
                parent = pk_by_path.get(path[: -OrgUnit.steplen])
                if parent is None:
                    continue  # parent in another municipality: never matched by name
            records._unit_ids.setdefault((parent, _key(name)), pk)

        positions = Position.objects.filter(org_unit__municipality=municipality).values_list(
            "pk", "org_unit_id", "title"
        )
        for pk, unit_id, title in positions:
            records._position_ids.setdefault((unit_id, _key(title)), pk)
            records.unit_of_position[pk] = unit_id

        records.leader_pairs = set(
            OrgUnit.leaders.through.objects.filter(orgunit__municipality=municipality).values_list(
                "orgunit_id", "employee_id"
            )
        )
        records.manager_group = municipality.role_group(Role.MANAGER)
        records.manager_ids = set(records.manager_group.user_set.values_list("pk", flat=True))
        return records

    def username_for(self, row: EmployeeRow) -> str:
        """The login the row's person will have after the import."""
        if row.username:
            return row.username
        employee = self.employees.get(row.personnel_number)
        return employee.user.username if employee else row.email

    def unit_for_path(self, path: tuple[str, ...]) -> int | None:
        """The id of the unit at ``path``, creating missing units on the way down."""
        if not path:
            return None
        if path in self._unit_by_path:
            return self._unit_by_path[path]
        parent_id = None
        for name in path:
            unit_id = self._unit_ids.get((parent_id, _key(name)))
            if unit_id is None:
                unit_id = self._create_unit(parent_id, name)
                self._unit_ids[(parent_id, _key(name))] = unit_id
            parent_id = unit_id
        self._unit_by_path[path] = parent_id
        return parent_id

    def _create_unit(self, parent_id: int | None, name: str) -> int:
        unit = OrgUnit(municipality=self.municipality, name=name)
        if parent_id is None:
            unit = OrgUnit.add_root(instance=unit)
        else:
            # Fetched afresh: inserting a sorted sibling shifts the paths of the units
            # after it, so a parent loaded earlier may have a stale path or child count.
            unit = OrgUnit.objects.get(pk=parent_id).add_child(instance=unit)
        self.units_created += 1
        return unit.pk

    def position_in(self, unit_id: int, title: str) -> int:
        """The id of the position ``title`` in the unit, created if missing."""
        key = (unit_id, _key(title))
        if key not in self._position_ids:
            position = Position.objects.create(org_unit_id=unit_id, title=title)
            self._position_ids[key] = position.pk
            self.unit_of_position[position.pk] = unit_id
            self.positions_created += 1
        return self._position_ids[key]


def find_conflicts(rows: list[EmployeeRow], records: StaffRecords) -> list[RowError]:
    """E-mail addresses and user names that would end up with two different people."""
    errors = []
    usernames_in_file: dict[str, int] = {}
    employee_by_user = {employee.user_id: employee for employee in records.employees.values()}
    for row in rows:
        employee = records.employees.get(row.personnel_number)
        own_user = employee.user_id if employee else None

        others = records.user_ids_by_email.get(row.email, set()) - {own_user}
        if others:
            holder = next(
                (employee_by_user[pk] for pk in sorted(others) if pk in employee_by_user), None
            )
            if holder is not None:
                message = _(
                    "Die E-Mail-Adresse „%(value)s“ gehört schon zur Personalnummer „%(number)s“."
                ) % {"value": row.email, "number": holder.personnel_number}
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


# --- Step 3: writing ---------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _assign(instance, values: dict) -> list[str]:
    """Set the values that differ and return their names (empty: nothing to save)."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def apply_row(row: EmployeeRow, parsed: ParsedFile, records: StaffRecords) -> tuple[str, bool]:
    """Create or update one row's person; return the outcome and whether it closed the account.

    Nothing is saved when nothing changed, so a repeated import leaves no trace. Saving
    goes through ``Employee.save()``, which keeps the position history, the staff group
    and the account state in step.
    """
    has = parsed.has
    unit_id = records.unit_for_path(row.unit_path) if has("unit_path") else None
    position_id = (
        records.position_in(unit_id, row.position_title)
        if has("position_title") and row.position_title
        else None
    )
    employee = records.employees.get(row.personnel_number)
    if employee is None:
        employee = _create_employee(row, records, unit_id, position_id)
        _grant_leadership(row, employee, unit_id, records)
        return CREATED, not employee.user.is_active

    user = employee.user
    user_values = {"email": row.email}
    if has("first_name"):
        user_values["first_name"] = row.first_name
    if has("last_name"):
        user_values["last_name"] = row.last_name
    if row.username:
        user_values["username"] = row.username
    user_changes = _assign(user, user_values)
    if user_changes:
        user.save(update_fields=user_changes)

    employee_values = {}
    if has("unit_path"):
        employee_values["org_unit_id"] = unit_id
        if has("position_title"):
            employee_values["position_id"] = position_id
        elif employee.position_id and records.unit_of_position.get(employee.position_id) != unit_id:
            # Moved to another unit: the old post stays behind in the old unit.
            employee_values["position_id"] = None
    for name in ("entry_date", "leaving_date"):
        if has(name):
            employee_values[name] = getattr(row, name)
    employee_changes = _assign(employee, employee_values)
    was_active = user.is_active
    if employee_changes:
        employee.save()
    leadership_changed = _grant_leadership(row, employee, unit_id, records)

    if user_changes or employee_changes or leadership_changed:
        return UPDATED, was_active and not user.is_active
    return UNCHANGED, False


def _create_employee(row, records, unit_id, position_id) -> Employee:
    user = get_user_model().objects.create_user(
        username=row.username or row.email,
        email=row.email,
        password=None,  # unusable until the person follows the invitation link
        first_name=row.first_name,
        last_name=row.last_name,
    )
    employee = Employee(
        user=user,
        municipality=records.municipality,
        personnel_number=row.personnel_number,
        org_unit_id=unit_id,
        entry_date=row.entry_date,
        leaving_date=row.leaving_date,
    )
    # Assigned after construction, so that Employee.save() records it as the person's
    # first position and dates the holding from the entry date (not from today).
    employee.position_id = position_id
    employee.save()
    records.employees[row.personnel_number] = employee
    if user.is_active:  # a leaver's account is closed at once: no invitation then
        transaction.on_commit(partial(send_invitation.enqueue, user.pk))
    return employee


def _grant_leadership(row, employee, unit_id, records) -> bool:
    """Make the person a leader of their unit and a member of the Führungskräfte group."""
    if not row.is_leader or unit_id is None:
        return False
    changed = False
    if (unit_id, employee.pk) not in records.leader_pairs:
        OrgUnit.leaders.through.objects.create(orgunit_id=unit_id, employee_id=employee.pk)
        records.leader_pairs.add((unit_id, employee.pk))
        changed = True
    if employee.user_id not in records.manager_ids:
        employee.user.groups.add(records.manager_group)
        records.manager_ids.add(employee.user_id)
        changed = True
    return changed


# --- The whole import --------------------------------------------------------------------


def import_employees(
    data: bytes, municipality: Municipality, *, dry_run: bool = False
) -> ImportResult:
    """Check the whole file, then apply it in one transaction; raise if any row is bad.

    Invitations are enqueued on commit, so a failed or dry run sends none.
    """
    parsed = read_employee_csv(data)
    result = ImportResult(dry_run=dry_run, ignored_headers=parsed.ignored_headers)
    try:
        with transaction.atomic():
            errors = list(parsed.errors)
            if parsed.rows:
                records = StaffRecords.load(municipality, parsed.rows)
                errors += find_conflicts(parsed.rows, records)
            if errors:
                raise ImportRejected(errors)
            for row in parsed.rows:
                outcome, deactivated = apply_row(row, parsed, records)
                setattr(result, outcome, getattr(result, outcome) + 1)
                result.deactivated += deactivated
                if outcome == CREATED and not deactivated:
                    result.invitations += 1
            result.units_created = records.units_created
            result.positions_created = records.positions_created
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        # Someone else created the same account or employee between check and write.
        logger.exception("Employee import for %s hit a unique constraint", municipality.slug)
        raise ImportRejected(
            [
                RowError(
                    None,
                    _(
                        "Die Daten wurden während des Imports an anderer Stelle geändert; "
                        "es wurde nichts importiert. Bitte den Import wiederholen."
                    ),
                )
            ]
        ) from None
    logger.info(
        "Employee import for %s%s: %s created, %s updated, %s unchanged",
        municipality.slug,
        " (dry run)" if dry_run else "",
        result.created,
        result.updated,
        result.unchanged,
    )
    return result
