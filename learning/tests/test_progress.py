"""Recording progress: idempotent, forward-only, race-safe, history kept."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from courses.tests.factories import make_course, make_course_index, make_module, section_of
from learning.certificates import new_verification_code
from learning.models import CourseCompletion, ModuleProgress, ProgressStatus
from learning.progress import (
    VISIT_REFRESH,
    complete_module,
    courses_in_progress,
    record_visit,
    standing_in_course,
)
from organisations.tests.factories import make_employee, make_municipality, make_unit


def make_scene(modules=3, optional=()):
    town = make_municipality("Blomberg", slug="blomberg")
    learner = make_employee(unit=make_unit(town, "Bürgerbüro")).user
    course = make_course(make_course_index(section_of(None)), "E-Akte")
    made = [
        make_module(course, f"Modul {n}", optional=n in optional) for n in range(1, modules + 1)
    ]
    return learner, course, made


def status_of(user, module):
    return ModuleProgress.objects.get(user=user, module=module).status


@pytest.mark.django_db
def test_opening_a_module_marks_it_in_progress_once():
    learner, _course, (first, *_rest) = make_scene()
    record_visit(learner, first)
    record_visit(learner, first)
    row = ModuleProgress.objects.get(user=learner, module=first)
    assert row.status == ProgressStatus.IN_PROGRESS
    assert row.first_visit_at <= row.last_visit_at
    assert ModuleProgress.objects.count() == 1


@pytest.mark.django_db
def test_a_visit_returns_the_status_after_it():
    learner, _course, (first, second, _third) = make_scene()
    assert record_visit(learner, first) == ProgressStatus.IN_PROGRESS
    complete_module(learner, second)
    assert record_visit(learner, second) == ProgressStatus.COMPLETED


@pytest.mark.django_db
def test_a_visit_soon_after_the_last_one_writes_nothing():
    learner, _course, (first, *_rest) = make_scene()
    record_visit(learner, first)
    recent = timezone.now() - VISIT_REFRESH / 2
    ModuleProgress.objects.filter(module=first).update(last_visit_at=recent)
    assert record_visit(learner, first) == ProgressStatus.IN_PROGRESS
    assert ModuleProgress.objects.get(module=first).last_visit_at == recent


@pytest.mark.django_db
def test_a_visit_after_the_refresh_interval_is_recorded():
    learner, _course, (first, *_rest) = make_scene()
    record_visit(learner, first)
    old = timezone.now() - VISIT_REFRESH * 2
    ModuleProgress.objects.filter(module=first).update(last_visit_at=old)
    record_visit(learner, first)
    assert ModuleProgress.objects.get(module=first).last_visit_at > old


@pytest.mark.django_db
def test_a_visit_to_a_reset_module_marks_it_in_progress_again_at_once():
    learner, _course, (first, *_rest) = make_scene()
    record_visit(learner, first)
    ModuleProgress.objects.filter(module=first).update(status=ProgressStatus.NOT_STARTED)
    assert record_visit(learner, first) == ProgressStatus.IN_PROGRESS
    assert status_of(learner, first) == ProgressStatus.IN_PROGRESS


@pytest.mark.django_db
def test_status_never_goes_backwards():
    learner, _course, (first, *_rest) = make_scene()
    complete_module(learner, first)
    completed_at = ModuleProgress.objects.get(user=learner, module=first).completed_at
    record_visit(learner, first)
    complete_module(learner, first)
    row = ModuleProgress.objects.get(user=learner, module=first)
    assert row.status == ProgressStatus.COMPLETED
    assert row.completed_at == completed_at


@pytest.mark.django_db
def test_course_is_completed_once_when_all_required_modules_are():
    learner, course, modules = make_scene(modules=3, optional={3})
    assert complete_module(learner, modules[0]) is None
    completion = complete_module(learner, modules[1])
    assert completion is not None and completion.course == course
    assert completion.course_title == "E-Akte"
    assert len(completion.verification_code) == 16
    assert complete_module(learner, modules[2]) is None  # optional, already done
    complete_module(learner, modules[1])  # a repeated request
    assert CourseCompletion.objects.filter(user=learner).count() == 1


@pytest.mark.django_db
def test_a_module_added_later_keeps_the_history_and_shows_as_open():
    learner, course, modules = make_scene(modules=2)
    for module in modules:
        complete_module(learner, module)
    new = make_module(course, "Neu: KI im Büro")
    standing = standing_in_course(learner, course, list(course.modules()))
    assert standing.completion is not None, "the earlier completion stays"
    assert standing.required_done == 2 and standing.required_total == 3
    assert {m.pk: s for m, s in standing.module_statuses}[new.pk] == (ProgressStatus.NOT_STARTED)
    assert all(status_of(learner, m) == ProgressStatus.COMPLETED for m in modules)


@pytest.mark.django_db
def test_courses_in_progress_point_to_the_next_open_module():
    learner, course, modules = make_scene(modules=3)
    complete_module(learner, modules[0])
    record_visit(learner, modules[1])
    (standing,) = courses_in_progress(learner)
    assert standing.course == course
    assert standing.next_module == modules[1]
    assert (standing.required_done, standing.required_total, standing.percent) == (1, 3, 33)
    for module in modules[1:]:
        complete_module(learner, module)
    assert courses_in_progress(learner) == []


def test_verification_codes_are_random_and_long_enough():
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 16 for code in codes)  # 16 × 5 bits = 80 bits


def _in_parallel(count, action):
    """Run ``action`` in ``count`` threads at once, each with its own DB connection."""
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_leave_one_row_and_one_completion():
    learner, _course, (only,) = make_scene(modules=1)
    _in_parallel(2, lambda: record_visit(learner, only))
    assert ModuleProgress.objects.filter(user=learner).count() == 1

    _in_parallel(2, lambda: complete_module(learner, only))
    assert ModuleProgress.objects.get(user=learner).status == ProgressStatus.COMPLETED
    assert CourseCompletion.objects.filter(user=learner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_completion_of_the_last_two_modules_completes_the_course_once():
    learner, _course, modules = make_scene(modules=2)
    threads_done = []

    def finish(module):
        complete_module(learner, module)
        threads_done.append(module)

    barrier_modules = iter(modules)
    lock = threading.Lock()

    def next_module():
        with lock:
            return next(barrier_modules)

    _in_parallel(2, lambda: finish(next_module()))
    assert len(threads_done) == 2
    assert CourseCompletion.objects.filter(user=learner).count() == 1


@pytest.mark.django_db
def test_module_of_a_course_that_is_not_live_is_neither_served_nor_answered(client):
    from django.urls import reverse

    from courses.tests.factories import sample_quiz

    learner, course, (module,) = make_scene(modules=1)
    quiz_module = make_module(course, "Test", body=[sample_quiz()], completion_rule="quiz")
    course.unpublish()
    client.force_login(learner)
    assert client.get(module.url).status_code == 404
    assert client.post(reverse("learning:complete_module", args=[module.pk])).status_code == 404
    post = client.post(reverse("learning:submit_quiz", args=[quiz_module.pk]), {"quiz": "quiz-1"})
    assert post.status_code == 404
    assert not ModuleProgress.objects.exists()
