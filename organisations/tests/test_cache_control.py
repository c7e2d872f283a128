"""Nothing a signed-in user sees is kept by a shared cache or the browser.

Every response to a signed-in user says ``Cache-Control: private, no-store``
(``organisations.middleware.PrivateResponsesMiddleware``): pages, the admin, exports,
document downloads, and public pages too, whose header shows the user's name. Anonymous
visitors of the public pages get no such header.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document

from courses.tests.factories import (
    SAMPLE_QUIZ_CORRECT,
    make_course,
    make_course_index,
    make_module,
    sample_quiz,
    section_of,
)
from learning.models import QuizAttempt

from .factories import make_employee, make_manager, make_municipality, make_unit

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    header = response.headers.get("Cache-Control", "")
    return {part.strip() for part in header.split(",") if part.strip()}


def _assert_private(response) -> None:
    assert response.status_code == 200, response.status_code
    assert {"private", "no-store"} <= _directives(response)
    assert "public" not in _directives(response)


@pytest.fixture
def town():
    blomberg = make_municipality("Blomberg", slug="blomberg")
    unit = make_unit(blomberg, "Bürgerbüro")
    return {"blomberg": blomberg, "unit": unit, "clerk": make_employee(unit=unit).user}


def test_start_page_is_private(client, town):
    client.force_login(town["clerk"])
    _assert_private(client.get("/"))


def test_module_page_with_a_quiz_result_is_private(client, town):
    course = make_course(make_course_index(section_of(town["blomberg"])), "E-Akte")
    module = make_module(course, "Aktenzeichen", body=[sample_quiz()])
    client.force_login(town["clerk"])
    client.post(
        reverse("learning:submit_quiz", args=[module.pk]), {"quiz": "quiz-1", **SAMPLE_QUIZ_CORRECT}
    )
    attempt = QuizAttempt.objects.get()
    _assert_private(client.get(f"{module.url}?versuch={attempt.pk}"))


def test_admin_page_is_private(client, town):
    manager = make_manager(town["unit"])
    client.force_login(manager.user)
    _assert_private(client.get(reverse("wagtailadmin_home")))


def test_report_export_is_private(client, town):
    manager = make_manager(town["unit"])
    client.force_login(manager.user)
    response = client.get(reverse("learning_reports:completion_matrix") + "?export=csv")
    _assert_private(response)
    assert response["Content-Type"].startswith("text/csv")


def test_document_download_is_private(client, town):
    document = Document.objects.create(
        title="Dienstanweisung",
        file=ContentFile(b"%PDF-1.4 Inhalt", name="dienstanweisung.pdf"),
        collection=town["blomberg"].collection,
    )
    client.force_login(town["clerk"])
    _assert_private(client.get(document.url))


def test_public_page_is_private_for_a_signed_in_user(client, town):
    """The header of a public page shows the signed-in user's name."""
    client.force_login(town["clerk"])
    _assert_private(client.get("/barrierefreiheit/"))


def test_public_page_stays_cacheable_for_anonymous_visitors(client):
    response = client.get("/barrierefreiheit/")
    assert response.status_code == 200
    assert not {"private", "no-store"} & _directives(response)
