"""Articles as readers and authors see them: page, library, search, PDF, validation.

Who reads what: shared articles are for everybody, a municipality's articles for the
whole cooperation unless marked "intern" (then only its own staff; others get 404, as
for any page they may not see). Articles "inaktiv" or "vorgesehen zum Löschen" leave
listings, search and comparison but stay readable by their address, with a notice, so
links in handovers, mails and bookmarks do not break.
"""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core import versions
from courses.tests.factories import data_for_module, make_course, make_course_index, section_of
from knowledge.blocks import ProcessStepsBlock
from knowledge.models import KnowledgeIndexPage, Maturity, ProcessArticlePage, leika_validator
from organisations.models import STAFF_KEY, PositionHolding
from organisations.roles import Role
from organisations.tests.factories import (
    make_employee,
    make_municipality,
    make_position,
    make_unit,
)

from .factories import decision, make_article, make_library, numbered_steps, step

pytestmark = pytest.mark.django_db

MAX_QUERIES_ABOVE_BASELINE = 6


def vehicle_steps() -> list[dict]:
    return [
        step(
            "Antrag im Portal prüfen",
            "Sachbearbeitung Zulassung",
            category="eingang",
            action="Den Antrag im i-Kfz-Portal öffnen und die Angaben prüfen.",
            system_kind="fachverfahren",
            system_name="i-Kfz-Portal",
            documents=["Zulassungsbescheinigung Teil I", "Formular 0815 <Abmeldung>"],
            duration_minutes=15,
            notes="Bei Rückfragen anrufen.",
        ),
        decision(
            "Unterlagen vollständig",
            "Sachbearbeitung Zulassung",
            branches=[("Ja", "Abmeldung bestätigen"), ("Nein", "Unterlagen nachfordern")],
            category="entscheidung",
            question="Liegen alle Unterlagen vor?",
        ),
        step("Unterlagen nachfordern", "Sachbearbeitung Zulassung", category="pruefung"),
        step(
            "Abmeldung bestätigen",
            "Teamleitung Zulassung",
            category="bescheid",
            system_kind="e_akte",
            system_name="enaio",
            duration_minutes=80,
        ),
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Blomberg and Lügde with libraries, articles of every kind, and a reader each."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            shared = make_library(section_of(None), "Prozesse für alle")
            own = make_library(section_of(blomberg), "Prozesse in Blomberg")
            other = make_library(section_of(luegde), "Prozesse in Lügde")
            unit = make_unit(blomberg, "Straßenverkehrsamt")
            owner_position = make_position(unit, "Sachgebietsleitung Zulassung")
            deputy_position = make_position(unit, "Sachbearbeitung Zulassung 1")
            holder = make_employee(blomberg, unit=unit, first_name="Petra", last_name="Prozess")
            PositionHolding.objects.create(
                position=owner_position, employee=holder, started_on=datetime.date(2020, 1, 1)
            )
            courses = make_course_index(section_of(None), "Kurse")
            shared_course = make_course(courses, "i-Kfz für Einsteiger")
            luegde_course = make_course(
                make_course_index(section_of(luegde), "Kurse Lügde"), "Geheimkurs Lügde"
            )
            shared_article = make_article(
                shared,
                "Eingangspost scannen",
                tags=["E-Akte"],
                purpose="Post landet digital in der E-Akte.",
            )
            foreign_public = make_article(
                other, "Reitkennzeichen ausgeben", purpose="Reitkennzeichen für Pferde."
            )
            articles = {
                "shared": shared_article,
                "vehicle": make_article(
                    own,
                    "Abmeldung eines Fahrzeugs (i-Kfz)",
                    steps=vehicle_steps(),
                    tags=["Kfz", "E-Akte"],
                    purpose="Fahrzeuge online abmelden.",
                    trigger="Ein Antrag kommt über das i-Kfz-Portal.",
                    legal_basis="<p>§ 14 FZV</p>",
                    inputs="Antrag, Siegelcode",
                    outputs="Abmeldebestätigung",
                    contacts=[
                        {
                            "type": "contact",
                            "value": {
                                "name": "KBA-Hotline",
                                "organisation": "Kraftfahrt-Bundesamt",
                                "phone": "0461 316-0",
                                "email": "hotline@example.org",
                                "topic": "Störungen im Portal",
                            },
                        }
                    ],
                    leika_key="99036011000000",
                    ozg_service="Fahrzeugabmeldung",
                    responsible_unit=unit,
                    owner_position=owner_position,
                    deputy_position=deputy_position,
                    next_review_date=timezone.localdate() - datetime.timedelta(days=3),
                    maturity=Maturity.SILVER,
                    related_courses=[shared_course, luegde_course],
                    related_articles=[shared_article, foreign_public],
                ),
                "own_intern": make_article(
                    own, "Kassenanordnung Blomberg", intern=True, purpose="Intern."
                ),
                "foreign_public": foreign_public,
                "foreign_intern": make_article(
                    other,
                    "Friedhofskasse Lügde",
                    intern=True,
                    tags=["E-Akte"],
                    purpose="Post der Friedhofskasse.",
                ),
                "inactive": make_article(
                    own,
                    "Altes Scanverfahren",
                    maturity=Maturity.INACTIVE,
                    tags=["E-Akte"],
                    purpose="Post wurde früher auf Mikrofilm gebracht.",
                ),
            }
            data = {
                "blomberg": blomberg,
                "luegde": luegde,
                "libraries": {"shared": shared, "own": own, "other": other},
                "articles": articles,
                "courses": courses,
                "clerk": make_employee(blomberg).user,
                "stranger": make_employee(luegde).user,
            }
        yield data


def titles_in(response) -> set[str]:
    return {article.title for article in response.context["articles"]}


# --- The article page ------------------------------------------------------------------


def test_reader_sees_every_part_of_an_article(client, world):
    client.force_login(world["clerk"])
    article = world["articles"]["vehicle"]
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Fahrzeuge online abmelden.",
        "Ein Antrag kommt über das i-Kfz-Portal.",
        "§ 14 FZV",
        "Antrag, Siegelcode",
        "Abmeldebestätigung",
        "KBA-Hotline",
        "99036011000000",
        "Fahrzeugabmeldung",
        "fachlich freigegeben (Silber)",
        "Sachgebietsleitung Zulassung",
        "Petra Prozess",
        "Sachbearbeitung Zulassung 1",
        "Straßenverkehrsamt",
        "Prozessbeschreibung der Kommune Blomberg",
        "PDF herunterladen",
    ):
        assert text in html, text
    assert reverse("knowledge:article_pdf", args=[article.pk]) in html
    assert reverse("knowledge:compare", args=["99036011000000"]) in html
    assert "Überfällig seit" in html and "Prüfung überfällig" in html


def test_diagram_sits_in_a_figure_with_the_step_list_as_text_alternative(client, world):
    client.force_login(world["clerk"])
    html = client.get(world["articles"]["vehicle"].url).content.decode()
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert "<figcaption" in figure
    assert 'role="region"' in figure and 'tabindex="0"' in figure
    assert '<svg class="process-diagram"' in figure and 'aria-hidden="true"' in figure
    steps = figure[figure.index("<ol") :]
    for text in (
        "Schritt 1",
        "Antrag im Portal prüfen",
        "Eingang",
        "Sachbearbeitung Zulassung",
        "Den Antrag im i-Kfz-Portal öffnen",
        "Fachverfahren: i-Kfz-Portal",
        "Zulassungsbescheinigung Teil I",
        "Formular 0815 &lt;Abmeldung&gt;",
        "ca. 15 Minuten",
        "ca. 80 Minuten (1 Std. 20 Min.)",
        "Bei Rückfragen anrufen.",
        "Liegen alle Unterlagen vor?",
        "DMS / E-Akte: enaio",
    ):
        assert text in steps, text
    # Decisions name their branches and the numbered steps they lead to.
    assert 'Ja</span> <span aria-hidden="true">→</span>' in steps
    assert '<a href="#schritt-4">Schritt 4: Abmeldung bestätigen</a>' in steps
    assert '<a href="#schritt-3">Schritt 3: Unterlagen nachfordern</a>' in steps
    assert 'id="schritt-4"' in steps


def test_related_courses_and_articles_only_those_the_reader_may_see(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["articles"]["vehicle"].url)
    assert [c.title for c in response.context["related_courses"]] == ["i-Kfz für Einsteiger"]
    assert {a.title for a in response.context["related_articles"]} == {
        "Eingangspost scannen",
        "Reitkennzeichen ausgeben",
    }
    assert "Geheimkurs Lügde" not in response.content.decode()


# --- "intern": who reads what ----------------------------------------------------------


def test_other_municipality_cannot_open_an_internal_article(client, world):
    client.force_login(world["stranger"])
    assert client.get(world["articles"]["own_intern"].url).status_code == 404
    assert client.get(world["articles"]["vehicle"].url).status_code == 200


def test_own_municipality_reads_its_internal_article(client, world):
    client.force_login(world["clerk"])
    assert client.get(world["articles"]["own_intern"].url).status_code == 200
    assert client.get(world["articles"]["foreign_public"].url).status_code == 200
    assert client.get(world["articles"]["foreign_intern"].url).status_code == 404


def test_shared_articles_are_visible_to_all(client, world):
    for user in (world["clerk"], world["stranger"]):
        client.force_login(user)
        assert client.get(world["articles"]["shared"].url).status_code == 200


def test_library_lists_shared_own_and_other_public_articles(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["libraries"]["other"].url)
    assert response.status_code == 200
    assert titles_in(response) == {
        "Eingangspost scannen",
        "Abmeldung eines Fahrzeugs (i-Kfz)",
        "Kassenanordnung Blomberg",
        "Reitkennzeichen ausgeben",
    }
    client.force_login(world["stranger"])
    response = client.get(world["libraries"]["own"].url)
    assert titles_in(response) == {
        "Eingangspost scannen",
        "Abmeldung eines Fahrzeugs (i-Kfz)",
        "Reitkennzeichen ausgeben",
        "Friedhofskasse Lügde",
    }


def test_library_filters_by_topic_municipality_and_search(client, world):
    client.force_login(world["clerk"])
    url = world["libraries"]["shared"].url
    assert titles_in(client.get(url, {"thema": "e-akte"})) == {
        "Eingangspost scannen",
        "Abmeldung eines Fahrzeugs (i-Kfz)",
    }
    assert titles_in(client.get(url, {"kommune": "luegde"})) == {"Reitkennzeichen ausgeben"}
    assert titles_in(client.get(url, {"kommune": "gemeinsam"})) == {"Eingangspost scannen"}
    assert titles_in(client.get(url, {"q": "Pferde"})) == {"Reitkennzeichen ausgeben"}
    assert titles_in(client.get(url, {"q": "Friedhofskasse"})) == set()
    response = client.get(url, {"q": "Mikrofilm"})
    assert titles_in(response) == set()
    assert "Zu Ihrer Suche passt keine Prozessbeschreibung." in response.content.decode()


def test_catalogue_search_finds_articles_below_the_courses(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["courses"].url, {"q": "Post"})
    assert response.status_code == 200
    [hits] = response.context["other_hits"]
    assert hits["heading"] == "Prozessbeschreibungen"
    assert [hit["title"] for hit in hits["results"]] == ["Eingangspost scannen"]
    html = response.content.decode()
    assert html.index(">Kurse</h2>") < html.index(">Prozessbeschreibungen</h2>")
    assert world["articles"]["shared"].url in html


def test_catalogue_search_respects_intern_and_maturity(client, world):
    client.force_login(world["stranger"])
    [hits] = client.get(world["courses"].url, {"q": "Post"}).context["other_hits"]
    assert {hit["title"] for hit in hits["results"]} == {
        "Eingangspost scannen",
        "Friedhofskasse Lügde",
    }
    client.force_login(world["clerk"])
    for query in ("Friedhofskasse", "Mikrofilm"):
        [hits] = client.get(world["courses"].url, {"q": query}).context["other_hits"]
        assert hits["results"] == [], query
    response = client.get(world["courses"].url, {"q": "Mikrofilm"})
    assert "Zu „Mikrofilm“ passt keine Prozessbeschreibung." in response.content.decode()


def test_catalogue_without_search_shows_no_article_section(client, world):
    client.force_login(world["clerk"])
    response = client.get(world["courses"].url)
    assert response.context["other_hits"] == []


# --- Maturity --------------------------------------------------------------------------


def test_inactive_article_is_not_listed_but_readable_by_its_address(client, world):
    """Decision: hidden from listings, search and comparison, never from its URL."""
    client.force_login(world["clerk"])
    article = world["articles"]["inactive"]
    assert article.title not in titles_in(client.get(world["libraries"]["own"].url))
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "erscheint in keiner Liste und keiner Suche" in html
    assert "inaktiv" in html


def test_listed_article_has_no_maturity_notice(client, world):
    client.force_login(world["clerk"])
    html = client.get(world["articles"]["shared"].url).content.decode()
    assert "erscheint in keiner Liste" not in html


# --- Validation ------------------------------------------------------------------------


def test_decision_pointing_to_a_missing_step_is_rejected_by_the_block():
    block = ProcessStepsBlock()
    value = block.to_python(
        [
            step("Antrag prüfen"),
            decision("Vollständig", branches=[("Ja", "Antrag prüfen"), ("Nein", "Gibt es nicht")]),
        ]
    )
    with pytest.raises(StreamBlockValidationError) as raised:
        block.clean(value)
    messages = str(raised.value.as_json_data())
    assert "Die Verzweigung „Nein“ verweist auf den Schritt „Gibt es nicht“" in messages
    assert "den es nicht gibt" in messages
    assert 1 in raised.value.block_errors


def test_valid_steps_pass_the_block():
    block = ProcessStepsBlock()
    value = block.to_python(
        [
            step("Antrag prüfen"),
            decision("Vollständig", branches=[("Ja", "Bescheid"), ("Nein", "antrag prüfen")]),
            step("Bescheid"),
        ]
    )
    assert len(block.clean(value)) == 3


def list_block(items: list) -> dict:
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def article_form_data(title: str, steps: list[tuple[str, dict]]) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "formular-test",
            "purpose": "Zweck.",
            "trigger": "Antrag.",
            "legal_basis": rich_text(""),
            "inputs": "",
            "outputs": "",
            "steps": streamfield(steps),
            "contacts": streamfield([]),
            "tags": "",
            "leika_key": "",
            "ozg_service": "",
            "maturity": "entwurf",
            "review_interval_months": "12",
            "next_review_date": "",
            "comments": inline_formset([]),
        }
    )


def form_step(title: str) -> dict:
    return {
        "title": title,
        "category": "",
        "responsible": "Sachbearbeitung",
        "action": "Tun.",
        "system_kind": "",
        "system_name": "",
        "documents": list_block([]),
        "duration_minutes": "",
        "notes": "",
    }


def form_decision(title: str, branches: list[tuple[str, str]]) -> dict:
    return {
        "title": title,
        "category": "",
        "responsible": "Sachbearbeitung",
        "question": "Passt es?",
        "branches": list_block([{"label": label, "goto": goto} for label, goto in branches]),
        "notes": "",
    }


def test_editor_gets_a_clear_message_for_a_branch_to_a_missing_step(client, world):
    editor = make_employee(world["blomberg"], roles=[Role.EDITOR]).user
    client.force_login(editor)
    library = world["libraries"]["own"]
    url = reverse("wagtailadmin_pages:add", args=["knowledge", "processarticlepage", library.pk])
    steps = [
        ("step", form_step("Antrag prüfen")),
        ("decision", form_decision("Vollständig", [("Ja", "Antrag prüfen"), ("Nein", "Weg")])),
    ]
    response = client.post(url, article_form_data("Mit Fehler", steps))
    assert response.status_code == 200
    assert "steps" in response.context["form"].errors
    [error] = response.context["form"].errors.as_data()["steps"]
    assert "verweist auf den Schritt „Weg“, den es nicht gibt" in str(error.as_json_data())
    assert not ProcessArticlePage.objects.filter(title="Mit Fehler").exists()

    steps[1] = (
        "decision",
        form_decision("Vollständig", [("Ja", "Antrag prüfen"), ("Nein", "Ende")]),
    )
    steps.append(("step", form_step("Ende")))
    response = client.post(url, article_form_data("Ohne Fehler", steps))
    assert response.status_code == 302, response.context["form"].errors
    assert ProcessArticlePage.objects.filter(title="Ohne Fehler").exists()


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("99036011000000", True),
        ("9903601100000", False),  # 13 digits
        ("990360110000000", False),  # 15 digits
        ("99036011000abc", False),
        ("9903601100000 ", False),
    ],
)
def test_leika_key_has_exactly_14_digits(key, valid):
    if valid:
        leika_validator(key)
    else:
        with pytest.raises(ValidationError, match="genau 14 Ziffern"):
            leika_validator(key)


def test_page_refuses_an_invalid_leika_key(world):
    article = ProcessArticlePage(
        title="X", slug="x", purpose="x", trigger="x", leika_key="99036011000abc"
    )
    with pytest.raises(ValidationError) as raised:
        article.clean_fields(exclude=["steps", "path", "depth", "content_type"])
    assert "leika_key" in raised.value.message_dict


# --- Libraries -------------------------------------------------------------------------


def test_a_section_has_one_library(world):
    assert not KnowledgeIndexPage.can_create_at(section_of(world["blomberg"]))
    kalletal = make_municipality("Kalletal", slug="kalletal")
    assert KnowledgeIndexPage.can_create_at(section_of(kalletal))


def test_only_redaktion_sets_up_a_library(client, world):
    barntrup = make_municipality("Barntrup", slug="barntrup")
    section = section_of(barntrup)
    url = reverse("wagtailadmin_pages:add", args=["knowledge", "knowledgeindexpage", section.pk])
    client.force_login(make_employee(barntrup, roles=[Role.TRAINER]).user)
    response = client.post(url, {"title": "Prozesse", "slug": "prozesse"})
    assert response.status_code != 200
    assert not KnowledgeIndexPage.objects.child_of(section).exists()
    client.force_login(make_employee(barntrup, roles=[Role.EDITOR]).user)
    assert client.get(url).status_code == 200


# --- Query budgets ---------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_queries_do_not_grow_with_its_steps(client, world):
    library = world["libraries"]["own"]
    vehicle = world["articles"]["vehicle"]
    full = {
        "tags": ["Kfz", "E-Akte"],
        "contacts": vehicle.contacts.raw_data,
        "leika_key": "99036011000000",
        "responsible_unit": vehicle.responsible_unit,
        "owner_position": vehicle.owner_position,
        "deputy_position": vehicle.deputy_position,
        "related_courses": list(vehicle.related_courses.all()),
        "related_articles": list(vehicle.related_articles.all()),
    }
    baseline_article = make_article(library, "Leer", steps=[step("Nur ein Schritt")])
    few_article = make_article(library, "Zehn Schritte", steps=numbered_steps(10), **full)
    many_article = make_article(library, "Sechzig Schritte", steps=numbered_steps(60), **full)
    client.force_login(world["clerk"])
    baseline = count_queries(client, baseline_article.url)
    few = count_queries(client, few_article.url)
    many = count_queries(client, many_article.url)
    line = f"Prozessseite: baseline {baseline}, 10 Schritte {few}, 60 Schritte {many}"
    print(line)
    assert few == many, line
    assert many - baseline <= MAX_QUERIES_ABOVE_BASELINE, line


def test_library_queries_do_not_grow_with_its_articles(client, world):
    kalletal = make_municipality("Lage", slug="lage")
    library = make_library(section_of(kalletal))
    client.force_login(make_employee(kalletal).user)
    baseline = count_queries(client, library.url)
    for n in range(3):
        make_article(library, f"Lage {n}", tags=["E-Akte"])
    few = count_queries(client, library.url)
    for n in range(12):
        make_article(library, f"Lage mehr {n}", tags=["E-Akte", "Kfz"])
    many = count_queries(client, library.url)
    searched = count_queries(client, f"{library.url}?q=Prozess&thema=e-akte&kommune=lage")
    line = f"Prozessbibliothek: baseline {baseline}, wenige {few}, viele {many}, Suche {searched}"
    print(line)
    assert few == many, line


# --- PDF -------------------------------------------------------------------------------


def test_pdf_of_an_article(client, world, caplog):
    from pypdf import PdfReader

    client.force_login(world["clerk"])
    article = world["articles"]["vehicle"]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(reverse("knowledge:article_pdf", args=[article.pk]))
    # No missing alternative text, stylesheet or font: WeasyPrint logs those as errors.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert f"Prozess-{article.slug}-{today}.pdf" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == "Abmeldung eines Fahrzeugs (i-Kfz)"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Abmeldung eines Fahrzeugs (i-Kfz)" in text
    assert "Abmeldung bestätigen" in text and "i-Kfz-Portal" in text


def test_pdf_diagram_carries_its_styles_and_alternative_text():
    from knowledge.diagram import process_diagram
    from knowledge.pdf import diagram_css, pdf_diagram

    steps = [(item["type"], item["value"]) for item in numbered_steps(3)]
    svg = pdf_diagram(process_diagram(steps, "Test"), "Test <&>", 3)
    assert svg.startswith('<svg class="process-diagram"')
    assert "<title>Ablaufdiagramm „Test &lt;&amp;&gt;“ mit 3 Schritten" in svg
    assert ".diagram-step {" in diagram_css() and ".diagram-label {" in diagram_css()
    assert f"<style>{diagram_css()}</style>" in svg


def test_step_blocks_render_in_the_editor_preview_without_an_article():
    from knowledge.blocks import DecisionStepBlock, ProcessStepBlock

    block = ProcessStepBlock()
    html = block.render(block.to_python(block.meta.preview_value))
    assert "Antrag auf Vollständigkeit prüfen" in html and "ca. 10 Minuten" in html
    decision_block = DecisionStepBlock()
    value = decision_block.to_python(decision("Ok", branches=[("Ja", "Weiter")])["value"])
    assert "Weiter" in decision_block.render(value)


def test_pdf_is_404_for_another_municipalitys_internal_article(client, world):
    client.force_login(world["clerk"])
    url = reverse("knowledge:article_pdf", args=[world["articles"]["foreign_intern"].pk])
    assert client.get(url).status_code == 404
    client.force_login(world["stranger"])
    assert client.get(url).status_code == 200


def test_library_cards_name_their_topics_and_follow_a_renamed_topic(client, world):
    """Topics come from the site-versioned cache; renaming a tag bumps the site version."""
    client.force_login(world["clerk"])
    url = world["libraries"]["shared"].url

    def topics_of(title: str) -> list[str]:
        [article] = [a for a in client.get(url).context["articles"] if a.title == title]
        return [tag.name for tag in article.topics]

    assert topics_of("Abmeldung eines Fahrzeugs (i-Kfz)") == ["E-Akte", "Kfz"]
    tag = Tag.objects.get(name="Kfz")
    tag.name = "Kraftfahrzeuge"
    tag.save()
    assert topics_of("Abmeldung eines Fahrzeugs (i-Kfz)") == ["E-Akte", "Kraftfahrzeuge"]
    assert "Kraftfahrzeuge</option>" in client.get(url).content.decode()


def test_the_steps_follow_each_publication_and_a_preview_keeps_nothing(client, world):
    """The "Ablauf" is kept per live revision and language: a publication shows on the
    next request, and a preview renders the draft without touching what readers get."""
    client.force_login(world["clerk"])
    article = ProcessArticlePage.objects.get(pk=world["articles"]["vehicle"].pk)
    assert "Antrag im Portal prüfen" in client.get(article.url).content.decode()

    draft = article.get_latest_revision_as_object()
    draft.steps = [step("Siegel entfernen", "Zulassungsstelle")]
    assert "Siegel entfernen" in draft.rendered_steps(preview=True)
    assert "Siegel entfernen" not in client.get(article.url).content.decode()

    draft.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "Siegel entfernen" in html and "Antrag im Portal prüfen" not in html
    assert "Schritt 1" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(article.url).content.decode()
    assert "Step 1" in english and "Schritt 1" not in english


def test_the_owners_shown_follow_staff_changes_from_the_next_request_on(client, world):
    """Holders of the owner and deputy position are kept under the staff version: a new
    holder, a renamed person and a holding ended each show on the next request; a
    login (which saves the user's last login) does not make them read again."""
    client.force_login(world["clerk"])
    article = world["articles"]["vehicle"]

    def owners() -> str:
        html = client.get(article.url).content.decode()
        return html[html.index("Derzeit besetzt mit:") :][:300]

    assert "Petra Prozess" in owners()
    holding = PositionHolding.objects.get(position=article.owner_position, ended_on=None)
    petra = holding.employee.user
    petra.last_name = "Prozesswald"
    petra.save()
    assert "Petra Prozesswald" in owners()

    newcomer = make_employee(world["blomberg"], first_name="Nora", last_name="Neu")
    PositionHolding.objects.create(
        position=article.owner_position, employee=newcomer, started_on=datetime.date(2026, 1, 1)
    )
    assert "Nora Neu" in owners()
    holding.ended_on = timezone.localdate()
    holding.save()
    assert "Petra" not in owners() and "Nora Neu" in owners()

    staff = versions.read(STAFF_KEY)[STAFF_KEY]
    update_last_login(None, newcomer.user)
    assert versions.read(STAFF_KEY)[STAFF_KEY] == staff
