"""Admin forms for mandatory training: assigning courses, external completions, exemptions.

They are the model forms of the viewsets in ``learning.viewsets``, kept next to them;
the front end's forms are in ``learning.forms``.

Each form offers only what the editing user may choose (``visible_to(user)`` and the
courses of their sections), so a manager can aim a course at the units they lead and
nowhere else; another municipality's ids posted by hand fail as invalid choices. The
rules themselves live in ``learning.obligations`` (``validate_assignment``, the date
rules, ``sync_assignment``); the forms apply them on save.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import CoursePage
from organisations.models import Employee, Municipality, OrgUnit, Position, SectionPage
from organisations.roles import is_cooperation_admin
from organisations.tenancy import pages_visible_to

from .models import Assignment, Exemption, ExternalCompletion
from .obligations import (
    refresh_completion,
    refresh_due_dates,
    refresh_exemptions,
    sync_assignment,
)
from .tasks import notify_assignment

#: Fields whose change alters the due dates and validity of existing obligations.
DATE_RULE_FIELDS = {
    "due_rule",
    "due_date",
    "due_days",
    "recertification",
    "valid_months",
    "recurring_month",
    "recurring_day",
}


# --- Choices ------------------------------------------------------------------------


def courses_for(user, current: CoursePage | None = None):
    """Live courses the user may see, plus the one already chosen (it may be unpublished
    since): an assignment's course must stay valid when the record is edited."""
    if user is None:
        return CoursePage.objects.none()
    courses = pages_visible_to(CoursePage.objects.live(), user)
    if current is not None:
        courses = courses | CoursePage.objects.filter(pk=current.pk)
    return courses.order_by("title")


class CourseChoiceField(forms.ModelChoiceField):
    """Courses labelled with their section, as a shared course and a municipality's
    adapted copy often carry the same title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sections: dict[str, str] | None = None

    def label_from_instance(self, course):
        if self._sections is None:
            self._sections = dict(SectionPage.objects.values_list("path", "title"))
        section = next(
            (title for path, title in self._sections.items() if course.path.startswith(path)),
            None,
        )
        return f"{course.title} ({section})" if section else course.title


def employee_label(employee: Employee, *, with_municipality: bool) -> str:
    place = str(employee.org_unit) if employee.org_unit_id else ""
    if with_municipality:
        place = f"{employee.municipality}, {place}" if place else str(employee.municipality)
    details = ", ".join(part for part in (place, employee.personnel_number) if part)
    return f"{employee.full_name} ({details})"


def _scoped_employees(user):
    return (
        Employee.objects.visible_to(user)
        .active()
        .select_related("user", "org_unit", "municipality")
        .order_by("municipality__name", "user__last_name", "user__first_name", "pk")
    )


def course_hidden_from(course: CoursePage, municipality: Municipality) -> bool:
    """Whether the course lies in another municipality's section, which the staff of
    ``municipality`` never see: assigning or recording it for them would be a mistake."""
    return (
        SectionPage.objects.ancestor_of(course)
        .filter(municipality__isnull=False)
        .exclude(municipality=municipality)
        .exists()
    )


# --- Assignments --------------------------------------------------------------------


class AssignmentForm(WagtailAdminModelForm):
    """Assign a course: to whom, by when, how often again.

    Cooperation admins may aim at any municipality and any target in it. Managers choose
    among the units they lead (their subtrees), the positions in them and their staff,
    never a whole municipality; the municipality always follows from the target, so it
    cannot contradict it.
    """

    course = CourseChoiceField(
        queryset=CoursePage.objects.none(),
        label=_("Kurs"),
        help_text=_(
            "Nur veröffentlichte Kurse, die die Beschäftigten sehen können. Der Kurs lässt "
            "sich später nicht mehr ändern."
        ),
    )

    class Meta:
        model = Assignment
        fields = [
            "course",
            "target",
            "municipality",
            "org_unit",
            "include_subtree",
            "position",
            "employees",
            "due_rule",
            "due_date",
            "due_days",
            "recertification",
            "valid_months",
            "recurring_month",
            "recurring_day",
            "note",
        ]
        widgets = {
            "target": forms.RadioSelect,
            "due_rule": forms.RadioSelect,
            "recertification": forms.RadioSelect,
            "employees": forms.CheckboxSelectMultiple,
            "recurring_month": forms.Select(choices=[("", "---------"), *MONTHS.items()]),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"target": _("Für wen?"), "due_rule": _("Bis wann?")}
        help_texts = {
            "target": _(
                "Wer betroffen ist, wird laufend nachgeführt: Wer später in die Einheit oder "
                "auf die Stelle wechselt oder neu eintritt, bekommt die Pflichtschulung auch."
            ),
            "municipality": _("Alle aktiven Beschäftigten dieser Kommune."),
            "org_unit": _("Die Beschäftigten dieser Organisationseinheit."),
            "include_subtree": _(
                "Auch alle Einheiten darunter, z. B. die Ämter eines Fachbereichs."
            ),
            "position": _("Alle, die diese Stelle innehaben."),
            "employees": _("Eine oder mehrere Personen derselben Kommune."),
            "due_rule": _(
                "Ein festes Datum gilt für alle; eine Frist in Tagen zählt je Person ab der "
                "Zuweisung oder ab ihrem Eintritt (bei früher Eingetretenen ab der Zuweisung)."
            ),
            "due_date": _("Der Tag, bis zu dem der Kurs abgeschlossen sein muss."),
            "due_days": _("Zum Beispiel 30 für „innerhalb eines Monats“."),
            "recertification": _(
                "Einmalig: ein Abschluss genügt für immer. Sonst läuft ein Abschluss ab, und "
                "der Kurs ist erneut fällig."
            ),
            "valid_months": _("Zum Beispiel 12: ein Abschluss gilt ein Jahr lang."),
            "recurring_month": _("Monat des jährlichen Stichtags."),
            "recurring_day": _("Tag des Stichtags im Monat (z. B. 31)."),
            "note": _("Erscheint bei den Beschäftigten unter „Meine Pflichtschulungen“."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.is_cooperation_admin = user is not None and is_cooperation_admin(user)
        editing = self.instance.pk is not None
        self.new_obligation_count = 0

        course = self.fields["course"]
        if editing:
            # Obligations copy the course; a different course is a new assignment.
            course.queryset = CoursePage.objects.filter(pk=self.instance.course_id)
            course.disabled = True
        else:
            course.queryset = courses_for(user)

        target = self.fields["target"]
        target.choices = [
            (value, label)
            for value, label in Assignment.Target.choices
            if self.is_cooperation_admin or value != Assignment.Target.MUNICIPALITY
        ]
        if self.is_cooperation_admin:
            municipality = self.fields["municipality"]
            municipality.queryset = Municipality.objects.visible_to(user)
            municipality.required = False
        else:
            del self.fields["municipality"]

        units = OrgUnit.objects.none() if user is None else OrgUnit.objects.visible_to(user)
        unit = self.fields["org_unit"]
        unit.queryset = units.select_related("municipality").order_by("municipality__name", "path")
        unit.label_from_instance = self._unit_label

        positions = Position.objects.none() if user is None else Position.objects.visible_to(user)
        position = self.fields["position"]
        position.queryset = positions.select_related("org_unit__municipality").order_by(
            "org_unit__municipality__name", "org_unit__path", "title"
        )
        position.label_from_instance = self._position_label

        employees = self.fields["employees"]
        employees.queryset = Employee.objects.none() if user is None else _scoped_employees(user)
        employees.label_from_instance = lambda employee: employee_label(
            employee, with_municipality=self.is_cooperation_admin
        )
        # People chosen earlier whom this user cannot see (they moved elsewhere) are not
        # offered, and must not be dropped silently when the user saves.
        self._kept_employees = (
            list(self.instance.employees.exclude(pk__in=employees.queryset.values("pk")))
            if editing
            else []
        )

    def _unit_label(self, unit: OrgUnit) -> str:
        if self.is_cooperation_admin:
            return f"{unit.municipality}: {unit.label_with_depth}"
        return unit.label_with_depth

    def _position_label(self, position: Position) -> str:
        if self.is_cooperation_admin:
            return f"{position.org_unit.municipality}: {position}"
        return str(position)

    def clean(self):
        cleaned = super().clean()
        T = Assignment.Target
        target = cleaned.get("target")
        municipality = self._municipality_of_target(cleaned, target)
        if municipality is not None:
            # ``construct_instance`` only copies form fields; managers have none for it.
            self.instance.municipality = municipality
            if "municipality" in self.fields:
                cleaned["municipality"] = municipality
            course = cleaned.get("course")
            if course is not None and course_hidden_from(course, municipality):
                self.add_error(
                    "course",
                    _(
                        "Diesen Kurs sehen die Beschäftigten von %(municipality)s nicht: er "
                        "gehört zum Bereich einer anderen Kommune."
                    )
                    % {"municipality": municipality},
                )
        # Keep only what belongs to the chosen target and rules, so that an abandoned
        # choice (a unit picked before switching to "Stelle") is not stored. The posted
        # data stays as entered, so a form shown again with errors loses nothing.
        if target != T.UNIT:
            cleaned["org_unit"] = None
        if target != T.POSITION:
            cleaned["position"] = None
        if target != T.EMPLOYEES:
            cleaned["employees"] = Employee.objects.none()
        rule = cleaned.get("due_rule")
        if rule == Assignment.DueRule.FIXED:
            cleaned["due_days"] = None
            self._check_due_date(cleaned.get("due_date"))
        elif rule:
            cleaned["due_date"] = None
        recertification = cleaned.get("recertification")
        if recertification != Assignment.Recertification.ROLLING:
            cleaned["valid_months"] = None
        if recertification != Assignment.Recertification.CALENDAR:
            cleaned["recurring_month"] = cleaned["recurring_day"] = None
        return cleaned

    def _check_due_date(self, due_date) -> None:
        """A new deadline in the past would make everybody overdue on the first day."""
        changed = self.instance.pk is None or "due_date" in self.changed_data
        if due_date and changed and due_date < timezone.localdate():
            self.add_error(
                "due_date",
                _("Das Datum liegt in der Vergangenheit. Bitte wählen Sie einen späteren Tag."),
            )

    def _municipality_of_target(self, cleaned, target) -> Municipality | None:
        """The municipality the target belongs to, or None with an error added."""
        T = Assignment.Target
        if target == T.MUNICIPALITY:
            municipality = cleaned.get("municipality")
            if municipality is None and "municipality" not in self.errors:
                self.add_error("municipality", _("Bitte wählen Sie die Kommune."))
            return municipality
        if target == T.UNIT and cleaned.get("org_unit"):
            return cleaned["org_unit"].municipality
        if target == T.POSITION and cleaned.get("position"):
            return cleaned["position"].org_unit.municipality
        if target == T.EMPLOYEES and "employees" not in self.errors:
            chosen = list(cleaned.get("employees") or []) + self._kept_employees
            municipalities = {employee.municipality_id for employee in chosen}
            if not chosen:
                self.add_error("employees", _("Bitte wählen Sie mindestens eine Person."))
            elif len(municipalities) > 1:
                self.add_error(
                    "employees",
                    _(
                        "Eine Pflichtschulung gilt für eine Kommune. Bitte wählen Sie nur "
                        "Beschäftigte derselben Kommune oder legen Sie je Kommune eine an."
                    ),
                )
            else:
                return chosen[0].municipality
        return None

    def save(self, commit=True):
        """Save the assignment, bring its obligations in step, and have the newly
        affected people told by e-mail once the transaction has committed.

        With ``commit=False`` only the unsaved assignment is returned; the caller then
        saves, calls ``save_m2m`` and ``sync_assignment`` itself.
        """
        assignment = super().save(commit=False)
        creating = assignment.pk is None
        if creating and self.for_user is not None and self.for_user.is_authenticated:
            assignment.created_by = self.for_user
        if not commit:
            return assignment
        with transaction.atomic():
            assignment.save()
            self.save_m2m()
            if self._kept_employees and assignment.target == Assignment.Target.EMPLOYEES:
                assignment.employees.add(*self._kept_employees)
            if not creating and DATE_RULE_FIELDS & set(self.changed_data):
                refresh_due_dates(assignment)
            created = sync_assignment(assignment, prune=True)
            self.new_obligation_count = len(created)
            if created:
                transaction.on_commit(lambda: enqueue_assigned_mails(assignment.pk))
        return assignment


def enqueue_assigned_mails(assignment_id: int) -> None:
    """Queue the "you have been assigned" e-mails (``learning.tasks.notify_assignment``)."""
    notify_assignment.enqueue(assignment_id)


# --- External completions and exemptions --------------------------------------------


class _RecordForm(WagtailAdminModelForm):
    """Shared by external completions and exemptions: a person and a course, chosen from
    what the admin may see, and who recorded it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        employee = self.fields["employee"]
        employee.queryset = (
            Employee.objects.none()
            if user is None
            else Employee.objects.visible_to(user)
            .select_related("user", "org_unit", "municipality")
            .order_by("municipality__name", "user__last_name", "user__first_name", "pk")
        )
        employee.label_from_instance = lambda e: employee_label(e, with_municipality=True)
        current = self.instance.course if self.instance.course_id else None
        self.fields["course"].queryset = courses_for(user, current)
        self._saved_employee_id = self.instance.employee_id
        self._saved_course_id = self.instance.course_id

    def clean(self):
        cleaned = super().clean()
        employee, course = cleaned.get("employee"), cleaned.get("course")
        if employee and course and course_hidden_from(course, employee.municipality):
            self.add_error(
                "course",
                _(
                    "Diesen Kurs sehen die Beschäftigten von %(municipality)s nicht: er "
                    "gehört zum Bereich einer anderen Kommune."
                )
                % {"municipality": employee.municipality},
            )
        return cleaned

    def save(self, commit=True):
        record = super().save(commit=False)
        if record.pk is None and self.for_user is not None and self.for_user.is_authenticated:
            record.recorded_by = self.for_user
        if commit:
            with transaction.atomic():
                record.save()
                self.save_m2m()
                self.after_save(record)
        return record

    def after_save(self, record) -> None:
        """Signals update the obligations of the record as saved; a correction that moved
        it to another person or course must also undo its effect on the previous one."""


class ExternalCompletionForm(_RecordForm):
    course = CourseChoiceField(
        queryset=CoursePage.objects.none(),
        label=_("Entspricht dem Kurs"),
        help_text=_("Der Lernwerk-Kurs, dessen Pflicht die Schulung erfüllt."),
    )

    class Meta:
        model = ExternalCompletion
        fields = ["employee", "course", "kind", "completed_on", "note"]
        widgets = {"kind": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "employee": _("Wer an der Schulung teilgenommen hat."),
            "completed_on": _(
                "Der Tag der Teilnahme. Bei wiederkehrenden Pflichtschulungen zählt die "
                "Gültigkeit ab diesem Tag."
            ),
            "note": _("Z. B. Anbieter, Ort, Nachweis (Teilnahmebescheinigung)."),
        }

    def clean_completed_on(self):
        completed_on = self.cleaned_data.get("completed_on")
        if completed_on and completed_on > timezone.localdate():
            raise forms.ValidationError(
                _(
                    "Das Datum liegt in der Zukunft. Erfassen Sie nur Schulungen, die schon "
                    "stattgefunden haben."
                )
            )
        return completed_on

    def after_save(self, record) -> None:
        moved = (self._saved_employee_id, self._saved_course_id) != (
            record.employee_id,
            record.course_id,
        )
        if self._saved_employee_id and moved:
            previous = Employee.objects.get(pk=self._saved_employee_id)
            refresh_completion(previous, self._saved_course_id)


class ExemptionForm(_RecordForm):
    course = CourseChoiceField(
        queryset=CoursePage.objects.none(),
        required=False,
        label=_("Kurs"),
        help_text=_("Leer lassen: die Befreiung gilt für alle Pflichtschulungen der Person."),
    )

    class Meta:
        model = Exemption
        fields = ["employee", "reason", "course", "starts_on", "ends_on", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "employee": _("Wer in dieser Zeit keine Pflichtschulungen absolvieren muss."),
            "starts_on": _("Erster Tag der Befreiung."),
            "ends_on": _(
                "Letzter Tag der Befreiung. Danach gelten die Fristen wieder; was in der "
                "Zwischenzeit fällig wurde, ist dann überfällig."
            ),
            "note": _("Nur für die Verwaltung, z. B. Aktenzeichen. Keine Gesundheitsdaten."),
        }

    def after_save(self, record) -> None:
        if self._saved_employee_id and self._saved_employee_id != record.employee_id:
            refresh_exemptions(Employee.objects.get(pk=self._saved_employee_id))
