"""Import of staff from the HR system's export, one municipality at a time.

HR is the source of truth for who works where, so its export creates and updates the
accounts, org units, positions and employees of a municipality. The pipeline has three
steps, each testable without HTTP, and is meant to be fed by other sources too (the
directory sync will hand it ``EmployeeRow``s instead of a CSV file):

1. **read** (``reading``): decode and parse the file into compact ``EmployeeRow``s,
   collecting every format error with its physical line number;
2. **check** (``records``): read what the database knows in a few bulk queries and check
   the rows against it (e-mail addresses and user names of somebody else, unit paths
   that do not start at the municipality's top unit). Steps 1 and 2 run outside any
   transaction and may take seconds for a big file; they report their progress;
3. **write** (``writing``): one short all-or-nothing transaction, set-based: bulk
   accounts, people, units, positions, position history, groups, leaders; then one
   ``staff_changed`` signal, from which ``learning`` syncs the obligations and
   ``handovers`` starts handovers for the whole import at once.

A file with any bad row writes nothing: a half-imported staff list is worse than none,
because the people left out would silently miss their mandatory training.

Two modes. *Partial* (the default): people missing from the file stay as they are, so
a file may cover one department. *Full*: the file is the whole staff, and people missing
from it leave today (leaving date set, handovers started as for any recorded leaving;
the account closes when the day has passed, as for every leaver).

Columns that are not in the file leave the matching fields unchanged; a column that is
in the file is authoritative for the people listed (an empty "Austrittsdatum" clears
the leaving date). Two deliberate exceptions: a user name is only changed when the file
gives one (a changed login surprises people), and "Führungskraft" only ever grants
leadership, because leaders are also appointed in the admin and an import must not undo
that silently. Someone who moves to another unit in a file without a "Stelle" column
leaves their old position behind (it belongs to the old unit).

Admin uploads run as a background task (``EmployeeImport``, ``tasks.run_employee_import``);
the command ``import_employees`` runs the pipeline directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.db import IntegrityError, models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import Municipality
from . import records as staff_records
from .reading import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    UNIT_SEPARATOR,
    EmployeeRow,
    ImportRejected,
    ParsedFile,
    RowError,
    parse_date,
    read_employee_csv,
)
from .records import StaffRecords
from .writing import EmployeeChange, StaffChanges, StaffCounts, staff_changed, write_staff

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "UNIT_SEPARATOR",
    "EmployeeChange",
    "EmployeeRow",
    "ImportMode",
    "ImportRejected",
    "ImportResult",
    "ParsedFile",
    "RowError",
    "StaffChanges",
    "accounts_created",
    "check_employee_file",
    "import_employees",
    "parse_date",
    "read_employee_csv",
    "staff_changed",
]

logger = logging.getLogger(__name__)

#: Sent inside the write transaction with ``user_ids``: the active accounts the write
#: created. ``organisations.signals`` invites them once the transaction commits, so a
#: refused or dry run invites nobody. A signal and not a call because the import itself
#: runs in a task of ``organisations.tasks``, which this package must not import back.
accounts_created = Signal()


class ImportMode(models.TextChoices):
    PARTIAL = "partial", gettext_lazy("Teilbestand: Wer fehlt, bleibt unverändert")
    FULL = "full", gettext_lazy("Gesamtbestand: Wer fehlt, tritt heute aus")


#: Called with (rows checked, rows expected) while a file is checked.
Progress = Callable[[int, int], None]


@dataclass
class ImportResult(StaffCounts):
    """What an import did (or, in a dry run, would have done)."""

    invitations: int = 0
    dry_run: bool = False
    ignored_headers: tuple[str, ...] = ()

    def summary(self) -> str:
        """One German sentence for the result page and the command's output."""
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
        if self.left:
            accounts += ", " + ngettext(
                "%(count)d Person nicht mehr in der Datei: Austritt heute",
                "%(count)d Personen nicht mehr in der Datei: Austritt heute",
                self.left,
            ) % {"count": self.left}
        text = f"{counts}; {structure}; {accounts}."
        if self.ignored_headers:
            text += " " + _("Nicht verwendete Spalten: %(headers)s.") % {
                "headers": ", ".join(f"„{header}“" for header in self.ignored_headers)
            }
        if self.dry_run:
            text = _("Probelauf, nichts gespeichert: %(text)s") % {"text": text}
        return text

    def as_dict(self) -> dict:
        return {
            name: getattr(self, name)
            for name in (
                "created",
                "updated",
                "unchanged",
                "units_created",
                "positions_created",
                "invitations",
                "deactivated",
                "left",
            )
        }


@dataclass
class CheckedFile:
    """A file that passed steps 1 and 2, ready to be written."""

    parsed: ParsedFile
    records: StaffRecords


def check_employee_file(
    data: bytes, municipality: Municipality, progress: Progress | None = None
) -> CheckedFile:
    """Steps 1 and 2: read and check everything, write nothing; raise if any row is bad.

    Runs outside any transaction, so a big file does not hold a write lock while it is
    checked (on SQLite that lock would stop everybody else's logins).
    """
    parsed = read_employee_csv(data, progress)
    errors = list(parsed.errors)
    records = None
    if parsed.rows:
        records = StaffRecords.load(municipality, parsed.rows)
        errors += staff_records.find_conflicts(parsed.rows, records)
        errors += staff_records.find_unit_errors(parsed.rows, records)
    if errors:
        raise ImportRejected(errors)
    if progress is not None:
        progress(len(parsed.rows), len(parsed.rows))
    return CheckedFile(parsed, records)


def import_employees(
    data: bytes,
    municipality: Municipality,
    *,
    dry_run: bool = False,
    mode: str = ImportMode.PARTIAL,
    progress: Progress | None = None,
    before_commit: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Check the whole file, then write it in one short transaction; raise if any row is bad.

    ``before_commit`` runs inside the write transaction, so a caller can record the
    outcome atomically with the import (a re-run then finds it done). Invitations are
    enqueued on commit, so a failed or dry run sends none.
    """
    checked = check_employee_file(data, municipality, progress)
    result = ImportResult(dry_run=dry_run, ignored_headers=checked.parsed.ignored_headers)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            counts, _changes = write_staff(
                checked.parsed, checked.records, full=mode == ImportMode.FULL, today=today
            )
            for count in fields(StaffCounts):
                setattr(result, count.name, getattr(counts, count.name))
            result.invitations = len(counts.invited_user_ids)
            accounts_created.send(sender=ImportResult, user_ids=counts.invited_user_ids)
            if before_commit is not None:
                before_commit(result)
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
        "Employee import for %s%s: %s created, %s updated, %s unchanged, %s left",
        municipality.slug,
        " (dry run)" if dry_run else "",
        result.created,
        result.updated,
        result.unchanged,
        result.left,
    )
    return result
