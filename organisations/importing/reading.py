"""Step 1 of the staff import: decode, split and check an HR export, row by row.

Nothing here touches the database, so a file is checked completely (every bad line
reported at once) before anything is read or written. ``read_employee_csv`` returns
compact ``EmployeeRow``s, the columns the file has, and every format error with its
physical line number.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Upper bounds that keep a run's memory and time bounded. The documented maximum is a
#: municipality of 50,000 people; with every column filled and long unit paths a row
#: takes up to about 250 bytes, so 16 MB hold them with room to spare.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_ROWS = 50_000

#: How often (in rows) reading reports its progress.
PROGRESS_EVERY = 1_000

#: Separates the unit names of the "Organisationseinheit" path, top unit first.
UNIT_SEPARATOR = ">"

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


# --- Step 1: reading the file -----------------------------------------------------------


#: Called with (rows read, estimated rows in the file) while a file is read.
Progress = Callable[[int, int], None]


def read_employee_csv(data: bytes, progress: Progress | None = None) -> ParsedFile:
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
    # Lines minus the header: exact unless values span lines or lines are blank.
    estimate = max(data.count(b"\n") - 1, 1)
    return _parse_lines(lines, progress, estimate)


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


def _parse_lines(lines: Iterable[str], progress: Progress | None, estimate: int) -> ParsedFile:
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
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, max(count, estimate))
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
