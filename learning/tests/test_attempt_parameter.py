"""A module page with an edited ``?versuch=`` shows the page without a result, never a 500."""

import pytest

from courses.tests.factories import (
    make_course,
    make_course_index,
    make_module,
    sample_quiz,
    section_of,
)
from organisations.tests.factories import make_employee, make_municipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "1\x00", "-1", "abc"])
def test_module_page_ignores_an_attempt_parameter_that_is_no_id(client, value):
    blomberg = make_municipality("Blomberg", slug="blomberg")
    course = make_course(make_course_index(section_of(blomberg)), "E-Akte")
    module = make_module(course, "Aktenzeichen", body=[sample_quiz()])
    client.force_login(make_employee(blomberg).user)
    response = client.get(module.url, {"versuch": value})
    assert response.status_code == 200
    assert 'id="quiz-ergebnis"' not in response.content.decode()
