"""Admin forms of people and structure, used by the viewsets in ``organisations.viewsets``.

The model forms choose only among what the editing user may see (``ScopedForm`` in
``core.admin``): another municipality's ids posted by hand fail as invalid choices. The
front end's forms (language, password reset) are in ``organisations.forms``.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedForm

from .importing import MAX_FILE_BYTES, ImportMode
from .models import Employee, Municipality, OrgUnit, Position


class OrgUnitForm(ScopedForm):
    """Org units live in a tree: a new unit is placed under its parent, a move moves it."""

    parent = forms.ModelChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        label=_("Übergeordnete Einheit"),
        help_text=_("Leer für die oberste Einheit einer Kommune."),
    )
    scoped_fields = {"municipality": Municipality, "parent": OrgUnit}

    class Meta:
        model = OrgUnit
        fields = ["municipality", "parent", "name", "short_name", "leaders"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].label_from_instance = lambda unit: unit.label_with_depth
        self.fields["parent"].queryset = self.fields["parent"].queryset.order_by("path")
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                path__startswith=self.instance.path
            )
            if self.instance.depth > 1:
                self.initial["parent"] = self.instance.get_parent()
        for_user = kwargs.get("for_user")
        if for_user is not None and "leaders" in self.fields:
            self.fields["leaders"].queryset = Employee.objects.visible_to(for_user).select_related(
                "user"
            )

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        municipality = cleaned.get("municipality")
        if parent and municipality and parent.municipality_id != municipality.pk:
            self.add_error(
                "parent", _("Die übergeordnete Einheit gehört zu einer anderen Kommune.")
            )
        return cleaned

    def save(self, commit=True):
        unit = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        with transaction.atomic():
            if unit.pk is None:
                unit = (
                    parent.add_child(instance=unit) if parent else OrgUnit.add_root(instance=unit)
                )
            else:
                unit.save()
                current_parent = unit.get_parent() if unit.depth > 1 else None
                if parent != current_parent:
                    if parent:
                        unit.move(parent, pos="sorted-child")
                    else:
                        unit.move(OrgUnit.get_first_root_node(), pos="sorted-sibling")
                    unit.refresh_from_db()
            self.save_m2m()
        return unit


class PositionForm(ScopedForm):
    scoped_fields = {"org_unit": OrgUnit}

    class Meta:
        model = Position
        fields = ["org_unit", "title", "number"]


class EmployeeForm(ScopedForm):
    """Edits the employee together with the name and e-mail of the user account."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    scoped_fields = {"municipality": Municipality, "org_unit": OrgUnit, "position": Position}

    class Meta:
        model = Employee
        fields = [
            "first_name",
            "last_name",
            "email",
            "municipality",
            "personnel_number",
            "org_unit",
            "position",
            "entry_date",
            "leaving_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            user = self.instance.user
            self.initial.update(
                first_name=user.first_name, last_name=user.last_name, email=user.email
            )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects.filter(email__iexact=email)
        if self.instance.pk:
            users = users.exclude(pk=self.instance.user_id)
        if users.exists():
            raise forms.ValidationError(_("Diese E-Mail-Adresse gehört schon zu einem Konto."))
        return email

    def save(self, commit=True):
        employee = super().save(commit=False)
        with transaction.atomic():
            if employee.user_id is None:
                employee.user = get_user_model().objects.create_user(
                    username=self.cleaned_data["email"], email=self.cleaned_data["email"]
                )
            user = employee.user
            user.first_name = self.cleaned_data["first_name"]
            user.last_name = self.cleaned_data["last_name"]
            user.email = self.cleaned_data["email"]
            user.save()
            employee.save()
        return employee


class EmployeeImportForm(forms.Form):
    """The upload of "Beschäftigte importieren", into a municipality the user may see."""

    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        label=_("Kommune"),
        help_text=_("Die Beschäftigten werden dieser Kommune zugeordnet."),
    )
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "Export der Personalverwaltung, UTF-8 oder Windows-1252, getrennt durch Semikolon "
            "oder Komma, höchstens 16 MB (etwa 50.000 Beschäftigte)."
        ),
    )
    mode = forms.ChoiceField(
        label=_("Umfang der Datei"),
        choices=ImportMode.choices,
        initial=ImportMode.PARTIAL,
        required=False,  # a form without the field (a script) imports a partial file
        widget=forms.RadioSelect,
        help_text=_(
            "Gesamtbestand: Wer in der Kommune beschäftigt ist, aber nicht in der Datei steht, "
            "erhält heute als Austrittsdatum; Übergaben werden gestartet."
        ),
    )
    dry_run = forms.BooleanField(
        required=False,
        label=_("Nur prüfen"),
        help_text=_("Prüft die Datei und zählt, was sich ändern würde, ohne etwas zu speichern."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.visible_to(user)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1:
            self.initial.setdefault("municipality", municipalities[0].pk)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                gettext("Die Datei ist größer als %(size)s MB; bitte aufteilen.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload
