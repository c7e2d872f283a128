"""Front-end forms of learning: what a learner's request carries, read through a form,
and the public certificate check.

The admin's forms (assignments, external completions, exemptions) are in
``learning.admin_forms``, next to the viewsets that use them.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .certificates import CODE_LENGTH, is_well_formed_code, normalise_code


class AttemptParameterForm(forms.Form):
    """``?versuch=`` of a module page: the quiz attempt whose result is shown.

    Read through a form because the address can be edited: ``"²".isdigit()`` is true,
    yet no database takes it as an id.
    """

    versuch = forms.IntegerField(min_value=1)


class VerificationForm(forms.Form):
    """The code of the public certificate check, as typed from a printed certificate."""

    code = forms.CharField(
        label=gettext_lazy("Prüfcode"),
        max_length=64,
        help_text=gettext_lazy(
            "Der Code steht auf dem Zertifikat, z. B. ABCD-EFGH-JKLM-NPQR. Groß- und "
            "Kleinschreibung, Leerzeichen und Bindestriche spielen keine Rolle."
        ),
        error_messages={
            "required": gettext_lazy("Bitte geben Sie den Prüfcode ein."),
            "max_length": gettext_lazy("Dieser Prüfcode ist zu lang."),
        },
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not is_well_formed_code(code):
            raise forms.ValidationError(
                _("Ein Prüfcode besteht aus %(length)d Buchstaben und Ziffern.")
                % {"length": CODE_LENGTH}
            )
        return code
