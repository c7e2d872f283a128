"""Process descriptions embedded in course modules (``knowledge.embeds``).

A module shows the article's published version with its numbered steps and who does
each one, and links to the full article. Who reads what follows the articles' rules: a
reader who may not open the article gets a note in its place, never its content; a
trainer may embed only articles every reader of the course may read.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import ModulePage
from courses.tests.factories import (
    data_for_module,
    make_course,
    make_course_index,
    make_module,
    section_of,
)
from knowledge.embeds import articles_for_course
from knowledge.models import ProcessArticlePage
from organisations.roles import Role
from organisations.tests.factories import make_employee, make_municipality

from .factories import decision, make_article, make_library, numbered_steps, step

pytestmark = pytest.mark.django_db


def registration_steps() -> list[dict]:
    return [
        step("Anmeldung entgegennehmen", "Bürgerbüro", category="eingang"),
        decision(
            "Ausweis gültig",
            "Bürgerbüro",
            branches=[("Ja", "Meldebestätigung drucken"), ("Nein", "Ausweis nachfordern")],
            question="Liegt ein gültiger Ausweis vor?",
        ),
        step("Ausweis nachfordern", "Bürgerbüro"),
        step("Meldebestätigung drucken", "Sachgebietsleitung Meldewesen"),
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Blomberg and Lügde, their libraries and courses, a shared course, a reader each."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            own = make_library(section_of(blomberg), "Prozesse in Blomberg")
            other = make_library(section_of(luegde), "Prozesse in Lügde")
            shared = make_library(section_of(None), "Prozesse für alle")
            articles = {
                "own_intern": make_article(
                    own,
                    "Wohnsitz anmelden",
                    steps=registration_steps(),
                    intern=True,
                    purpose="Neue Einwohner werden im Melderegister erfasst.",
                    trigger="Jemand zieht nach Blomberg.",
                    inputs="Wohnungsgeberbestätigung",
                    outputs="Meldebestätigung",
                ),
                "own_public": make_article(own, "Hundesteuer festsetzen"),
                "own_draft": make_article(own, "Noch nicht freigegeben", publish=False),
                "shared": make_article(shared, "Eingangspost scannen"),
                "other_public": make_article(other, "Reitkennzeichen ausgeben"),
                "other_intern": make_article(other, "Friedhofskasse Lügde", intern=True),
            }
            yield {
                "articles": articles,
                "own_course": make_course(
                    make_course_index(section_of(blomberg), "Kurse in Blomberg"),
                    "Meldewesen in Blomberg",
                ),
                "other_course": make_course(
                    make_course_index(section_of(luegde), "Kurse in Lügde"), "Kurs in Lügde"
                ),
                "shared_course": make_course(
                    make_course_index(section_of(None), "Kurse"), "Meldewesen für alle"
                ),
                "reader": make_employee(blomberg).user,
                "stranger": make_employee(luegde).user,
                "trainer": make_employee(blomberg, roles=[Role.TRAINER]).user,
            }


def embed(article: ProcessArticlePage) -> dict:
    return {"type": "embedded_page", "value": {"page": article.pk}, "id": f"embed-{article.pk}"}


def read_module(client, user, course, article) -> str:
    module = make_module(course, body=[embed(article)])
    client.force_login(user)
    response = client.get(module.url)
    assert response.status_code == 200
    return response.content.decode()


# --- What readers see ----------------------------------------------------------------


def test_module_shows_the_article_with_its_steps_to_a_reader_of_the_same_town(client, world):
    article = world["articles"]["own_intern"]
    html = read_module(client, world["reader"], world["own_course"], article)
    assert "<h2>Wohnsitz anmelden</h2>" in html
    for text in (
        "Prozessbeschreibung der Kommune Blomberg",
        "Neue Einwohner werden im Melderegister erfasst.",
        "Jemand zieht nach Blomberg.",
        "Wohnungsgeberbestätigung",
        "Ablauf in 4 Schritten:",
        "Anmeldung entgegennehmen",
        "Liegt ein gültiger Ausweis vor?",
        "Sachgebietsleitung Meldewesen",
        "css/knowledge.css",
    ):
        assert text in html, text
    steps = html[html.index('aria-label="Ablauf"') :]
    assert steps.count('<h3 class="process-step__title">') == 4
    assert steps.count("<dt>Zuständig</dt>") == 4
    # A branch names its step in words: the module has no step anchors to link to.
    assert "Schritt 4: Meldebestätigung drucken" in steps
    assert 'href="#schritt-' not in html and 'id="schritt-' not in html
    link = (
        f'<a href="{article.url}">Vollständige Prozessbeschreibung „Wohnsitz anmelden“ öffnen</a>'
    )
    assert link in html


def test_module_shows_the_published_version_not_a_draft(client, world):
    article = ProcessArticlePage.objects.get(pk=world["articles"]["own_public"].pk)
    draft = article.get_latest_revision_as_object()
    draft.purpose = "Entwurf: noch nicht freigegeben."
    draft.steps = [step("Neuer Schritt im Entwurf", "Steueramt")]
    revision = draft.save_revision()
    html = read_module(client, world["reader"], world["own_course"], article)
    assert "Wozu der Prozess „Hundesteuer festsetzen“ dient." in html
    assert "Antrag erfassen" in html
    assert "Entwurf: noch nicht freigegeben." not in html
    assert "Neuer Schritt im Entwurf" not in html

    revision.publish()
    module = ModulePage.objects.live().child_of(world["own_course"]).last()
    html = client.get(module.url).content.decode()
    assert "Entwurf: noch nicht freigegeben." in html
    assert "Neuer Schritt im Entwurf" in html


def test_reader_of_another_town_gets_a_note_instead_of_an_internal_article(client, world):
    article = world["articles"]["own_intern"]
    html = read_module(client, world["stranger"], world["shared_course"], article)
    assert (
        "Der hier eingebundene Inhalt (Prozessbeschreibung) ist für Sie nicht freigegeben." in html
    )
    assert "Wohnsitz anmelden" not in html
    assert "Anmeldung entgegennehmen" not in html
    assert article.url not in html


def test_internal_article_in_a_shared_course_is_shown_to_nobody(client, world):
    """Not even to its own town: readers of one course read the same module."""
    html = read_module(
        client, world["reader"], world["shared_course"], world["articles"]["own_intern"]
    )
    assert "nicht für alle Teilnehmenden dieses Kurses freigegeben" in html
    assert "Anmeldung entgegennehmen" not in html


def test_article_of_another_town_not_marked_intern_is_shown(client, world):
    article = world["articles"]["own_public"]
    html = read_module(client, world["stranger"], world["shared_course"], article)
    assert "<h2>Hundesteuer festsetzen</h2>" in html
    assert "Prozessbeschreibung der Kommune Blomberg" in html


def test_embedding_a_longer_article_costs_no_more_queries(client, world):
    own = world["articles"]["own_public"].get_parent()
    short = make_article(own, "Kurzer Prozess", steps=numbered_steps(2))
    long = make_article(own, "Langer Prozess", steps=numbered_steps(40))
    client.force_login(world["reader"])
    counts = []
    for article in (short, long):
        module = make_module(world["own_course"], body=[embed(article)])
        client.get(module.url)  # warm the caches of the site and content types
        with CaptureQueriesContext(connection) as queries:
            assert client.get(module.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- What trainers may choose --------------------------------------------------------


def choosable_titles(course) -> set[str]:
    return set(
        articles_for_course(ProcessArticlePage.objects.all(), course).values_list(
            "title", flat=True
        )
    )


def test_course_of_a_town_may_embed_what_its_staff_may_read(world):
    assert choosable_titles(world["own_course"]) == {
        "Wohnsitz anmelden",
        "Hundesteuer festsetzen",
        "Eingangspost scannen",
        "Reitkennzeichen ausgeben",
    }


def test_shared_course_may_embed_no_internal_article(world):
    assert choosable_titles(world["shared_course"]) == {
        "Hundesteuer festsetzen",
        "Eingangspost scannen",
        "Reitkennzeichen ausgeben",
    }


def test_course_of_another_town_may_not_embed_this_towns_internal_article(world):
    titles = choosable_titles(world["other_course"])
    assert "Friedhofskasse Lügde" in titles
    assert "Wohnsitz anmelden" not in titles


def module_form(title: str, article: ProcessArticlePage) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "summary": "Wie eine Anmeldung abläuft.",
            "estimated_minutes": "10",
            "completion_rule": "read",
            "body": streamfield([("embedded_page", {"page": article.pk})]),
            "comments": inline_formset([]),
        }
    )


def test_trainer_adds_a_module_with_an_article_in_the_editor(client, world):
    course = world["own_course"]
    url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk])
    client.force_login(world["trainer"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, module_form("Anmeldung im Bürgerbüro", world["articles"]["own_intern"])
    )
    assert response.status_code == 302, response.context["form"].errors
    module = ModulePage.objects.get(title="Anmeldung im Bürgerbüro")
    body = module.get_latest_revision_as_object().body
    assert body[0].block_type == "embedded_page"
    assert body[0].value["page"].pk == world["articles"]["own_intern"].pk
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    assert edit.status_code == 200


def test_trainer_cannot_embed_an_unpublished_article(client, world):
    course = world["own_course"]
    url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk])
    client.force_login(world["trainer"])
    response = client.post(url, module_form("Mit Entwurf", world["articles"]["own_draft"]))
    assert response.status_code == 200
    (stream_error,) = response.context["form"].errors.as_data()["body"]
    (block_error,) = stream_error.block_errors.values()
    assert block_error.block_errors["page"].messages == [
        "„Noch nicht freigegeben“ ist nicht veröffentlicht. Bitte wählen Sie eine "
        "veröffentlichte Seite."
    ]
    assert not ModulePage.objects.filter(title="Mit Entwurf").exists()
