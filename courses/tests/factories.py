"""Small helpers that build course pages: ``make_course_index``, ``make_course``, ``make_module``.

Pages are added below a section (``organisations.tenancy``) with ``add_child`` and, unless
asked otherwise, published through a revision, as an editor would. Quiz bodies are built
as raw StreamField data with fixed ids, so a test can post ``q-<question id>`` values.
``many_courses``/``many_modules`` build hundreds of live pages in bulk for query budgets
and benchmarks; ``data_for_module`` lets a module-scoped fixture build its pages once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from organisations.models import Municipality, SectionPage
from organisations.provisioning import ensure_section

from ..models import CourseIndexPage, CoursePage, CourseTag, Level, ModulePage

_counter = itertools.count(1)


@contextmanager
def data_for_module(django_db_blocker) -> Iterator[None]:
    """Run the body in a transaction that is rolled back when the test module ends.

    For module-scoped fixtures: the pages are built once, every test runs in its own
    savepoint inside this transaction (pytest-django's ``django_db``), and nothing stays
    in the test database for other modules. Build the data inside
    ``django_db_blocker.unblock()``.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def section_of(municipality: Municipality | None) -> SectionPage:
    """The section of a municipality, or the shared one for ``None``."""
    return ensure_section(municipality)


def _add(parent, page, publish: bool):
    """Add ``page`` below ``parent``: published, or as a draft nobody sees yet."""
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_course_index(section: SectionPage, title: str = "Kurse", **kwargs) -> CourseIndexPage:
    kwargs.setdefault("slug", f"kurse-{next(_counter)}")
    return _add(section, CourseIndexPage(title=title, **kwargs), publish=True)


def make_course(
    index: CourseIndexPage,
    title: str | None = None,
    tags: Sequence[str] = (),
    publish: bool = True,
    **kwargs,
) -> CoursePage:
    n = next(_counter)
    title = title or f"Kurs {n}"
    kwargs.setdefault("slug", f"kurs-{n}")
    kwargs.setdefault("teaser", "Ein Kurs für die Verwaltung.")
    kwargs.setdefault("objectives", "<ul><li>Sie kennen die Grundlagen.</li></ul>")
    kwargs.setdefault("target_group", "alle Beschäftigten")
    kwargs.setdefault("level", Level.BASIC)
    course = CoursePage(title=title, **kwargs)
    if tags:
        course.tags.add(*tags)
    return _add(index, course, publish)


def make_module(
    course: CoursePage,
    title: str | None = None,
    body: list[dict] | None = None,
    publish: bool = True,
    **kwargs,
) -> ModulePage:
    n = next(_counter)
    title = title or f"Modul {n}"
    kwargs.setdefault("slug", f"modul-{n}")
    kwargs.setdefault("summary", "Worum es geht.")
    if body is None:
        body = [text_block("<p>Ein Abschnitt mit Lerninhalt.</p>")]
    module = ModulePage(title=title, body=body, **kwargs)
    return _add(course, module, publish)


def add_live_children(parent: Page, pages: list[Page], tags: Sequence[str] = ()) -> list[Page]:
    """Insert many live pages of one type below ``parent`` in a few queries.

    For scale tests and benchmarks only: it writes the rows an editor's publication
    would leave in the page tables, but no revisions, no signals (so no search index,
    reference index or duration update) and no log entries. Index the pages with
    ``get_search_backend().add_bulk(...)`` where a test needs them found.
    """
    given, parent = parent, Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(type(pages[0]))
    now = timezone.now()
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = []
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, step + offset)
        page.depth, page.numchild = parent.depth + 1, 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type, page.locale_id = content_type, parent.locale_id
        page.live, page.draft_title = True, page.title
        page.first_published_at = page.last_published_at = now
        bases.append(Page(**{f.attname: getattr(page, f.attname) for f in base_fields}))
    Page.objects.bulk_create(bases)
    for base, page in zip(bases, pages, strict=True):
        page.id = page.page_ptr_id = base.pk
        page.save_base(raw=True, force_insert=True)  # the page type's own table only
    given.numchild = parent.numchild + len(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=given.numchild)
    if tags:
        tag_objects = [Tag.objects.get_or_create(name=name)[0] for name in tags]
        CourseTag.objects.bulk_create(
            [CourseTag(content_object=page, tag=tag) for page in pages for tag in tag_objects]
        )
    return pages


def many_courses(index: CourseIndexPage, count: int, tags: Sequence[str] = (), **kwargs):
    """``count`` live courses below ``index``, built in bulk (see ``add_live_children``)."""
    kwargs.setdefault("teaser", "Ein Kurs für die Verwaltung.")
    kwargs.setdefault("objectives", "<ul><li>Sie kennen die Grundlagen.</li></ul>")
    kwargs.setdefault("target_group", "alle Beschäftigten")
    kwargs.setdefault("duration_minutes", 45)
    courses = []
    for _i in range(count):
        n = next(_counter)
        courses.append(CoursePage(title=f"Kurs {n:05d}", slug=f"kurs-{n}", **kwargs))
    return add_live_children(index, courses, tags=tags)


def many_modules(course: CoursePage, count: int, body: list[dict] | None = None, **kwargs):
    """``count`` live modules below ``course``, built in bulk (see ``add_live_children``)."""
    kwargs.setdefault("summary", "Worum es geht.")
    modules = []
    for _i in range(count):
        n = next(_counter)
        module_body = body if body is not None else [text_block("<p>Lerninhalt.</p>")]
        modules.append(
            ModulePage(title=f"Modul {n}", slug=f"modul-{n}", body=module_body, **kwargs)
        )
    add_live_children(course, modules)
    course.refresh_duration()
    return modules


# --- StreamField data -----------------------------------------------------------------


def text_block(html: str, block_id: str | None = None) -> dict[str, Any]:
    return {"type": "text", "value": html, "id": block_id or f"text-{next(_counter)}"}


def answer(answer_id: str, text: str, correct: bool = False, feedback: str = "") -> dict:
    return {
        "type": "item",
        "id": answer_id,
        "value": {"text": text, "correct": correct, "feedback": feedback},
    }


def single_choice(question_id: str, question: str, answers: list[dict], explanation="") -> dict:
    return {
        "type": "single",
        "id": question_id,
        "value": {"question": question, "explanation": explanation, "answers": answers},
    }


def multiple_choice(question_id: str, question: str, answers: list[dict], explanation="") -> dict:
    return {
        "type": "multiple",
        "id": question_id,
        "value": {"question": question, "explanation": explanation, "answers": answers},
    }


def true_false(question_id: str, statement: str, is_true: bool, explanation="") -> dict:
    return {
        "type": "true_false",
        "id": question_id,
        "value": {
            "question": statement,
            "explanation": explanation,
            "statement_is_true": is_true,
            "feedback_true": "",
            "feedback_false": "",
        },
    }


def quiz_block(
    questions: list[dict], pass_mark: int = 80, block_id: str = "quiz-1", title="Wissenstest"
) -> dict:
    return {
        "type": "quiz",
        "id": block_id,
        "value": {"title": title, "intro": "", "pass_mark": pass_mark, "questions": questions},
    }


def sample_quiz(pass_mark: int = 80, block_id: str = "quiz-1") -> dict:
    """Four questions, one of each kind, with recognisable feedback and explanations.

    Correct: q1 -> q1-a; q2 -> {q2-a, q2-c}; q3 -> "false"; q4 -> q4-b.
    """
    return quiz_block(
        [
            single_choice(
                "q1",
                "Wo liegen die Dokumente eines Vorgangs?",
                [
                    answer("q1-a", "In der E-Akte", True, "RUECKMELDUNG-RICHTIG-Q1"),
                    answer("q1-b", "Im Keller", False, "RUECKMELDUNG-FALSCH-Q1"),
                ],
                explanation="<p>ERKLAERUNG-Q1</p>",
            ),
            multiple_choice(
                "q2",
                "Was gehört zu einem Aktenzeichen?",
                [
                    answer("q2-a", "Die Aktenplannummer", True),
                    answer("q2-b", "Die Schuhgröße", False),
                    answer("q2-c", "Die laufende Nummer", True),
                ],
            ),
            true_false("q3", "Papierakten dürfen sofort vernichtet werden.", False),
            single_choice(
                "q4",
                "Wer darf eine E-Akte einsehen?",
                [
                    answer("q4-a", "Alle", False),
                    answer("q4-b", "Berechtigte", True),
                    answer("q4-c", "Niemand", False),
                ],
            ),
        ],
        pass_mark=pass_mark,
        block_id=block_id,
    )


#: Form data answering ``sample_quiz`` correctly.
SAMPLE_QUIZ_CORRECT = {
    "q-q1": ["q1-a"],
    "q-q2": ["q2-a", "q2-c"],
    "q-q3": ["false"],
    "q-q4": ["q4-b"],
}
