"""What trainers cannot save: quizzes without a right answer, images without alt text…"""

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

from courses.blocks import (
    CaptionedImageBlock,
    ModuleBodyBlock,
    MultipleChoiceQuestionBlock,
    SingleChoiceQuestionBlock,
    VideoBlock,
)
from courses.models import CoursePage, ModulePage

from .factories import answer, quiz_block, sample_quiz, single_choice, text_block

pytestmark = pytest.mark.django_db


def _question(block, *correct_flags):
    answers = [answer(f"a{i}", f"Antwort {i}", flag) for i, flag in enumerate(correct_flags)]
    return block.to_python({"question": "Frage?", "explanation": "", "answers": answers})


def _error_text(excinfo) -> str:
    error = excinfo.value
    return " ".join(str(e.messages) for e in error.block_errors.values())


def test_single_choice_needs_exactly_one_correct_answer():
    block = SingleChoiceQuestionBlock()
    block.clean(_question(block, True, False, False))
    for flags in [(False, False, False), (True, True, False)]:
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(_question(block, *flags))
        assert "Genau eine Antwort muss richtig sein." in _error_text(excinfo)


def test_multiple_choice_needs_at_least_one_correct_answer():
    block = MultipleChoiceQuestionBlock()
    block.clean(_question(block, True, True, False))
    block.clean(_question(block, False, True))
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(_question(block, False, False))
    assert "Mindestens eine Antwort muss richtig sein." in _error_text(excinfo)


def _image_value(image, alt_text="", decorative=False):
    block = CaptionedImageBlock()
    value = block.to_python(
        {
            "image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative},
            "caption": "",
        }
    )
    return block, value


def test_image_needs_alt_text_unless_decorative():
    image = wagtail_factories.ImageFactory()
    block, value = _image_value(image, alt_text="")
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert "image" in excinfo.value.block_errors

    block, value = _image_value(image, alt_text="   ")
    with pytest.raises(StructBlockValidationError):
        block.clean(value)

    block, value = _image_value(image, alt_text="Ein Aktenschrank im Bürgerbüro")
    assert block.clean(value)["image"].contextual_alt_text == "Ein Aktenschrank im Bürgerbüro"

    block, value = _image_value(image, decorative=True)
    assert block.clean(value)["image"].decorative


def _document(name: str) -> Document:
    document = Document(title=name)
    document.file.save(name, ContentFile(b"\x00" * 16), save=False)
    document.save()
    return document


def _video_value(video, captions):
    block = VideoBlock()
    return block, block.to_python(
        {
            "video": video.pk,
            "captions": captions.pk,
            "title": "Die E-Akte in drei Minuten",
            "transcript": "<p>Willkommen.</p>",
        }
    )


def test_video_needs_mp4_or_webm_and_a_webvtt_track():
    mp4, webm, vtt = _document("film.mp4"), _document("film.WEBM"), _document("film.vtt")
    for video in (mp4, webm):
        block, value = _video_value(video, vtt)
        block.clean(value)

    block, value = _video_value(_document("film.avi.pdf"), vtt)
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert set(excinfo.value.block_errors) == {"video"}

    block, value = _video_value(mp4, _document("untertitel.srt.txt"))
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert set(excinfo.value.block_errors) == {"captions"}


def test_video_without_captions_is_rejected():
    block = VideoBlock()
    value = block.to_python(
        {"video": _document("film.mp4").pk, "captions": None, "title": "Film", "transcript": "x"}
    )
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert "captions" in excinfo.value.block_errors


def test_a_module_holds_at_most_one_quiz():
    block = ModuleBodyBlock()
    value = block.to_python([sample_quiz(block_id="quiz-a"), sample_quiz(block_id="quiz-b")])
    with pytest.raises(ValidationError):
        block.clean(value)


def test_module_completed_by_quiz_needs_a_quiz():
    module = ModulePage(
        title="Ohne Quiz",
        summary="…",
        completion_rule=ModulePage.CompletionRule.QUIZ,
        body=[text_block("<p>Nur Text.</p>")],
    )
    with pytest.raises(ValidationError) as excinfo:
        module.clean()
    assert "completion_rule" in excinfo.value.message_dict

    module.body = [sample_quiz()]
    module.clean()


def test_course_cover_image_needs_alt_text():
    course = CoursePage(
        title="Datenschutz",
        teaser="…",
        objectives="<ul><li>x</li></ul>",
        target_group="alle",
        cover_image=wagtail_factories.ImageFactory(),
    )
    with pytest.raises(ValidationError) as excinfo:
        course.clean()
    assert "cover_image_alt" in excinfo.value.message_dict

    course.cover_image_alt = "Ein Vorhängeschloss auf einer Tastatur"
    course.clean()


def test_grading_gives_percent_of_correct_questions_and_applies_pass_mark():
    body = ModuleBodyBlock().to_python([sample_quiz(pass_mark=75)])
    quiz = body[0]
    all_right = {"q1": ["q1-a"], "q2": ["q2-a", "q2-c"], "q3": ["false"], "q4": ["q4-b"]}
    result = quiz.block.grade(quiz.value, all_right)
    assert (result.score, result.passed) == (100, True)

    three_of_four = {**all_right, "q2": ["q2-a"]}  # multiple choice must match exactly
    result = quiz.block.grade(quiz.value, three_of_four)
    assert (result.score, result.passed) == (75, True)
    assert [q.correct for q in result.questions] == [True, False, True, True]

    result = quiz.block.grade(quiz.value, {**three_of_four, "q3": ["true"]})
    assert (result.score, result.passed) == (50, False)


def test_quiz_without_questions_cannot_be_saved():
    block = ModuleBodyBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python([quiz_block([])]))
    block.clean(
        block.to_python(
            [quiz_block([single_choice("q", "?", [answer("a", "A", True), answer("b", "B")])])]
        )
    )
