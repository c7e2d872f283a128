"""Front-end forms of handovers: start one, assign items, name the successor, notes.

Choices are computed once per request by the view (``handovers.services``) and passed
in, so a page with many items renders its selects without a query per item.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Handover
from .services import validate_no_password


def _employee_label(employee) -> str:
    position = employee.position.title if employee.position_id else ""
    return f"{employee.full_name} ({position})" if position else employee.full_name


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _employee_label(obj)


class HandoverStartForm(forms.Form):
    """ "Übergabe starten": a manager starts the handover of someone in their units."""

    employee = EmployeeChoiceField(
        label=_("Wer übergibt?"),
        queryset=None,
        empty_label=_("Bitte wählen"),
        help_text=_("Beschäftigte Ihrer Einheiten mit einer Stelle."),
        error_messages={"required": _("Bitte wählen Sie die Person, die übergibt.")},
    )
    reason = forms.ChoiceField(
        label=_("Anlass"),
        choices=Handover.Reason.choices,
        initial=Handover.Reason.LEAVING,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie den Anlass.")},
    )
    leaving_date = forms.DateField(
        label=_("Letzter Arbeitstag"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Optional. Bis zu diesem Tag kann die übergebende Person ihre Hinweise "
            "schreiben; ohne Datum, bis die Übergabe abgeschlossen ist."
        ),
    )

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class EmployeeSelectForm(forms.Form):
    """One select of employees from a precomputed list (item assignee, successor)."""

    employee = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": _("Bitte wählen Sie eine Person."),
            "invalid_choice": _("Diese Person steht nicht zur Auswahl."),
        },
    )

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.employees = {employee.pk: employee for employee in employees}
        self.fields["employee"].choices = [("", _("Bitte wählen"))] + [
            (pk, _employee_label(employee)) for pk, employee in self.employees.items()
        ]

    @property
    def selected(self):
        return self.employees[self.cleaned_data["employee"]]


class HandoverNotesForm(forms.Form):
    """The leaver's notes on an article or checklist point: never a password."""

    leaver_notes = forms.CharField(
        label=_("Ihre Hinweise"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_no_password],
        help_text=_(
            "Offene Vorgänge, Kontakte, Ablageorte, Besonderheiten. Niemals Passwörter "
            "oder PINs: Zugänge beantragt die Nachfolge selbst."
        ),
        error_messages={"max_length": _("Bitte fassen Sie sich kürzer (höchstens 5000 Zeichen).")},
    )
