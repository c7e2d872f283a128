"""Filters of the reports; every choice is limited to what the viewer may see.

The querysets are callables of the request, as in ``organisations.viewsets``, so the
choices are scoped like the rows: a manager is offered only units of their subtrees and
courses assigned there. A value outside those choices makes the form invalid and the
filter is ignored; the rows stay scoped by ``report_obligations`` regardless.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from courses.models import CoursePage
from organisations.models import Municipality, OrgUnit
from organisations.roles import is_cooperation_admin

from ..models import Obligation, ObligationState
from ..rules import state_conditions
from .queries import ATTENTION_STATES, in_subtree, request_obligations, request_units


def _municipalities(request):
    if request is None:
        return Municipality.objects.none()
    return Municipality.objects.visible_to(request.user)


def _units(request):
    if request is None:
        return OrgUnit.objects.none()
    return (
        request_units(request).select_related("municipality").order_by("municipality__name", "path")
    )


def _courses(request):
    """Courses assigned to someone the viewer may see."""
    if request is None:
        return CoursePage.objects.none()
    assigned = request_obligations(request).values("course_id")
    return CoursePage.objects.filter(pk__in=assigned).order_by("title")


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """A unit and every unit below it: choosing a Fachbereich shows all its Ämter."""

    def filter(self, qs, value):
        return in_subtree(qs, value, self.field_name) if value else qs


def _filter_state(queryset, name, value):
    return queryset.filter(state_conditions()[value])


class ReportFilterSet(WagtailFilterSet):
    """Municipality (cooperation admins only), org unit with its subtree, course."""

    kommune = django_filters.ModelChoiceFilter(
        field_name="municipality",
        label=_("Kommune"),
        queryset=_municipalities,
        empty_label=_("Alle Kommunen"),
    )
    einheit = SubtreeFilter(
        field_name="org_unit",
        label=_("Organisationseinheit (mit Untereinheiten)"),
        queryset=_units,
        empty_label=_("Alle Einheiten"),
    )
    kurs = django_filters.ModelChoiceFilter(
        field_name="course", label=_("Kurs"), queryset=_courses, empty_label=_("Alle Kurse")
    )

    class Meta:
        model = Obligation
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        show_municipality = request is not None and is_cooperation_admin(request.user)
        if not show_municipality:
            # Managers work in one municipality; the choice would only show their own.
            self.filters.pop("kommune", None)
        if "einheit" in self.filters:
            # On the filter's own field, so the active-filter chips use the label too.
            field = self.filters["einheit"].field
            if show_municipality:
                field.label_from_instance = lambda unit: (
                    f"{unit.municipality.name}: {unit.label_with_depth}"
                )
            else:
                field.label_from_instance = lambda unit: unit.label_with_depth


class OverdueFilterSet(ReportFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(state.value, state.label) for state in ATTENTION_STATES],
        method=_filter_state,
        empty_label=_("Alle"),
        widget=forms.RadioSelect,
    )

    class Meta(ReportFilterSet.Meta):
        pass


class UnitFilterSet(WagtailFilterSet):
    """The drill-down: one unit, optionally with the units below it."""

    umfang = django_filters.ChoiceFilter(
        label=_("Umfang"),
        choices=[("mit", _("Mit untergeordneten Einheiten"))],
        empty_label=_("Nur diese Einheit"),
        # Read by the view, which decides between the unit and its subtree.
        method=lambda queryset, name, value: queryset,
        widget=forms.RadioSelect,
    )
    kurs = django_filters.ModelChoiceFilter(
        field_name="course", label=_("Kurs"), queryset=_courses, empty_label=_("Alle Kurse")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ObligationState.choices,
        method=_filter_state,
        empty_label=_("Alle"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Obligation
        fields = []

    @property
    def subtree(self) -> bool:
        return self.is_valid() and self.form.cleaned_data.get("umfang") == "mit"
