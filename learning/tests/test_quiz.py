"""Taking a quiz: graded on the server, stored as graded, refused when tampered with."""

import bs4
import pytest
from django.http import QueryDict
from django.urls import reverse

from courses.models import ModulePage
from courses.tests.factories import (
    SAMPLE_QUIZ_CORRECT,
    answer,
    data_for_module,
    make_course,
    make_course_index,
    make_module,
    quiz_block,
    sample_quiz,
    section_of,
    single_choice,
    text_block,
)
from learning.models import QuizAttempt
from learning.quiz import take_quiz
from organisations.tests.factories import make_employee, make_municipality

pytestmark = pytest.mark.django_db

#: What only a graded attempt may show: feedback and explanation of ``sample_quiz``.
SECRETS = ("RUECKMELDUNG-RICHTIG-Q1", "RUECKMELDUNG-FALSCH-Q1", "ERKLAERUNG-Q1")


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """Blomberg with a private course whose module ends with ``sample_quiz``."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            course = make_course(make_course_index(section_of(blomberg)), "E-Akte Grundlagen")
            module = make_module(
                course,
                "Aktenzeichen",
                body=[
                    text_block("<p>Jedes Schriftstück bekommt ein Aktenzeichen.</p>"),
                    sample_quiz(),
                ],
            )
            data = {
                "blomberg": blomberg,
                "course": course,
                "module": module,
                "learner": make_employee(blomberg).user,
                "stranger": make_employee(make_municipality("Lügde", slug="luegde")).user,
            }
        yield data


def _url(module) -> str:
    return reverse("learning:submit_quiz", args=[module.pk])


def _post(client, module, answers=None, quiz="quiz-1"):
    data = {"quiz": quiz, **(SAMPLE_QUIZ_CORRECT if answers is None else answers)}
    return client.post(_url(module), data)


def _republish(module, body) -> None:
    """A trainer edits the module and the Redaktion publishes the new revision."""
    module = type(module).objects.get(pk=module.pk)
    module.body = body
    module.save_revision().publish()


# --- Grading --------------------------------------------------------------------------


def test_all_correct_answers_store_a_passed_attempt(client, town):
    module, learner = town["module"], town["learner"]
    client.force_login(learner)
    response = _post(client, module)

    attempt = QuizAttempt.objects.get()
    assert response.status_code == 302
    assert response.url == f"{module.url}?versuch={attempt.pk}#quiz-ergebnis"
    assert (attempt.user, attempt.module) == (learner, module)
    assert (attempt.score, attempt.passed, attempt.pass_mark) == (100, True, 80)
    assert attempt.revision_id == module.live_revision_id is not None
    assert attempt.quiz_block_id == "quiz-1"
    assert [r["question_id"] for r in attempt.results] == ["q1", "q2", "q3", "q4"]
    assert all(r["correct"] for r in attempt.results)
    assert attempt.result_for("q1")["feedback"] == ["RUECKMELDUNG-RICHTIG-Q1"]


@pytest.mark.parametrize(("pass_mark", "passed"), [(75, True), (76, False)])
def test_score_is_the_share_of_correct_questions_and_the_pass_mark_is_inclusive(
    client, town, pass_mark, passed
):
    module = make_module(town["course"], body=[sample_quiz(pass_mark=pass_mark)])
    client.force_login(town["learner"])
    _post(client, module, {**SAMPLE_QUIZ_CORRECT, "q-q4": ["q4-a"]})

    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.passed) == (75, passed)
    assert attempt.result_for("q4")["correct"] is False
    assert attempt.result_for("q4")["chosen"] == ["q4-a"]


@pytest.mark.parametrize("chosen", [["q2-a"], ["q2-a", "q2-b", "q2-c"], ["q2-b"]])
def test_multiple_choice_counts_only_when_exactly_the_right_answers_are_chosen(
    client, town, chosen
):
    client.force_login(town["learner"])
    _post(client, town["module"], {**SAMPLE_QUIZ_CORRECT, "q-q2": chosen})

    attempt = QuizAttempt.objects.get()
    assert attempt.result_for("q2")["correct"] is False
    assert (attempt.score, attempt.passed) == (75, False)


def test_retaking_a_quiz_adds_a_new_attempt(client, town):
    client.force_login(town["learner"])
    _post(client, town["module"], {**SAMPLE_QUIZ_CORRECT, "q-q1": ["q1-b"]})
    _post(client, town["module"])

    first, second = QuizAttempt.objects.order_by("pk")
    assert (first.score, first.passed) == (75, False)
    assert (second.score, second.passed) == (100, True)


def test_editing_the_module_later_does_not_change_a_stored_attempt(client, town):
    module = town["module"]
    client.force_login(town["learner"])
    _post(client, module)
    attempt = QuizAttempt.objects.get()
    stored = (attempt.score, attempt.passed, attempt.results, attempt.revision_id)

    changed = sample_quiz()  # same ids, but now "Im Keller" is the right answer
    changed["value"]["questions"][0]["value"]["answers"] = [
        answer("q1-a", "In der E-Akte", False),
        answer("q1-b", "Im Keller", True),
    ]
    _republish(module, [changed])

    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed, attempt.results, attempt.revision_id) == stored
    _post(client, module)  # the same answers are graded against the new revision
    retake = QuizAttempt.objects.latest("pk")
    assert (retake.score, retake.passed) == (75, False)
    assert retake.revision_id != attempt.revision_id


# --- Who may submit -------------------------------------------------------------------


def test_quiz_answers_must_be_posted(client, town):
    client.force_login(town["learner"])
    assert client.get(_url(town["module"])).status_code == 405
    assert not QuizAttempt.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, town):
    response = _post(client, town["module"])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not QuizAttempt.objects.exists()


def test_staff_of_another_municipality_cannot_submit_to_a_private_module(client, town):
    client.force_login(town["stranger"])
    assert _post(client, town["module"]).status_code == 404
    assert not QuizAttempt.objects.exists()


def test_unpublished_module_takes_no_answers(client, town):
    draft = make_module(town["course"], body=[sample_quiz()], publish=False)
    client.force_login(town["learner"])
    assert _post(client, draft).status_code == 404
    assert not QuizAttempt.objects.exists()


# --- Refused submissions --------------------------------------------------------------

NOT_THIS_QUIZ = "Die Antworten passen nicht zu diesem Quiz. Bitte laden Sie die Seite neu."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"q-q1": ["q1-x"]}, NOT_THIS_QUIZ, id="unknown-answer"),
        pytest.param({"q-q4": ["q1-a"]}, NOT_THIS_QUIZ, id="answer-of-another-question"),
        pytest.param({"q-q9": ["q1-a"]}, NOT_THIS_QUIZ, id="unknown-question"),
        pytest.param({"q-q4": []}, "Bitte beantworten Sie alle Fragen.", id="incomplete"),
        pytest.param(
            {"q-q1": ["q1-a", "q1-b"]},
            "Bei dieser Frage ist nur eine Antwort möglich.",
            id="two-answers-to-single-choice",
        ),
        pytest.param(
            {"q-q3": ["true", "false"]},
            "Bei dieser Frage ist nur eine Antwort möglich.",
            id="both-true-and-false",
        ),
        pytest.param(
            {"q-q2": ["q2-a", "q2-a", "q2-c"]}, "Die Antworten sind ungültig.", id="duplicates"
        ),
        pytest.param({"q-q2": ["q2-a"] * 21}, "Die Antworten sind ungültig.", id="too-many-values"),
        pytest.param(
            {"quiz": "quiz-0"},
            "Das Quiz wurde inzwischen geändert. Bitte laden Sie die Seite neu.",
            id="stale-quiz-id",
        ),
        pytest.param(
            {"padding": "x" * 70_000},
            "Die Antworten sind zu umfangreich. Bitte laden Sie die Seite neu.",
            id="oversized",
        ),
    ],
)
def test_tampered_submissions_are_refused_in_german_and_store_nothing(
    client, town, changes, message
):
    client.force_login(town["learner"])
    data = {"quiz": "quiz-1", **SAMPLE_QUIZ_CORRECT, **changes}
    response = client.post(_url(town["module"]), data)

    assert response.status_code == 400
    assert response.context["quiz_error"] == message
    assert message in response.content.decode()
    assert not QuizAttempt.objects.exists()
    for secret in SECRETS:
        assert secret not in response.content.decode()


def test_a_quiz_replaced_after_the_form_was_loaded_is_refused(client, town):
    module = town["module"]
    _republish(module, [sample_quiz(block_id="quiz-2")])
    client.force_login(town["learner"])
    response = _post(client, module, quiz="quiz-1")
    assert response.status_code == 400
    assert "Das Quiz wurde inzwischen geändert." in response.context["quiz_error"]
    assert not QuizAttempt.objects.exists()


def test_refused_submission_keeps_what_the_learner_ticked(client, town):
    client.force_login(town["learner"])
    response = _post(client, town["module"], {"q-q1": ["q1-b"], "q-q2": ["q2-a", "q2-c"]})
    assert response.status_code == 400
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    checked = {(i["name"], i["value"]) for i in soup.select("input[checked]") if i.get("name")}
    assert {("q-q1", "q1-b"), ("q-q2", "q2-a"), ("q-q2", "q2-c")} <= checked


# --- What the module page shows -------------------------------------------------------


def _quiz_form(html: bytes) -> bs4.Tag:
    soup = bs4.BeautifulSoup(html, "html.parser")
    form = soup.find("form", action=lambda action: action and "/lernen/quiz/" in action)
    assert form is not None, "the module page has no quiz form"
    return form


def test_module_page_does_not_reveal_the_right_answers(client, town):
    client.force_login(town["learner"])
    response = client.get(town["module"].url)

    assert response.status_code == 200
    html = response.content.decode()
    for secret in SECRETS:
        assert secret not in html
    form = _quiz_form(response.content)
    assert form["action"].split("#")[0] == _url(town["module"])
    assert form.find("input", attrs={"name": "quiz"})["value"] == "quiz-1"
    options = {(i["name"], i["value"]) for i in form.find_all("input", attrs={"type": "radio"})}
    assert {("q-q1", "q1-a"), ("q-q1", "q1-b"), ("q-q3", "true"), ("q-q3", "false")} <= options
    for tag in form.find_all(True):  # no `data-correct`, no `class="correct"`
        assert "correct" not in str(tag.attrs).lower(), tag


def test_result_page_shows_own_attempt_with_feedback(client, town):
    module = town["module"]
    client.force_login(town["learner"])
    _post(client, module, {**SAMPLE_QUIZ_CORRECT, "q-q4": ["q4-a"]})
    attempt = QuizAttempt.objects.get()

    response = client.get(f"{module.url}?versuch={attempt.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="quiz-ergebnis"' in html
    assert "RUECKMELDUNG-RICHTIG-Q1" in html and "ERKLAERUNG-Q1" in html
    assert "75" in html


def test_result_page_never_shows_somebody_elses_attempt(client, town):
    module = town["module"]
    client.force_login(town["learner"])
    _post(client, module)
    attempt = QuizAttempt.objects.get()

    colleague = make_employee(town["blomberg"]).user
    client.force_login(colleague)
    response = client.get(f"{module.url}?versuch={attempt.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="quiz-ergebnis"' not in html
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.parametrize("versuch", ["abc", "-1", "999999", "1 OR 1=1", "9" * 30, "٣"])
def test_result_page_ignores_nonsense_attempt_ids(client, town, versuch):
    client.force_login(town["learner"])
    response = client.get(town["module"].url, {"versuch": versuch})
    assert response.status_code == 200
    assert 'id="quiz-ergebnis"' not in response.content.decode()


def test_module_without_quiz_refuses_answers(client, town):
    module = make_module(town["course"], body=[text_block("<p>Nur Text.</p>")])
    client.force_login(town["learner"])
    response = _post(client, module)
    assert response.status_code == 400
    assert not QuizAttempt.objects.exists()


def test_a_quiz_in_the_shared_section_takes_answers_from_every_municipality(client, town):
    shared_course = make_course(make_course_index(section_of(None)), "Datenschutz")
    module = make_module(
        shared_course,
        body=[
            quiz_block(
                [single_choice("q1", "?", [answer("a", "Ja", True), answer("b", "Nein")])],
                block_id="shared-quiz",
            )
        ],
    )
    client.force_login(town["stranger"])
    response = _post(client, module, {"q-q1": ["a"]}, quiz="shared-quiz")
    assert response.status_code == 302
    assert QuizAttempt.objects.get().user == town["stranger"]


# --- A passed quiz completes its module (domain rule, no HTTP) -------------------------


@pytest.fixture
def quiz_course():
    blomberg = make_municipality("Horn", slug="horn")
    course = make_course(make_course_index(section_of(blomberg)), "Datenschutz")
    by_quiz = make_module(
        course, "Quiz-Modul", body=[sample_quiz()], completion_rule=ModulePage.CompletionRule.QUIZ
    )
    by_reading = make_module(course, "Lese-Modul", body=[text_block("<p>Text</p>"), sample_quiz()])
    return {"by_quiz": by_quiz, "by_reading": by_reading, "learner": make_employee(blomberg).user}


def test_a_passed_quiz_completes_a_module_completed_by_its_quiz(quiz_course):
    outcome = take_quiz(
        quiz_course["by_quiz"], quiz_course["learner"], "quiz-1", _answers(SAMPLE_QUIZ_CORRECT)
    )

    assert outcome.attempt.passed
    assert outcome.module_completed


def test_a_failed_quiz_completes_nothing(quiz_course):
    outcome = take_quiz(
        quiz_course["by_quiz"],
        quiz_course["learner"],
        "quiz-1",
        _answers({**SAMPLE_QUIZ_CORRECT, "q-q1": ["q1-b"], "q-q3": ["true"]}),
    )

    assert not outcome.attempt.passed
    assert not outcome.module_completed
    assert outcome.course_completion is None


def test_a_passed_quiz_leaves_a_module_completed_by_reading_open(quiz_course):
    outcome = take_quiz(
        quiz_course["by_reading"], quiz_course["learner"], "quiz-1", _answers(SAMPLE_QUIZ_CORRECT)
    )

    assert outcome.attempt.passed
    assert not outcome.module_completed


def _answers(chosen: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in chosen.items():
        data.setlist(key, values)
    return data
