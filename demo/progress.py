"""Demo learning records, so "Mein Lernen" shows something right after the quick start.

Recorded through the same functions the views use (visits, completed modules, quizzes
answered and graded), so the demo is what real use would have left behind.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import QueryDict

from courses.models import CoursePage, ModulePage
from learning.models import ModuleProgress
from learning.progress import complete_module, record_visit
from learning.quiz import submit_quiz

#: username -> [(course title, how many modules in order: done, then one only visited)]
DEMO_PROGRESS = {
    "beschaeftigte": [
        ("Datenschutz (DSGVO) am Arbeitsplatz", "all"),
        ("Digital arbeiten mit der E-Akte", 2),
        ("IT-Sicherheit im Verwaltungsalltag: Phishing erkennen", 1),
    ],
    "beschaeftigte2": [("Digital arbeiten mit der E-Akte", 1)],
    "fuehrungskraft": [("IT-Sicherheit im Verwaltungsalltag: Phishing erkennen", "all")],
}


def demo_progress_exists() -> bool:
    return ModuleProgress.objects.filter(user__username__in=DEMO_PROGRESS).exists()


def _pass_quiz(user, module: ModulePage) -> None:
    """Answer the module's quiz correctly through the real grading."""
    quiz = module.quiz
    data = QueryDict(mutable=True)
    for question_id, block, value in quiz.block.questions_of(quiz.value):
        data.setlist(
            f"q-{question_id}",
            [
                option_id
                for option_id, _text, correct, _fb in block.answer_options(value)
                if correct
            ],
        )
    submit_quiz(module, user, quiz.id, data)


def work_through(user, module: ModulePage) -> None:
    record_visit(user, module)
    if module.completion_rule == ModulePage.CompletionRule.QUIZ:
        _pass_quiz(user, module)
    complete_module(user, module)


def load_progress() -> int:
    """Record the demo learners' progress; returns the number of courses touched."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_PROGRESS)}
    touched = 0
    for username, plans in DEMO_PROGRESS.items():
        user = users.get(username)
        if user is None:
            continue
        for title, amount in plans:
            course = CoursePage.objects.live().filter(title=title).first()
            if course is None:
                continue
            modules = [m.specific for m in course.modules()]
            required = [m for m in modules if not m.optional]
            if amount == "all":
                for module in required:
                    work_through(user, module)
            else:
                for module in required[:amount]:
                    work_through(user, module)
                if len(required) > amount:
                    record_visit(user, required[amount])
            touched += 1
    return touched
