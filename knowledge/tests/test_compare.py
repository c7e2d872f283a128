"""Comparing the same process across municipalities (one LeiKa key, steps aligned)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.tests.factories import data_for_module, section_of
from knowledge.compare import align, slot_keys, total_duration
from knowledge.models import Maturity
from organisations.tests.factories import make_employee, make_municipality

from .factories import decision, make_article, make_library, step

KEY = "99036011000000"


def s(title, category="", responsible="Sachbearbeitung", **kw) -> dict:
    """A step as ``steps_for_display`` gives it (only what compare reads)."""
    return {
        "title": title,
        "number": kw.pop("number", 0),
        "kind": "step",
        "category": category,
        "responsible": responsible,
        "system_kind": kw.pop("system_kind", ""),
        "system_name": kw.pop("system_name", ""),
        "duration_minutes": kw.pop("duration_minutes", None),
    }


def titles(row) -> list[str | None]:
    return [cell.step["title"] if cell.step else None for cell in row.cells]


# --- Alignment (pure) ------------------------------------------------------------------


def test_steps_are_aligned_by_category_in_category_order():
    left = [s("L-Eingang", "eingang"), s("L-Prüfung", "pruefung"), s("L-Bescheid", "bescheid")]
    # The right article pays before it decides, and has no "Prüfung".
    right = [s("R-Eingang", "eingang"), s("R-Bescheid", "bescheid"), s("R-Zahlung", "zahlung")]
    rows = align([left, right])
    assert [row.label for row in rows] == ["Eingang", "Prüfung", "Bescheid", "Zahlung"]
    assert [titles(row) for row in rows] == [
        ["L-Eingang", "R-Eingang"],
        ["L-Prüfung", None],
        ["L-Bescheid", "R-Bescheid"],
        [None, "R-Zahlung"],
    ]
    assert [row.has_gap for row in rows] == [False, True, False, True]


def test_repeated_categories_get_one_row_each():
    left = [s("L-P1", "pruefung"), s("L-P2", "pruefung")]
    right = [s("R-P1", "pruefung")]
    rows = align([left, right])
    assert [row.label for row in rows] == ["Prüfung", "Prüfung (2)"]
    assert [titles(row) for row in rows] == [["L-P1", "R-P1"], ["L-P2", None]]


def test_steps_without_category_are_aligned_by_order():
    left = [s("L1"), s("L2"), s("L3")]
    right = [s("R1"), s("R2")]
    rows = align([left, right])
    assert [titles(row) for row in rows] == [["L1", "R1"], ["L2", "R2"], ["L3", None]]
    assert rows[0].label == "Ohne Kategorie"


def test_uncategorised_steps_stay_behind_the_category_they_follow():
    left = [s("L-Eingang", "eingang"), s("L-Scan"), s("L-Bescheid", "bescheid")]
    right = [s("R-Eingang", "eingang"), s("R-Bescheid", "bescheid"), s("R-Ablage")]
    rows = align([left, right])
    assert [titles(row) for row in rows] == [
        ["L-Eingang", "R-Eingang"],
        ["L-Scan", None],
        ["L-Bescheid", "R-Bescheid"],
        [None, "R-Ablage"],
    ]
    assert rows[1].label == "Ohne Kategorie (nach Eingang)"


def test_differences_in_role_system_and_duration_are_marked():
    left = [
        s("A", "pruefung", "Sachbearbeitung", system_kind="e_akte", duration_minutes=10),
        s("B", "bescheid", "Sachbearbeitung", system_name="enaio", duration_minutes=5),
    ]
    right = [
        s("A", "pruefung", "sachbearbeitung ", system_kind="e_akte", duration_minutes=30),
        s("B", "bescheid", "Teamleitung", system_name="VOIS"),
    ]
    first, second = align([left, right])
    assert first.differences == ["duration"]
    assert all(cell.differs == {"duration"} for cell in first.cells)
    assert second.differences == ["responsible", "system"]
    assert second.difference_labels == ["Zuständig", "System"]
    # A duration stated on one side only is "not stated", not a difference.
    assert "duration" not in second.differences


def test_identical_steps_have_no_differences():
    steps = [s("A", "eingang", system_name="X", duration_minutes=3)]
    [row] = align([steps, [dict(steps[0])]])
    assert row.differences == [] and not row.has_gap


def test_slot_keys_number_repeats():
    keys = slot_keys([s("a", "pruefung"), s("b"), s("c", "pruefung"), s("d")])
    assert [key[3] for key in keys] == [1, 1, 2, 2]


def test_total_duration_sums_stated_durations():
    assert total_duration([s("a", duration_minutes=10), s("b"), s("c", duration_minutes=5)]) == 15
    assert total_duration([s("a")]) is None


# --- The page --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def towns(django_db_setup, django_db_blocker):
    """The same LeiKa key in the shared section, Blomberg, Lügde (one public, one intern)."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            blomberg_library = make_library(section_of(blomberg))
            luegde_library = make_library(section_of(luegde))
            make_article(
                blomberg_library,
                "Fahrzeug abmelden (Blomberg)",
                leika_key=KEY,
                steps=[
                    step("Antrag sichten", "Zulassung", "eingang", duration_minutes=5),
                    step("Antrag prüfen", "Zulassung", "pruefung", system_name="i-Kfz"),
                    decision(
                        "Vollständig",
                        "Zulassung",
                        branches=[("Ja", "Bestätigen"), ("Nein", "Antrag prüfen")],
                        category="entscheidung",
                    ),
                    step("Bestätigen", "Zulassung", "bescheid", duration_minutes=10),
                ],
            )
            make_article(
                luegde_library,
                "Fahrzeug abmelden (Lügde)",
                leika_key=KEY,
                ozg_service="Fahrzeugabmeldung",
                steps=[
                    step("Eingang erfassen", "Bürgerbüro", "eingang", duration_minutes=5),
                    step("Bestätigen", "Bürgerbüro", "bescheid", duration_minutes=20),
                    step("Gebühr buchen", "Kasse", "zahlung"),
                ],
            )
            make_article(
                luegde_library,
                "Fahrzeug abmelden (Lügde, intern)",
                leika_key=KEY,
                intern=True,
                steps=[step("Geheimer Schritt", "Kasse", "eingang")],
            )
            make_article(
                blomberg_library,
                "Fahrzeug abmelden (alt)",
                leika_key=KEY,
                maturity=Maturity.TO_BE_DELETED,
                steps=[step("Veralteter Schritt", "Kasse", "eingang")],
            )
            make_article(
                blomberg_library, "Einzelstück", leika_key="99000000000001", steps=[step("X")]
            )
            data = {
                "clerk": make_employee(blomberg).user,
                "stranger": make_employee(luegde).user,
            }
        yield data


def compare_url(key: str = KEY) -> str:
    return reverse("knowledge:compare", args=[key])


@pytest.mark.django_db
def test_compare_shows_the_articles_side_by_side(client, towns):
    client.force_login(towns["clerk"])
    response = client.get(compare_url())
    assert response.status_code == 200
    columns = [column["article"].title for column in response.context["columns"]]
    assert columns == ["Fahrzeug abmelden (Blomberg)", "Fahrzeug abmelden (Lügde)"]
    html = response.content.decode()
    assert "<table" in html and '<th scope="col">' in html and '<th scope="row">' in html
    assert "kein entsprechender Schritt" in html and "—" in html
    assert "abweichend" in html
    assert "Fahrzeugabmeldung" in html
    assert 'class="compare-scroll" tabindex="0" role="region"' in html
    labels = [row.label for row in response.context["rows"]]
    assert labels == ["Eingang", "Prüfung", "Entscheidung", "Bescheid", "Zahlung"]
    bescheid = response.context["rows"][3]
    assert bescheid.differences == ["responsible", "duration"]


@pytest.mark.django_db
def test_compare_leaves_out_foreign_internal_and_hidden_articles(client, towns):
    client.force_login(towns["clerk"])
    html = client.get(compare_url()).content.decode()
    assert "Geheimer Schritt" not in html
    assert "Veralteter Schritt" not in html
    client.force_login(towns["stranger"])
    response = client.get(compare_url())
    columns = {column["article"].title for column in response.context["columns"]}
    assert columns == {
        "Fahrzeug abmelden (Blomberg)",
        "Fahrzeug abmelden (Lügde)",
        "Fahrzeug abmelden (Lügde, intern)",
    }


@pytest.mark.django_db
def test_compare_with_one_article_says_so(client, towns):
    client.force_login(towns["clerk"])
    response = client.get(compare_url("99000000000001"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "nur eine Prozessbeschreibung" in html and "Einzelstück" in html
    assert "<table" not in html


@pytest.mark.django_db
def test_compare_with_no_article_says_so(client, towns):
    client.force_login(towns["clerk"])
    response = client.get(compare_url("12345678901234"))
    assert response.status_code == 200
    assert "keine Prozessbeschreibung, die Sie sehen können" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["9903601100000", "99036011000abc", "990360110000000"])
def test_compare_with_an_invalid_key_is_404(client, towns, key):
    client.force_login(towns["clerk"])
    assert client.get(f"/wissen/vergleich/{key}/").status_code == 404
