"""The learner's own data export: JSON and CSV with everything of theirs, nothing else."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from courses.tests.factories import (
    SAMPLE_QUIZ_CORRECT,
    data_for_module,
    make_course,
    make_course_index,
    make_module,
    sample_quiz,
    section_of,
)
from learning.export import CSV_COLUMNS
from learning.progress import complete_module, record_visit
from learning.quiz import submit_quiz
from organisations.tests.factories import make_employee, make_municipality

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
WRONG_Q4 = {**SAMPLE_QUIZ_CORRECT, "q-q4": ["q4-a"]}


def _answer(module, user, answers) -> None:
    submit_quiz(module, user, "quiz-1", MultiValueDict(answers))


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """Jana has completed "Aktenführung", failed a quiz once and started "Vergabe";
    her colleague and a stranger from Lügde have records of their own."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            shared = make_course_index(section_of(None))
            files = make_course(shared, "Aktenführung", slug="aktenfuehrung")
            reading = make_module(files, "Aktenplan lesen")
            quiz = make_module(files, "Aktenzeichen prüfen", body=[sample_quiz()])
            procurement = make_course(
                make_course_index(section_of(blomberg)), "Vergabe", slug="vergabe"
            )
            tendering = make_module(procurement, "Ausschreibung")
            secret = make_course(shared, "Kurs der Kollegin", slug="kollegin")
            secret_module = make_module(secret, "Modul der Kollegin", body=[sample_quiz()])

            learner = make_employee(blomberg, first_name="Jana", last_name="Beispiel").user
            _answer(quiz, learner, WRONG_Q4)
            _answer(quiz, learner, SAMPLE_QUIZ_CORRECT)
            complete_module(learner, reading)
            completion = complete_module(learner, quiz)
            record_visit(learner, tendering)

            colleague = make_employee(blomberg, first_name="Kai", last_name="Nachbar").user
            stranger = make_employee(luegde, first_name="Ole", last_name="Fremd").user
            others = {}
            for other in (colleague, stranger):
                _answer(secret_module, other, SAMPLE_QUIZ_CORRECT)
                others[other.pk] = complete_module(other, secret_module)
            data = {
                "learner": learner,
                "completion": completion,
                "colleague": colleague,
                "stranger": stranger,
                "other_completions": others,
            }
        yield data


def _json(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("learning:export_json"))
    assert response.status_code == 200
    return json.loads(response.content)


def _csv(client, user) -> list[dict]:
    client.force_login(user)
    response = client.get(reverse("learning:export_csv"))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _is_iso(value: str) -> bool:
    parsed = datetime.fromisoformat(value)
    return parsed.tzinfo is not None


# --- JSON -------------------------------------------------------------------------------


def test_json_export_lists_every_own_record_by_kind(client, town):
    data = _json(client, town["learner"])

    assert set(data) == {
        "exportiert_am",
        "person",
        "modulfortschritte",
        "quizversuche",
        "kursabschluesse",
    }
    assert data["person"]["name"] == "Jana Beispiel"
    progress = {(row["kurs"], row["modul"], row["status"]) for row in data["modulfortschritte"]}
    assert progress == {
        ("Aktenführung", "Aktenplan lesen", "Erledigt"),
        ("Aktenführung", "Aktenzeichen prüfen", "Erledigt"),
        ("Vergabe", "Ausschreibung", "In Bearbeitung"),
    }
    attempts = data["quizversuche"]
    assert [(a["kurs"], a["modul"], a["ergebnis_prozent"], a["bestanden"]) for a in attempts] == [
        ("Aktenführung", "Aktenzeichen prüfen", 75, False),
        ("Aktenführung", "Aktenzeichen prüfen", 100, True),
    ]
    assert attempts[0]["bestehensgrenze_prozent"] == 80
    assert [r["question_id"] for r in attempts[0]["antworten"]] == ["q1", "q2", "q3", "q4"]
    (completion,) = data["kursabschluesse"]
    assert completion["kurs"] == "Aktenführung"
    assert completion["pruefcode"] == town["completion"].verification_code
    assert completion["kommune"] == "Blomberg"
    for row in data["modulfortschritte"]:
        assert _is_iso(row["erster_besuch"]) and _is_iso(row["letzter_besuch"])
    assert _is_iso(completion["abgeschlossen_am"])


def test_json_export_is_a_dated_utf8_attachment(client, town):
    client.force_login(town["learner"])
    response = client.get(reverse("learning:export_json"))

    day = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="lernwerk-meine-daten-{day}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "Aktenführung".encode() in response.content  # not \u00fc escapes


# --- CSV --------------------------------------------------------------------------------


def test_csv_export_starts_with_bom_and_uses_semicolons(client, town):
    client.force_login(town["learner"])
    response = client.get(reverse("learning:export_csv"))

    day = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="lernwerk-meine-daten-{day}.csv"'
    )
    assert response.content.startswith(BOM + b"Art;Kurs;Modul;Datum;")
    header = response.content[len(BOM) :].decode().splitlines()[0]
    assert header.split(";") == CSV_COLUMNS


def test_csv_export_has_one_row_per_record_with_its_kind(client, town):
    rows = _csv(client, town["learner"])

    kinds = [row["Art"] for row in rows]
    assert kinds.count("Modulfortschritt") == 3
    assert kinds.count("Quizversuch") == 2
    assert kinds.count("Kursabschluss") == 1
    completion = next(row for row in rows if row["Art"] == "Kursabschluss")
    assert completion["Kurs"] == "Aktenführung"
    assert completion["Prüfcode"] == town["completion"].verification_code
    assert completion["Dauer in Minuten"] == "20"
    attempts = [row for row in rows if row["Art"] == "Quizversuch"]
    assert {
        (a["Modul"], a["Kurs"], a["Ergebnis in Prozent"], a["Bestanden"]) for a in attempts
    } == {
        ("Aktenzeichen prüfen", "Aktenführung", "75", "nein"),
        ("Aktenzeichen prüfen", "Aktenführung", "100", "ja"),
    }
    started = next(row for row in rows if row["Modul"] == "Ausschreibung")
    assert (started["Status"], started["Kurs"], started["Datum"]) == (
        "In Bearbeitung",
        "Vergabe",
        "",
    )
    for row in rows:
        assert row is started or _is_iso(row["Datum"])


def test_csv_cells_that_excel_would_run_as_formulas_are_quoted(client, town):
    course = make_course(make_course_index(section_of(None)), '=HYPERLINK("http://x")')
    complete_module(town["learner"], make_module(course, "@SUMME(A1)"))

    rows = _csv(client, town["learner"])
    row = next(row for row in rows if row["Modul"].endswith("SUMME(A1)"))
    assert row["Kurs"] == '\'=HYPERLINK("http://x")'
    assert row["Modul"] == "'@SUMME(A1)"


# --- Only one's own ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["colleague", "stranger"])
def test_exports_hold_only_the_downloaders_records(client, town, who):
    user = town[who]
    data = _json(client, user)
    own_code = town["other_completions"][user.pk].verification_code

    assert [row["modul"] for row in data["modulfortschritte"]] == ["Modul der Kollegin"]
    assert [row["modul"] for row in data["quizversuche"]] == ["Modul der Kollegin"]
    assert [row["pruefcode"] for row in data["kursabschluesse"]] == [own_code]

    rows = _csv(client, user)
    assert {row["Kurs"] for row in rows} == {"Kurs der Kollegin"}
    for export in (json.dumps(data, ensure_ascii=False), repr(rows)):
        assert "Jana" not in export
        assert "Aktenführung" not in export
        assert "Vergabe" not in export
        assert town["completion"].verification_code not in export


def test_a_person_without_records_gets_empty_lists_and_a_header(client, town):
    newcomer = make_employee(make_municipality()).user
    data = _json(client, newcomer)
    assert data["modulfortschritte"] == data["quizversuche"] == data["kursabschluesse"] == []
    assert _csv(client, newcomer) == []


@pytest.mark.parametrize("name", ["learning:export_json", "learning:export_csv"])
def test_anonymous_visitors_are_sent_to_login_for_exports(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _queries(client) -> int:
    """Queries of a warm request: the first one after a change refreshes the caches."""
    client.get(reverse("learning:export_csv"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("learning:export_csv")).status_code == 200
    return len(queries.captured_queries)


def test_export_query_count_does_not_grow_with_the_records(client, town):
    client.force_login(town["learner"])
    before = _queries(client)
    course = make_course(make_course_index(section_of(None)), "Noch ein Kurs")
    for _ in range(5):
        module = make_module(course, body=[sample_quiz()])
        _answer(module, town["learner"], SAMPLE_QUIZ_CORRECT)
        complete_module(town["learner"], module)
    assert _queries(client) == before
