"""What learners see of their progress: the course page's call to action and module
statuses, the end of a module, and the start page's "Weiterlernen" and "Abgeschlossene
Kurse". Query budgets: the start page and the course page cost the same number of queries
with few and with many courses or modules (figures printed with ``pytest -s``).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pytest_django.asserts import assertInHTML

from courses.models import ModulePage
from courses.tests.factories import (
    make_course,
    make_course_index,
    make_module,
    many_courses,
    many_modules,
    sample_quiz,
    section_of,
)
from learning.certificates import new_verification_code
from learning.models import CourseCompletion
from learning.progress import complete_module, record_visit
from learning.tests.factories import start_courses
from organisations.tests.factories import make_employee, make_municipality, make_unit

pytestmark = pytest.mark.django_db

#: What the progress sections may cost beyond an empty start page (as for other pages).
MAX_QUERIES_ABOVE_BASELINE = 6


@pytest.fixture
def scene():
    town = make_municipality("Blomberg", slug="blomberg")
    learner = make_employee(unit=make_unit(town, "Bürgerbüro")).user
    catalogue = make_course_index(section_of(None), "Kurskatalog", slug="kurse")
    course = make_course(catalogue, "Digital arbeiten mit der E-Akte", slug="e-akte")
    modules = [make_module(course, f"Teil {n}", slug=f"teil-{n}") for n in (1, 2, 3)]
    return {"learner": learner, "catalogue": catalogue, "course": course, "modules": modules}


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The HTML of the ``<section>`` labelled by the heading with ``heading_id``."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.S
    )
    assert match, f"no section {heading_id!r}"
    return match.group(0)


def statuses_in_module_list(html: str) -> list[str]:
    listing = section(html, "course-modules")
    return re.findall(r'class="status status--\w+">.*?</span>.*?</span>(\w[^<]*)</span>', listing)


def complete_course(user, course) -> CourseCompletion:
    for module in course.modules():
        completion = complete_module(user, module)
    return completion


# --- Course page ----------------------------------------------------------------------


def test_course_page_invites_to_start_with_the_first_module(client, scene):
    client.force_login(scene["learner"])
    html = html_of(client, scene["course"].url)
    first = scene["modules"][0]
    assertInHTML(f'<a class="button button--large" href="{first.url}">Kurs starten</a>', html)
    assert "Kurs fortsetzen" not in html
    assert "<progress" not in html, "no position before the first step"
    assert statuses_in_module_list(html) == ["Offen", "Offen", "Offen"]


def test_course_page_continues_at_the_first_module_not_done(client, scene):
    learner, (first, second, third) = scene["learner"], scene["modules"]
    complete_module(learner, first)
    record_visit(learner, third)
    client.force_login(learner)
    html = html_of(client, scene["course"].url)
    assertInHTML(f'<a class="button button--large" href="{second.url}">Kurs fortsetzen</a>', html)
    assert "Weiter mit „Teil 2“" in html
    assert "Kurs starten" not in html
    assert "1 von 3 Pflichtmodulen erledigt" in html
    assert re.search(r'<progress class="progress__bar" value="1" max="3"', html)
    assert statuses_in_module_list(html) == ["Erledigt", "Offen", "In Bearbeitung"]


def test_course_page_of_a_completed_course_shows_date_and_certificate(client, scene):
    learner = scene["learner"]
    completion = complete_course(learner, scene["course"])
    client.force_login(learner)
    html = html_of(client, scene["course"].url)
    date = date_format(timezone.localtime(completion.completed_at), "DATE_FORMAT")
    assert f"Abgeschlossen am {date}" in html
    certificate = reverse("learning:certificate", args=[completion.pk])
    assert f'href="{certificate}"' in html
    assert "Kurs fortsetzen" not in html and "Kurs starten" not in html
    assert statuses_in_module_list(html) == ["Erledigt", "Erledigt", "Erledigt"]


def test_optional_modules_are_not_where_the_course_continues(client, scene):
    learner, course = scene["learner"], scene["course"]
    for module in scene["modules"]:
        complete_module(learner, module)  # completes the course
    CourseCompletion.objects.all().delete()
    extra = make_module(course, "Vertiefung", slug="vertiefung", optional=True)
    last = make_module(course, "Neu: Aufbewahrung", slug="neu")
    client.force_login(learner)
    html = html_of(client, course.url)
    assertInHTML(f'<a class="button button--large" href="{last.url}">Kurs fortsetzen</a>', html)
    action = html.split('class="course-action"')[1].split("</header>")[0]
    assert extra.url not in action
    assert "3 von 4 Pflichtmodulen erledigt" in html


# --- Module page ----------------------------------------------------------------------


def test_read_module_can_be_marked_as_done_and_then_says_so(client, scene):
    first, second = scene["modules"][:2]
    client.force_login(scene["learner"])
    html = html_of(client, first.url)
    action = reverse("learning:complete_module", args=[first.pk])
    assert f'action="{action}"' in html
    assertInHTML(
        '<button type="submit" class="button button--large">Als erledigt markieren</button>', html
    )

    response = client.post(action)
    assert response.status_code == 302 and response["Location"] == second.url

    html = html_of(client, first.url)
    assert "Als erledigt markieren" not in html
    assert "Sie haben dieses Modul abgeschlossen." in html


def test_quiz_module_explains_that_passing_the_quiz_completes_it(client, scene):
    quiz = make_module(
        scene["course"],
        "Wissenstest",
        slug="test",
        completion_rule=ModulePage.CompletionRule.QUIZ,
        body=[sample_quiz()],
    )
    client.force_login(scene["learner"])
    html = html_of(client, quiz.url)
    assert "sobald Sie den Abschlusstest bestanden haben" in html
    assert "Als erledigt markieren" not in html


# --- Start page -----------------------------------------------------------------------


def test_start_page_lists_courses_in_progress_and_completed(client, scene):
    learner, catalogue = scene["learner"], scene["catalogue"]
    started, (first, second, _third) = scene["course"], scene["modules"]
    finished = make_course(catalogue, "Datenschutz im Bürgerbüro", slug="datenschutz")
    make_module(finished, "Grundsätze", slug="grundsaetze")
    complete_module(learner, first)
    completion = complete_course(learner, finished)
    client.force_login(learner)
    html = html_of(client, "/")

    in_progress = section(html, "continue-learning")
    assertInHTML(f'<a href="{started.url}">Digital arbeiten mit der E-Akte</a>', in_progress)
    assertInHTML(f'<a class="button" href="{second.url}">Fortsetzen: Teil 2</a>', in_progress)
    assert "1 von 3 Pflichtmodulen erledigt" in in_progress
    assert "Datenschutz im Bürgerbüro" not in in_progress

    done = section(html, "completed-courses")
    assert "Datenschutz im Bürgerbüro" in done
    date = date_format(timezone.localtime(completion.completed_at), "DATE_FORMAT")
    assert f"Abgeschlossen am {date}" in done
    assert f'href="{reverse("learning:certificate", args=[completion.pk])}"' in done
    assert "Digital arbeiten mit der E-Akte" not in done


def test_start_page_follows_the_course_as_it_is_published(client, scene):
    """The courses' outlines are cached until the next publication: a module published,
    unpublished or retitled shows on the learner's very next request."""
    learner, course, (first, second, third) = scene["learner"], scene["course"], scene["modules"]
    complete_module(learner, first)
    client.force_login(learner)
    assert "1 von 3 Pflichtmodulen erledigt" in section(html_of(client, "/"), "continue-learning")

    second.unpublish()
    in_progress = section(html_of(client, "/"), "continue-learning")
    assert "1 von 2 Pflichtmodulen erledigt" in in_progress
    assert "Fortsetzen: Teil 3" in in_progress

    third.title = "Teil 3 (neu)"
    third.save_revision().publish()
    make_module(course, "Teil 4", slug="teil-4")
    in_progress = section(html_of(client, "/"), "continue-learning")
    assert "1 von 3 Pflichtmodulen erledigt" in in_progress
    assert "Fortsetzen: Teil 3 (neu)" in in_progress

    course.unpublish()
    assert "Digital arbeiten" not in section(html_of(client, "/"), "continue-learning")


def test_start_page_without_progress_points_to_the_catalogue(client, scene):
    client.force_login(scene["learner"])
    html = html_of(client, "/")
    catalogue = f'<a href="{scene["catalogue"].url}">Kurskatalog</a>'
    assert "Sie haben gerade keinen Kurs in Bearbeitung." in section(html, "continue-learning")
    assert catalogue in section(html, "continue-learning")
    assert "Sie haben noch keinen Kurs abgeschlossen." in section(html, "completed-courses")
    assert catalogue in section(html, "completed-courses")
    assert "<progress" not in html


# --- Query budgets --------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    """Queries of one GET, after a first GET has filled the caches."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_completions(user, catalogue, count: int) -> None:
    CourseCompletion.objects.bulk_create(
        CourseCompletion(
            user=user,
            course=course,
            course_title=course.title,
            duration_minutes=30,
            learner_name="Erika Mustermann",
            completed_at=timezone.now(),
            quizzes_passed=True,
            verification_code=new_verification_code(),
        )
        for course in many_courses(catalogue, count)
    )


def test_start_page_queries_do_not_grow_with_the_courses_in_progress(client, scene):
    learner, catalogue = scene["learner"], scene["catalogue"]
    client.force_login(learner)
    empty = count_queries(client, "/")

    start_courses(learner, catalogue, 3)
    add_completions(learner, catalogue, 1)
    few = count_queries(client, "/")
    start_courses(learner, catalogue, 37)
    add_completions(learner, catalogue, 9)
    many = count_queries(client, "/")

    html = html_of(client, "/")
    assert section(html, "continue-learning").count('class="learning-card"') == 40
    assert section(html, "completed-courses").count("learning-card--done") == 10
    line = f"Startseite: leer {empty}, 3 Kurse {few}, 40 Kurse {many} (+{many - empty})"
    print(line)
    assert few == many, line
    assert many - empty <= MAX_QUERIES_ABOVE_BASELINE, line


def test_course_page_queries_do_not_grow_with_its_modules_and_progress(client, scene):
    learner, catalogue = scene["learner"], scene["catalogue"]
    client.force_login(learner)
    few, many = (make_course(catalogue, f"Kurs mit {n} Modulen") for n in (3, 30))
    for course, size in ((few, 3), (many, 30)):
        modules = many_modules(course, size)
        for module in modules[: size // 3]:
            complete_module(learner, module)
        record_visit(learner, modules[-1])
    counts = [count_queries(client, course.url) for course in (few, many)]
    html = html_of(client, many.url)
    assert statuses_in_module_list(html).count("Erledigt") == 10
    line = f"Kursseite mit Fortschritt: 3 Module {counts[0]}, 30 Module {counts[1]}"
    print(line)
    assert counts[0] == counts[1], line
