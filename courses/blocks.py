"""StreamField blocks of a module: teaching content, pages of other apps and the quiz.

Every block renders with its own template under ``templates/blocks/`` and carries a
``preview_value`` so trainers see a real example in the block picker of the admin (the
embedded page has a description instead: a preview would need a real page).
The quiz block grades on the server: its template never renders which answers are
correct, and ``QuizBlock.grade`` is the only place that knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from .embeds import embed_error, embed_for_reader, embeddable_page_types

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]

#: Upper bounds for a submitted quiz; anything larger is tampering, not an answer.
MAX_QUESTIONS = 100
MAX_ANSWERS_PER_QUESTION = 20


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Überschrift"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[("h2", _("Abschnitt (H2)")), ("h3", _("Unterabschnitt (H3)"))],
        default="h2",
        help_text=_("Überschriften in der richtigen Reihenfolge helfen Screenreadern."),
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Was ist eine E-Akte?", "level": "h2"}


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "blocks/rich_text_block.html"
        preview_value = (
            "<p>Die elektronische Akte ersetzt die Papierakte. Alle Dokumente eines "
            "Vorgangs liegen an einem Ort und sind für Berechtigte jederzeit auffindbar.</p>"
        )


class CaptionedImageBlock(blocks.StructBlock):
    """An image whose alternative text is required unless it is purely decorative."""

    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blocks/captioned_image_block.html"

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image is not None and not getattr(image, "decorative", False):
            if not (getattr(image, "contextual_alt_text", "") or "").strip():
                raise StructBlockValidationError(
                    block_errors={
                        "image": ValidationError(
                            _(
                                "Bitte einen Alternativtext eingeben oder das Bild als "
                                "dekorativ markieren."
                            )
                        )
                    }
                )
        return value


class VideoBlock(blocks.StructBlock):
    """A self-hosted video: no third-party embeds (offline town halls, GDPR, CSP)."""

    video = DocumentChooserBlock(
        label=_("Videodatei"), help_text=_("MP4 oder WebM aus der Dokumentenbibliothek.")
    )
    captions = DocumentChooserBlock(
        label=_("Untertitel (WebVTT)"),
        help_text=_("Pflicht für Barrierefreiheit: eine .vtt-Datei mit Untertiteln."),
    )
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transkript"),
        features=["bold", "italic", "ul", "ol"],
        help_text=_("Der gesprochene Text, auch für Beschäftigte ohne Ton am Arbeitsplatz."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        video, captions = value.get("video"), value.get("captions")
        if video and video.file_extension.lower() not in ("mp4", "webm"):
            errors["video"] = ValidationError(_("Bitte eine MP4- oder WebM-Datei wählen."))
        if captions and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError(_("Bitte eine WebVTT-Datei (.vtt) wählen."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    label = blocks.CharBlock(
        label=_("Linktext"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen für den Titel des Dokuments."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument zum Herunterladen")
        template = "blocks/document_download_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Art"),
        choices=[
            ("hint", _("Hinweis")),
            ("warning", _("Achtung")),
            ("legal", _("Rechtlicher Hinweis")),
        ],
        default="hint",
    )
    title = blocks.CharBlock(label=_("Titel"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = _("Hinweisbox")
        template = "blocks/callout_block.html"
        preview_value = {
            "kind": "legal",
            "title": "Aufbewahrungsfristen",
            "text": "<p>Schriftgut ist nach den Fristen des Aktenplans aufzubewahren.</p>",
        }


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Schritt"), max_length=200)
    text = blocks.RichTextBlock(
        label=_("Beschreibung"), required=False, features=["bold", "italic", "link", "ul"]
    )


class StepByStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("Schritte"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Schritt-für-Schritt-Anleitung")
        template = "blocks/step_by_step_block.html"
        preview_value = {
            "title": "Eingangspost erfassen",
            "steps": [
                {"title": "Post öffnen und scannen", "text": "<p>Mit dem Dokumentenscanner.</p>"},
                {"title": "Dokument der Akte zuordnen", "text": "<p>Aktenzeichen prüfen.</p>"},
            ],
        }


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Punkt")), label=_("Punkte"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Checkliste")
        template = "blocks/checklist_block.html"
        preview_value = {
            "title": "Vor dem Versand prüfen",
            "items": ["Empfängeradresse korrekt", "Anlagen vollständig", "Aktenzeichen angegeben"],
        }


# --- Pages of other apps ----------------------------------------------------------------


class EmbeddablePageChooserBlock(blocks.PageChooserBlock):
    """A page chooser offering the page types registered in ``courses.embeds``.

    The types are looked up when the chooser is shown, not when the block is defined:
    the apps that register them load after ``courses``, and the block's definition (and
    so the module's migration) must not change with them. The value is a plain ``Page``
    whatever its type; ``courses.embeds`` takes its specific page.
    """

    @property
    def target_models(self):
        return [registration.model for registration in embeddable_page_types()] or [Page]

    @property
    def target_model(self):
        return Page

    @property
    def widget(self):
        # Imported when used, as Wagtail's own page chooser block does: the admin's
        # widgets import models, and this module loads while the app registry fills.
        from wagtail.admin.widgets import AdminPageChooser

        return AdminPageChooser(target_models=self.target_models, can_choose_root=False)

    @property
    def field(self):
        return forms.ModelChoiceField(
            queryset=Page.objects.all(),
            widget=self.widget,
            required=self._required,
            validators=self._validators,
            help_text=self._help_text,
        )


class EmbeddedPageBlock(blocks.StructBlock):
    """A page of another app, such as a process description, shown live in the module.

    Readers always see the page's published version; a reader who may not see the page
    gets a short note instead (``courses.embeds.embed_for_reader``).
    """

    page = EmbeddablePageChooserBlock(
        label=_("Seite"),
        help_text=_(
            "Eine veröffentlichte Seite, z. B. eine Prozessbeschreibung. Das Modul zeigt "
            "immer ihre aktuelle Fassung; wählen Sie eine, die alle Teilnehmenden des "
            "Kurses lesen dürfen."
        ),
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Eingebundene Seite")
        description = _(
            "Zeigt eine Seite aus einem anderen Bereich, z. B. eine Prozessbeschreibung mit "
            "ihren Schritten, immer in der veröffentlichten Fassung."
        )
        template = "blocks/embedded_page_block.html"

    def clean(self, value):
        value = super().clean(value)
        error = embed_error(value["page"])  # required: super() refused an empty choice
        if error:
            raise StructBlockValidationError(block_errors={"page": ValidationError(error)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["embed"] = embed_for_reader(value.get("page"), parent_context or {})
        return context


# --- Quiz -----------------------------------------------------------------------------


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Antwort"), max_length=500)
    correct = blocks.BooleanBlock(
        label=pgettext_lazy("answer is correct", "Richtig"), required=False
    )
    feedback = blocks.CharBlock(
        label=_("Rückmeldung"),
        required=False,
        max_length=500,
        help_text=_("Wird nach dem Absenden angezeigt, wenn diese Antwort gewählt wurde."),
    )


@dataclass
class QuestionResult:
    """How one question was answered: what was chosen and what the learner sees now."""

    question_id: str
    chosen: list[str]
    correct: bool
    feedback: list[str] = field(default_factory=list)


class BaseQuestionBlock(blocks.StructBlock):
    """A question whose answers are identified by their stable list-item ids."""

    question = blocks.CharBlock(label=_("Frage"), max_length=500)
    explanation = blocks.RichTextBlock(
        label=_("Erklärung"),
        required=False,
        features=["bold", "italic", "link"],
        help_text=_("Wird nach dem Absenden angezeigt, unabhängig von der Antwort."),
    )

    #: "radio" or "checkbox": how the learner picks answers.
    input_type = "radio"

    def answer_options(self, value) -> list[tuple[str, str, bool, str]]:
        """(id, text, correct, feedback) of every answer, in order."""
        return [
            (item.id, item.value["text"], bool(item.value["correct"]), item.value["feedback"])
            for item in value["answers"].bound_blocks
        ]

    def grade(self, question_id: str, value, chosen: list[str]) -> QuestionResult:
        options = self.answer_options(value)
        correct_ids = {option_id for option_id, _text, correct, _fb in options if correct}
        feedback = [fb for option_id, _text, _c, fb in options if option_id in chosen and fb]
        return QuestionResult(question_id, chosen, set(chosen) == correct_ids, feedback)


class SingleChoiceQuestionBlock(BaseQuestionBlock):
    answers = blocks.ListBlock(AnswerBlock(), label=_("Antworten"), min_num=2, max_num=10)

    class Meta:
        icon = "radio-full"
        label = _("Einfachauswahl")

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for answer in value["answers"] if answer["correct"]) != 1:
            raise StructBlockValidationError(
                block_errors={
                    "answers": ValidationError(_("Genau eine Antwort muss richtig sein."))
                }
            )
        return value


class MultipleChoiceQuestionBlock(BaseQuestionBlock):
    answers = blocks.ListBlock(AnswerBlock(), label=_("Antworten"), min_num=2, max_num=10)
    input_type = "checkbox"

    class Meta:
        icon = "tick"
        label = _("Mehrfachauswahl")

    def clean(self, value):
        value = super().clean(value)
        if not any(answer["correct"] for answer in value["answers"]):
            raise StructBlockValidationError(
                block_errors={
                    "answers": ValidationError(_("Mindestens eine Antwort muss richtig sein."))
                }
            )
        return value


class TrueFalseQuestionBlock(BaseQuestionBlock):
    """A statement to judge; its two answers have fixed ids "true" and "false"."""

    statement_is_true = blocks.BooleanBlock(label=_("Die Aussage ist richtig"), required=False)
    feedback_true = blocks.CharBlock(label=_("Rückmeldung zu „Richtig“"), required=False)
    feedback_false = blocks.CharBlock(label=_("Rückmeldung zu „Falsch“"), required=False)

    class Meta:
        icon = "help"
        label = _("Richtig oder falsch")

    def answer_options(self, value):
        is_true = bool(value["statement_is_true"])
        return [
            ("true", _("Richtig"), is_true, value["feedback_true"]),
            ("false", _("Falsch"), not is_true, value["feedback_false"]),
        ]


class QuestionStreamBlock(blocks.StreamBlock):
    single = SingleChoiceQuestionBlock()
    multiple = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()

    class Meta:
        min_num = 1
        max_num = MAX_QUESTIONS


@dataclass
class QuizResult:
    score: int  # percent, 0..100
    passed: bool
    questions: list[QuestionResult]


class QuizSubmissionError(ValueError):
    """A submission that is not an answer to this quiz (tampered, incomplete, too big)."""


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200, default=_("Wissenstest"))
    intro = blocks.RichTextBlock(label=_("Einleitung"), required=False, features=["bold", "italic"])
    pass_mark = blocks.IntegerBlock(
        label=_("Bestehensgrenze in Prozent"),
        min_value=1,
        max_value=100,
        default=80,
        help_text=_("Anteil richtig beantworteter Fragen, der zum Bestehen nötig ist."),
    )
    questions = QuestionStreamBlock(label=_("Fragen"))

    class Meta:
        icon = "help"
        label = _("Quiz")
        template = "blocks/quiz_block.html"
        form_classname = "quiz-block"

    def questions_of(self, value):
        """(question_id, block, value) of every question, in order."""
        return [(child.id, child.block, child.value) for child in value["questions"]]

    def get_context(self, value, parent_context=None):
        """The questions as the learner may see them.

        Before submission only ids and texts reach the template: never which answer is
        right. After submission (``quiz_results`` in the parent context: the stored
        per-question results of an attempt) each question carries whether it was
        answered correctly, the feedback of the chosen answers and the explanation.
        ``quiz_selected`` re-checks answers after a refused submission, so nothing the
        learner chose is lost.
        """
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        results = {r["question_id"]: r for r in parent_context.get("quiz_results") or []}
        selected = parent_context.get("quiz_selected") or {}
        questions = []
        for number, (question_id, block, question_value) in enumerate(
            self.questions_of(value), start=1
        ):
            result = results.get(question_id)
            chosen = set(result["chosen"] if result else selected.get(question_id, []))
            questions.append(
                {
                    "id": question_id,
                    "number": number,
                    "text": question_value["question"],
                    "input_type": block.input_type,
                    "options": [
                        {"id": option_id, "text": text, "chosen": option_id in chosen}
                        for option_id, text, _correct, _feedback in block.answer_options(
                            question_value
                        )
                    ],
                    "result": result,
                    "explanation": question_value["explanation"] if result else None,
                }
            )
        context["questions"] = questions
        context["answered"] = bool(results)
        return context

    def parse_submission(self, value, data) -> dict[str, list[str]]:
        """The chosen answer ids per question, from form data ``q-<question id>``.

        Raises ``QuizSubmissionError`` with a German message for anything that is not a
        complete, well-formed answer to this exact quiz, so nothing is stored.
        """
        questions = self.questions_of(value)
        known = {f"q-{question_id}" for question_id, _b, _v in questions}
        submitted = {key for key in data.keys() if key.startswith("q-")}
        if submitted - known:
            raise QuizSubmissionError(
                _("Die Antworten passen nicht zu diesem Quiz. Bitte laden Sie die Seite neu.")
            )
        chosen: dict[str, list[str]] = {}
        for question_id, block, question_value in questions:
            values = data.getlist(f"q-{question_id}")
            if not values:
                raise QuizSubmissionError(_("Bitte beantworten Sie alle Fragen."))
            if len(values) > MAX_ANSWERS_PER_QUESTION or len(set(values)) != len(values):
                raise QuizSubmissionError(_("Die Antworten sind ungültig."))
            option_ids = {option[0] for option in block.answer_options(question_value)}
            if not set(values) <= option_ids:
                raise QuizSubmissionError(
                    _("Die Antworten passen nicht zu diesem Quiz. Bitte laden Sie die Seite neu.")
                )
            if block.input_type == "radio" and len(values) != 1:
                raise QuizSubmissionError(_("Bei dieser Frage ist nur eine Antwort möglich."))
            chosen[question_id] = values
        return chosen

    def grade(self, value, chosen: dict[str, list[str]]) -> QuizResult:
        results = [
            block.grade(question_id, question_value, chosen[question_id])
            for question_id, block, question_value in self.questions_of(value)
        ]
        correct = sum(1 for result in results if result.correct)
        score = round(100 * correct / len(results)) if results else 0
        # Passing compares the exact share, not the rounded score: 2 of 3 (66.7 %) does
        # not pass a pass mark of 67 %.
        passed = bool(results) and correct * 100 >= value["pass_mark"] * len(results)
        return QuizResult(score=score, passed=passed, questions=results)


class ModuleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = RichTextBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentDownloadBlock()
    callout = CalloutBlock()
    steps = StepByStepBlock()
    checklist = ChecklistBlock()
    quiz = QuizBlock()
    embedded_page = EmbeddedPageBlock()

    class Meta:
        block_counts = {"quiz": {"max_num": 1}}
