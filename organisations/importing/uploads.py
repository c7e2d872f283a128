"""Running an uploaded staff file (``EmployeeImport``) in the background.

The admin stores the upload and enqueues ``tasks.run_employee_import`` with the run's id
(never the file); the worker calls ``run_upload``. Checking reports its progress on the
run, which the status page shows. The run is marked done inside the write transaction,
so a worker that dies at any point leaves either nothing or the finished import, and a
re-run (the stale-task reaper re-queues it) starts from the file again or finds it done:
the task is idempotent.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EmployeeImport
from . import ImportRejected, ImportResult, RowError, import_employees

logger = logging.getLogger(__name__)

#: Errors kept per run for the status page; a file whose every row is wrong usually has
#: one systematic fault, which the first rows show. The rest are counted.
MAX_STORED_ERRORS = 1000


def run_upload(import_id: int) -> str:
    """Check and write the run's file; returns its final status."""
    run = EmployeeImport.objects.filter(pk=import_id).select_related("municipality").first()
    if run is None:
        return "missing"
    if run.is_finished or run.purged_at:
        return run.status
    Status = EmployeeImport.Status
    runs = EmployeeImport.objects.filter(pk=run.pk)
    runs.update(status=Status.CHECKING, rows_checked=0)

    def progress(done: int, total: int) -> None:
        runs.update(rows_checked=done, rows_total=total)

    def before_commit(result: ImportResult) -> None:
        runs.update(
            status=Status.DONE,
            finished_at=timezone.now(),
            summary=result.summary(),
            counts=result.as_dict(),
            errors=[],
            error_count=0,
        )

    try:
        result = import_employees(
            bytes(run.data),
            run.municipality,
            dry_run=run.dry_run,
            mode=run.mode,
            progress=progress,
            before_commit=before_commit,
        )
    except ImportRejected as rejected:
        _finish(runs, Status.REJECTED, rejected.errors)
        return Status.REJECTED
    except Exception:
        logger.exception("Employee import %s failed", run.pk)
        _finish(
            runs,
            Status.FAILED,
            [
                RowError(
                    None, _("Ein technischer Fehler ist aufgetreten; es wurde nichts gespeichert.")
                )
            ],
        )
        raise
    if run.dry_run:
        # The dry run's transaction was rolled back, its result with it: record it now.
        runs.update(
            status=Status.DONE,
            finished_at=timezone.now(),
            summary=result.summary(),
            counts=result.as_dict(),
        )
    return Status.DONE


def _finish(runs, status: str, errors: list[RowError]) -> None:
    with transaction.atomic():
        runs.update(
            status=status,
            finished_at=timezone.now(),
            errors=[[error.line, error.message] for error in errors[:MAX_STORED_ERRORS]],
            error_count=len(errors),
        )
