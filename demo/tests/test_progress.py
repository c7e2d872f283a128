"""The demo leaves "Mein Lernen" with something in progress and a certificate."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from learning.models import CourseCompletion
from learning.progress import courses_in_progress


@pytest.mark.django_db
def test_demo_employee_has_courses_in_progress_and_one_completed():
    call_command("load_demo_data", "--allow-production", verbosity=0)
    erika = get_user_model().objects.get(username="beschaeftigte")
    completion = CourseCompletion.objects.get(user=erika)
    assert completion.course_title == "Datenschutz (DSGVO) am Arbeitsplatz"
    assert completion.quizzes_passed
    in_progress = {standing.course.title for standing in courses_in_progress(erika)}
    assert "Digital arbeiten mit der E-Akte" in in_progress

    completions = CourseCompletion.objects.count()
    call_command("load_demo_data", "--allow-production", verbosity=0)
    assert CourseCompletion.objects.count() == completions
