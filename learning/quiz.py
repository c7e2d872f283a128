"""Taking a quiz: parse, grade with the block's own method, store the attempt, and let a
passed quiz complete its module."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from courses.blocks import QuizSubmissionError
from courses.models import ModulePage

from .models import CourseCompletion, QuizAttempt
from .progress import complete_module

#: A form post larger than this is not a quiz answer (100 questions × 20 answers fit).
MAX_SUBMISSION_BYTES = 64 * 1024


def submit_quiz(module: ModulePage, user, quiz_block_id: str, data) -> QuizAttempt:
    """Grade ``data`` against the module's live quiz and store the attempt.

    Raises ``QuizSubmissionError`` (German message, nothing stored) when the quiz the
    form was made for is no longer the live one, or the answers do not fit it.
    """
    quiz = module.quiz
    if quiz is None or quiz.id != quiz_block_id:
        raise QuizSubmissionError(
            _("Das Quiz wurde inzwischen geändert. Bitte laden Sie die Seite neu.")
        )
    chosen = quiz.block.parse_submission(quiz.value, data)
    result = quiz.block.grade(quiz.value, chosen)
    with transaction.atomic():
        return QuizAttempt.objects.create(
            user=user,
            module=module,
            revision_id=module.live_revision_id,
            quiz_block_id=quiz.id,
            score=result.score,
            pass_mark=quiz.value["pass_mark"],
            passed=result.passed,
            results=[asdict(question) for question in result.questions],
        )


@dataclass(frozen=True)
class QuizOutcome:
    """What taking a quiz did: the attempt, and whether it completed the module (and
    with it, perhaps, the course)."""

    attempt: QuizAttempt
    module_completed: bool = False
    course_completion: CourseCompletion | None = None


def take_quiz(module: ModulePage, user, quiz_block_id: str, data) -> QuizOutcome:
    """Submit the quiz; a pass completes the module when the module is completed by its
    quiz (``CompletionRule.QUIZ``), as if the learner had ticked "erledigt".

    Raises ``QuizSubmissionError`` like ``submit_quiz``.
    """
    attempt = submit_quiz(module, user, quiz_block_id, data)
    if not (attempt.passed and module.completion_rule == ModulePage.CompletionRule.QUIZ):
        return QuizOutcome(attempt)
    return QuizOutcome(attempt, True, complete_module(user, module))
