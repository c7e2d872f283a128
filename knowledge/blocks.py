"""The steps of a process: what happens, who does it, with which system and documents.

Steps are blocks of a StreamField so that authors order them freely and Wagtail's
revisions compare them. A decision step names its branches and the step each leads to
(by the step's title, as authors think of them); ``ProcessStepsBlock.clean`` rejects
a branch that points to no step, so the diagram never has a loose end.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError

#: The fixed step categories; compare aligns the steps of two articles by them.
STEP_CATEGORIES = [
    ("eingang", _("Eingang")),
    ("erfassung", _("Erfassung")),
    ("beratung", _("Beratung")),
    ("pruefung", _("Prüfung")),
    ("beteiligung", _("Beteiligung")),
    ("entscheidung", _("Entscheidung")),
    ("bescheid", _("Bescheid")),
    ("zahlung", _("Zahlung")),
    ("versand", _("Versand")),
    ("archivierung", _("Archivierung")),
]
CATEGORY_LABELS = dict(STEP_CATEGORIES)
CATEGORY_ORDER = {key: index for index, (key, _label) in enumerate(STEP_CATEGORIES)}

#: Kinds of systems used in a step.
SYSTEM_KINDS = [
    ("e_akte", _("DMS / E-Akte")),
    ("fachverfahren", _("Fachverfahren")),
    ("servicekonto", _("ServiceKonto / Onlinedienst")),
    ("email", _("E-Mail")),
    ("office", _("Büro-Software")),
    ("papier", _("Papier")),
    ("sonstiges", _("Sonstiges")),
]
SYSTEM_LABELS = dict(SYSTEM_KINDS)


class _StepFields(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Schritt"),
        max_length=120,
        help_text=_("Kurz und eindeutig, z. B. „Antrag auf Vollständigkeit prüfen“."),
    )
    category = blocks.ChoiceBlock(
        label=_("Kategorie"),
        choices=STEP_CATEGORIES,
        required=False,
        help_text=_("Optional; damit lassen sich Prozesse verschiedener Kommunen vergleichen."),
    )
    responsible = blocks.CharBlock(
        label=_("Zuständig (Stelle oder Rolle)"),
        max_length=120,
        help_text=_("z. B. „Sachbearbeitung Zulassung“; bildet die Bahn im Diagramm."),
    )


class ProcessStepBlock(_StepFields):
    def get_context(self, value, parent_context=None):
        """Labels for the block preview in the editor; the article page passes its own
        ``step`` (``ProcessArticlePage.steps_for_display``) with the number as well."""
        context = super().get_context(value, parent_context)
        context.setdefault(
            "step",
            {
                "category_label": CATEGORY_LABELS.get(value.get("category"), ""),
                "system": ", ".join(
                    str(part)
                    for part in (
                        SYSTEM_LABELS.get(value.get("system_kind")),
                        value.get("system_name"),
                    )
                    if part
                ),
            },
        )
        return context

    action = blocks.TextBlock(
        label=_("Tätigkeit"), help_text=_("Was genau ist zu tun? In ganzen Sätzen.")
    )
    system_kind = blocks.ChoiceBlock(label=_("System"), choices=SYSTEM_KINDS, required=False)
    system_name = blocks.CharBlock(
        label=_("Name des Systems"),
        max_length=120,
        required=False,
        help_text=_("z. B. „i-Kfz-Portal“, „VOIS|MESO“, „enaio“."),
    )
    documents = blocks.ListBlock(
        blocks.CharBlock(max_length=200),
        label=_("Dokumente und Formulare"),
        default=[],
        min_num=0,
        help_text=_("z. B. „Formular 0815 Antrag“, „Bescheidvorlage Ablehnung“."),
    )
    duration_minutes = blocks.IntegerBlock(
        label=_("Typische Dauer (Minuten)"), required=False, min_value=0, max_value=100000
    )
    notes = blocks.TextBlock(label=_("Hinweise"), required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Schritt")
        template = "blocks/process_step_block.html"
        preview_value = {
            "title": "Antrag auf Vollständigkeit prüfen",
            "category": "pruefung",
            "responsible": "Sachbearbeitung",
            "action": "Prüfen, ob alle Unterlagen vorliegen; fehlende per E-Mail anfordern.",
            "system_kind": "e_akte",
            "system_name": "E-Akte",
            "documents": ["Checkliste Vollständigkeit"],
            "duration_minutes": 10,
        }


class BranchBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Bedingung"), max_length=80, help_text=_("z. B. „Ja“."))
    goto = blocks.CharBlock(
        label=_("Weiter mit Schritt"),
        max_length=120,
        help_text=_("Der Titel des Schritts, mit dem es weitergeht."),
    )


class DecisionStepBlock(_StepFields):
    question = blocks.CharBlock(
        label=_("Frage"), max_length=200, help_text=_("z. B. „Sind die Unterlagen vollständig?“")
    )
    branches = blocks.ListBlock(BranchBlock(), label=_("Verzweigungen"), min_num=2)
    notes = blocks.TextBlock(label=_("Hinweise"), required=False)

    class Meta:
        icon = "fork"
        label = _("Entscheidung")
        template = "blocks/decision_step_block.html"


class ProcessStepsBlock(blocks.StreamBlock):
    step = ProcessStepBlock()
    decision = DecisionStepBlock()

    class Meta:
        label = _("Prozessschritte")

    def clean(self, value):
        value = super().clean(value)
        errors = step_errors([(child.block_type, dict(child.value)) for child in value])
        if errors:
            raise StreamBlockValidationError(
                block_errors={
                    index: ValidationError(" ".join(str(m) for m in messages))
                    for index, messages in errors.items()
                    if index is not None
                },
                non_block_errors=ValidationError(
                    [str(m) for m in errors.get(None, [])]
                    or [_("Bitte korrigieren Sie die markierten Schritte.")]
                ),
            )
        return value


def step_errors(steps: list[tuple[str, dict]]) -> dict[int | None, list]:
    """What is wrong with a list of (type, value) steps, by index (None: the whole list).

    Titles must be unique (branches point to them); every branch must name an existing
    step other than the decision itself.
    """
    errors: dict[int | None, list] = {}
    titles: dict[str, int] = {}
    for index, (_kind, value) in enumerate(steps):
        key = (value.get("title") or "").strip().casefold()
        if key in titles:
            errors.setdefault(index, []).append(
                _("Den Schritt „%(title)s“ gibt es schon; Titel müssen eindeutig sein.")
                % {"title": value.get("title")}
            )
        titles.setdefault(key, index)
    for index, (kind, value) in enumerate(steps):
        if kind != "decision":
            continue
        for branch in value.get("branches") or []:
            branch = dict(branch)
            target = (branch.get("goto") or "").strip()
            found = titles.get(target.casefold())
            if found is None:
                errors.setdefault(index, []).append(
                    _(
                        "Die Verzweigung „%(label)s“ verweist auf den Schritt „%(target)s“, "
                        "den es nicht gibt."
                    )
                    % {"label": branch.get("label"), "target": target}
                )
            elif found == index:
                errors.setdefault(index, []).append(
                    _("Die Verzweigung „%(label)s“ verweist auf die Entscheidung selbst.")
                    % {"label": branch.get("label")}
                )
    return errors
