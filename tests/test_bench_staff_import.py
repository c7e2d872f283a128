"""The staff import benchmark (``bench/staff_import.py``) at tiny scale, in-process."""

import pytest

from bench.staff_import import measure, report
from organisations.models import Employee, EmployeeImport

pytestmark = pytest.mark.django_db


def test_tiny_staff_import_benchmark_imports_and_reimports_without_changes():
    rows = measure(120, scale="tiny", in_process=True, out=lambda line: None)

    new, again = rows
    assert new["counts"]["created"] == 120
    assert again["counts"] == {**again["counts"], "created": 0, "updated": 0, "unchanged": 120}
    assert EmployeeImport.objects.filter(status=EmployeeImport.Status.DONE).count() == 2
    assert Employee.objects.filter(personnel_number__startswith="9").count() == 120
    assert "| same file again |" in report(rows, 120)
