"""A learner's own records, for download from the profile page (GDPR Art. 15 and 20).

Everything is read through ``.of(user)``, so the export can only ever hold the person's
own rows. Names of columns, keys and kinds are a data format, not interface text: they
stay the same German words whatever language the person chose, so a spreadsheet or
script built on one export still works with the next. Timestamps are ISO 8601 in local
time with their offset.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from core.tree import parent_path
from courses.models import CoursePage

from .models import CourseCompletion, ModuleProgress, ProgressStatus, QuizAttempt

#: The kinds of record, as named in the CSV's "Art" column.
PROGRESS, ATTEMPT, COMPLETION = "Modulfortschritt", "Quizversuch", "Kursabschluss"

CSV_COLUMNS = [
    "Art",
    "Kurs",
    "Modul",
    "Datum",
    "Status",
    "Erster Besuch",
    "Letzter Besuch",
    "Ergebnis in Prozent",
    "Bestehensgrenze in Prozent",
    "Bestanden",
    "Dauer in Minuten",
    "Prüfcode",
]

#: Excel runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_filename(extension: str) -> str:
    return f"lernwerk-meine-daten-{timezone.localdate().isoformat()}.{extension}"


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _yes_no(value: bool) -> str:
    return "ja" if value else "nein"


def module_progress(user) -> list[dict]:
    rows = (
        ModuleProgress.objects.of(user)
        .order_by("course__title", "module__path")
        .values(
            "course__title",
            "module__title",
            "status",
            "first_visit_at",
            "last_visit_at",
            "completed_at",
        )
    )
    with translation.override("de"):
        return [
            {
                "kurs": row["course__title"],
                "modul": row["module__title"],
                "status": str(ProgressStatus(row["status"]).label),
                "erster_besuch": _iso(row["first_visit_at"]),
                "letzter_besuch": _iso(row["last_visit_at"]),
                "erledigt_am": _iso(row["completed_at"]),
            }
            for row in rows
        ]


def quiz_attempts(user) -> list[dict]:
    """Attempts with the course of their module, found by page path in one more query."""
    rows = list(
        QuizAttempt.objects.of(user)
        .order_by("submitted_at", "pk")
        .values(
            "module__title",
            "module__path",
            "score",
            "pass_mark",
            "passed",
            "submitted_at",
            "results",
        )
    )
    course_paths = {parent_path(row["module__path"]) for row in rows if row["module__path"]}
    course_titles = dict(
        CoursePage.objects.filter(path__in=course_paths).values_list("path", "title")
    )
    return [
        {
            "kurs": course_titles.get(parent_path(row["module__path"] or "")),
            "modul": row["module__title"],
            "ergebnis_prozent": row["score"],
            "bestehensgrenze_prozent": row["pass_mark"],
            "bestanden": row["passed"],
            "abgegeben_am": _iso(row["submitted_at"]),
            "antworten": row["results"],
        }
        for row in rows
    ]


def course_completions(user) -> list[dict]:
    rows = (
        CourseCompletion.objects.of(user)
        .order_by("completed_at", "pk")
        .values(
            "course_title",
            "learner_name",
            "municipality_name",
            "completed_at",
            "duration_minutes",
            "quizzes_passed",
            "verification_code",
        )
    )
    return [
        {
            "kurs": row["course_title"],
            "name": row["learner_name"],
            "kommune": row["municipality_name"],
            "abgeschlossen_am": _iso(row["completed_at"]),
            "dauer_minuten": row["duration_minutes"],
            "tests_bestanden": row["quizzes_passed"],
            "pruefcode": row["verification_code"],
        }
        for row in rows
    ]


def learning_records(user) -> dict:
    """All of the person's learning records: one list per kind."""
    return {
        "exportiert_am": _iso(timezone.now()),
        "person": {
            "benutzername": user.get_username(),
            "name": user.get_full_name(),
        },
        "modulfortschritte": module_progress(user),
        "quizversuche": quiz_attempts(user),
        "kursabschluesse": course_completions(user),
    }


def records_as_json(user) -> str:
    return json.dumps(learning_records(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _cell(value) -> str:
    """A cell as text; text that Excel would run as a formula is quoted with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _flat_records(user) -> Iterator[dict]:
    for row in module_progress(user):
        yield {
            "Art": PROGRESS,
            "Kurs": row["kurs"],
            "Modul": row["modul"],
            "Datum": row["erledigt_am"],
            "Status": row["status"],
            "Erster Besuch": row["erster_besuch"],
            "Letzter Besuch": row["letzter_besuch"],
        }
    for row in quiz_attempts(user):
        yield {
            "Art": ATTEMPT,
            "Kurs": row["kurs"],
            "Modul": row["modul"],
            "Datum": row["abgegeben_am"],
            "Ergebnis in Prozent": row["ergebnis_prozent"],
            "Bestehensgrenze in Prozent": row["bestehensgrenze_prozent"],
            "Bestanden": row["bestanden"],
        }
    for row in course_completions(user):
        yield {
            "Art": COMPLETION,
            "Kurs": row["kurs"],
            "Datum": row["abgeschlossen_am"],
            "Bestanden": row["tests_bestanden"],
            "Dauer in Minuten": row["dauer_minuten"],
            "Prüfcode": row["pruefcode"],
        }


def csv_rows(user) -> Iterator[list[str]]:
    """A header, then one row per record with its kind in the first column ("Art")."""
    yield CSV_COLUMNS
    for record in _flat_records(user):
        yield [_cell(record.get(column)) for column in CSV_COLUMNS]


def records_as_csv(user) -> str:
    """Semicolons and a byte order mark: what German Excel opens without a wizard."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(csv_rows(user))
    return buffer.getvalue()
