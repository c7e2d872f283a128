"""Tasks left "running" by a dead worker are re-queued, and the import survives it.

Runs against the real django-tasks-db tables (the database backend instead of the
immediate one the other tests use), and lets ``db_worker``'s ``Worker`` run the
re-queued task (its loop closes connections, which a test transaction cannot have).
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from organisations.models import Employee, EmployeeImport
from organisations.tasks import run_employee_import
from organisations.tests.factories import make_municipality

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("database_tasks"),
]

FILE = (
    "Personalnummer;Vorname;Nachname;E-Mail;Organisationseinheit\r\n"
    "1001;Anna;Müller;anna@blomberg.de;Stadt Blomberg\r\n"
    "1002;Ben;Meier;ben@blomberg.de;Stadt Blomberg\r\n"
).encode()


@pytest.fixture
def database_tasks():
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ):
        yield


def killed_while_running(result, *, workers=("worker-a",), hours=2) -> DBTaskResult:
    """As a worker leaves a task when it is killed: claimed, never finished."""
    row = DBTaskResult.objects.get(pk=result.id)
    for worker in workers:
        row.claim(worker)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=hours)
    )
    return row


def test_task_of_a_dead_worker_is_requeued_and_the_import_runs_once(
    django_capture_on_commit_callbacks,
):
    blomberg = make_municipality("Blomberg")
    run = EmployeeImport.objects.create(municipality=blomberg, file_name="p.csv", data=FILE)
    row = killed_while_running(run_employee_import.enqueue(run.pk))
    out = StringIO()

    call_command("requeue_stale_tasks", stdout=out)

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert "1 erneut eingereiht, 0 als fehlgeschlagen markiert" in out.getvalue()
    ready = DBTaskResult.objects.ready().get(pk=row.pk)
    ready.claim("worker-b")
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="worker-b",
        excluded_queue_names=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        worker.run_task(ready)
    row.refresh_from_db()
    run.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert run.status == EmployeeImport.Status.DONE
    assert Employee.objects.filter(municipality=blomberg).count() == 2

    # The task again (a worker that was only slow): nothing changes.
    summary, employees = run.summary, list(Employee.objects.values_list("pk", "user_id"))
    assert run_employee_import.call(run.pk) == EmployeeImport.Status.DONE
    run.refresh_from_db()
    assert run.summary == summary
    assert list(Employee.objects.values_list("pk", "user_id")) == employees


def test_running_tasks_within_the_timeout_are_left_alone():
    blomberg = make_municipality("Blomberg")
    run = EmployeeImport.objects.create(municipality=blomberg, file_name="p.csv", data=FILE)
    row = killed_while_running(run_employee_import.enqueue(run.pk), hours=0)

    call_command("requeue_stale_tasks", stdout=StringIO())

    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_task_that_lost_its_worker_too_often_fails_with_a_message(client):
    blomberg = make_municipality("Blomberg")
    run = EmployeeImport.objects.create(municipality=blomberg, file_name="p.csv", data=FILE)
    result = run_employee_import.enqueue(run.pk)
    EmployeeImport.objects.filter(pk=run.pk).update(task_id=str(result.id))
    row = killed_while_running(result, workers=("a", "b", "c"))

    call_command("requeue_stale_tasks", stdout=StringIO())

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "organisations.tasks.WorkerLost"
    assert "3 attempts" in row.traceback
    from organisations.tests.factories import make_cooperation_admin

    client.force_login(make_cooperation_admin())
    page = client.get(f"/admin/beschaeftigte-importieren/{run.pk}/").content.decode()
    assert "mehrmals ausgefallen" in page
    assert 'http-equiv="refresh"' not in page


def test_old_import_files_and_errors_are_deleted_after_the_retention_period(settings):
    settings.LERNWERK_IMPORT_RETENTION_DAYS = 30
    blomberg = make_municipality("Blomberg")
    old = EmployeeImport.objects.create(
        municipality=blomberg,
        file_name="alt.csv",
        data=FILE,
        status=EmployeeImport.Status.REJECTED,
        errors=[[3, "Die E-Mail-Adresse „anna@blomberg“ ist ungültig."]],
        error_count=1,
        summary="",
    )
    EmployeeImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = EmployeeImport.objects.create(municipality=blomberg, file_name="neu.csv", data=FILE)

    call_command("prune_employee_imports", now=True, stdout=StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (bytes(old.data), old.errors, old.error_count) == (b"", [], 1)
    assert old.purged_at is not None
    assert bytes(recent.data) == FILE and recent.purged_at is None
