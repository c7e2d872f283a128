"""Admin screens for mandatory training: assignments, external completions, exemptions and
the access log of the reports, grouped as "Pflichtschulungen".

Who may use them follows from roles, not from Django model permissions: cooperation
admins may do everything, managers (people who lead at least one unit) may assign
courses within the units they lead, nobody else sees the menu. The permission policies
below say so (on ``core.admin.RolePermissionPolicy``), and every view reads through
``visible_to(user)`` like the screens for people (the scoped bases in ``core.admin``),
so an assignment aimed elsewhere answers 404.
"""

from __future__ import annotations

import json

import django_filters
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.admin import (
    RolePermissionPolicy,
    RoleViewSetMixin,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    visible_choices,
)
from core.models import ReportAccess
from courses.models import CoursePage
from organisations.models import Municipality
from organisations.roles import COOPERATION_ADMIN_GROUP, is_cooperation_admin, leads_units
from organisations.tenancy import pages_visible_to

from .admin_forms import AssignmentForm, ExemptionForm, ExternalCompletionForm
from .models import (
    Assignment,
    Exemption,
    ExternalCompletion,
    Obligation,
    ObligationState,
)
from .rules import obligation_state, state_conditions

# --- Who may use the screens ---------------------------------------------------------


def _cooperation_admins() -> Q:
    return Q(is_superuser=True) | Q(groups__name=COOPERATION_ADMIN_GROUP)


class AssignmentPermissionPolicy(RolePermissionPolicy):
    """Cooperation admins and managers assign courses; what they reach is
    ``Assignment.objects.visible_to(user)``."""

    def has_role(self, user) -> bool:
        return is_cooperation_admin(user) or leads_units(user)

    def users_with_role(self) -> Q:
        return _cooperation_admins() | Q(employee__led_units__isnull=False)

    def visible_instances(self, user):
        return Assignment.objects.visible_to(user)


class CooperationAdminPermissionPolicy(RolePermissionPolicy):
    """Records that change people's standing across units (external completions,
    exemptions) are kept by cooperation admins only."""

    def has_role(self, user) -> bool:
        return is_cooperation_admin(user)

    def users_with_role(self) -> Q:
        return _cooperation_admins()


class AccessLogPermissionPolicy(CooperationAdminPermissionPolicy):
    """The access log is written by the reports and only read here: no add, change or
    delete for anybody, so the log stays what it is for (``docs/privacy.md``)."""

    actions = frozenset({"view"})


register_permission_policy(Assignment, AssignmentPermissionPolicy(Assignment))
register_permission_policy(ExternalCompletion, CooperationAdminPermissionPolicy(ExternalCompletion))
register_permission_policy(Exemption, CooperationAdminPermissionPolicy(Exemption))
register_permission_policy(ReportAccess, AccessLogPermissionPolicy(ReportAccess))


# --- Assignments ---------------------------------------------------------------------


def due_summary(assignment: Assignment) -> str:
    """The due rule in words, e.g. "bis 31.03.2027" or "30 Tage nach der Zuweisung"."""
    rule, days = assignment.due_rule, assignment.due_days or 0
    if rule == Assignment.DueRule.FIXED and assignment.due_date:
        return gettext("bis %(date)s") % {
            "date": date_format(assignment.due_date, "SHORT_DATE_FORMAT")
        }
    if rule == Assignment.DueRule.AFTER_JOINING:
        return ngettext(
            "%(days)d Tag nach dem Eintritt", "%(days)d Tage nach dem Eintritt", days
        ) % {"days": days}
    return ngettext("%(days)d Tag nach der Zuweisung", "%(days)d Tage nach der Zuweisung", days) % {
        "days": days
    }


def recertification_summary(assignment: Assignment) -> str:
    """How often again, e.g. "alle 12 Monate" or "jährlich zum 31.03."."""
    rule = assignment.recertification
    if rule == Assignment.Recertification.ROLLING and assignment.valid_months:
        months = assignment.valid_months
        return ngettext("jeden Monat", "alle %(months)d Monate", months) % {"months": months}
    if rule == Assignment.Recertification.CALENDAR and assignment.recurring_month:
        return gettext("jährlich zum %(day)02d.%(month)02d.") % {
            "day": assignment.recurring_day or 1,
            "month": assignment.recurring_month,
        }
    return gettext("einmalig")


def _count_obligations(user, condition: Q | None = None):
    """Per assignment, how many of its current obligations the user may see (and that
    meet ``condition``), as a subquery: one query for the whole listing."""
    obligations = Obligation.objects.visible_to(user).current().filter(assignment=OuterRef("pk"))
    if condition is not None:
        obligations = obligations.filter(condition)
    counted = obligations.order_by().values("assignment").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_figures(queryset, user):
    """Assignments with their related rows and counts of affected, done and overdue
    people, so the listing's query count does not grow with its length."""
    states = state_conditions()
    return queryset.select_related("course", "municipality", "org_unit", "position").annotate(
        obligation_count=_count_obligations(user),
        done_count=_count_obligations(user, states[ObligationState.DONE]),
        overdue_count=_count_obligations(
            user, states[ObligationState.OVERDUE] | states[ObligationState.EXPIRED]
        ),
    )


class AssignmentFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=visible_choices(Municipality)
    )
    course = django_filters.ModelChoiceFilter(
        label=_("Kurs"),
        queryset=lambda request: (
            pages_visible_to(CoursePage.objects.live(), request.user).order_by("title")
            if request
            else CoursePage.objects.none()
        ),
    )
    target = django_filters.ChoiceFilter(label=_("Zielgruppe"), choices=Assignment.Target.choices)

    class Meta:
        model = Assignment
        fields = ["municipality", "course", "target"]


class AssignmentIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return with_figures(super().get_base_queryset(), self.request.user)


class AssignmentCreateView(generic.CreateView):
    def get_success_message(self, instance):
        return _affected_message(instance, self.form)


class AssignmentEditView(ScopedEditView):
    def get_success_message(self):
        return _affected_message(self.object, self.form)


def _affected_message(assignment: Assignment, form: AssignmentForm) -> str:
    count = form.new_obligation_count
    saved = gettext("Pflichtschulung „%(assignment)s“ gespeichert.") % {"assignment": assignment}
    if not count:
        return saved
    added = ngettext(
        "%(count)d Person neu zugewiesen.", "%(count)d Personen neu zugewiesen.", count
    ) % {"count": count}
    return f"{saved} {added}"


class AssignmentInspectView(ScopedInspectView):
    """The assignment and the people it affects, with their state and dates only: what
    a manager may see of their staff's assigned training (``docs/privacy.md``)."""

    paginate_by = 50

    def get_target_display_value(self):
        assignment = self.object
        if assignment.target != Assignment.Target.EMPLOYEES:
            return assignment.target_label
        people = assignment.employees.filter(
            pk__in=self._obligations().values("employee")
        ).select_related("user")
        return ", ".join(person.full_name for person in people) or "–"

    def get_due_rule_display_value(self):
        return due_summary(self.object)

    def get_recertification_display_value(self):
        return recertification_summary(self.object)

    def get_created_by_display_value(self):
        user = self.object.created_by
        return (user.get_full_name() or user.get_username()) if user else "–"

    def _obligations(self):
        return (
            Obligation.objects.visible_to(self.request.user)
            .filter(assignment=self.object)
            .current()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        obligations = self._obligations()
        conditions = state_conditions(today)
        counts = obligations.aggregate(
            **{state: Count("pk", filter=condition) for state, condition in conditions.items()}
        )
        paginator = Paginator(
            obligations.select_related("employee__user", "org_unit").order_by(
                "employee__user__last_name", "employee__user__first_name", "pk"
            ),
            self.paginate_by,
        )
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            state_counts=[
                (ObligationState(state).label, counts[state])
                for state in ObligationState.values
                if counts[state]
            ],
            obligation_total=paginator.count,
            obligations=[(o, ObligationState(obligation_state(o, today))) for o in page],
            page_obj=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
        )
        return context


ASSIGNMENT_TARGET_RULES = {
    "org_unit": Assignment.Target.UNIT,
    "include_subtree": Assignment.Target.UNIT,
    "position": Assignment.Target.POSITION,
    "employees": Assignment.Target.EMPLOYEES,
    "municipality": Assignment.Target.MUNICIPALITY,
}


def _shown_when(field: str, value) -> dict:
    """Wagtail's ``w-rules`` attributes: show a panel only while ``field`` has ``value``
    (a list for "any of"). Without JavaScript every field stays visible and the form
    works the same; the server ignores what does not belong to the choice."""
    values = value if isinstance(value, list) else [value]
    return {
        "data-w-rules-target": "show",
        "data-w-rules": json.dumps({field: [str(v) for v in values]}),
    }


def _target_panel(field: str) -> FieldPanel:
    return FieldPanel(field, attrs=_shown_when("target", ASSIGNMENT_TARGET_RULES[field]))


class AssignmentViewSet(RoleViewSetMixin, ScopedModelViewSet):
    url_prefix = "pflichtschulungen"
    model = Assignment
    form_class = AssignmentForm
    icon = "tasks"
    menu_label = _("Zuweisungen")
    add_to_admin_menu = False
    index_view_class = AssignmentIndexView
    add_view_class = AssignmentCreateView
    edit_view_class = AssignmentEditView
    inspect_view_class = AssignmentInspectView
    inspect_template_name = "learning/admin/assignment_inspect.html"
    inspect_view_fields = [
        "course",
        "target",
        "municipality",
        "due_rule",
        "recertification",
        "note",
        "created_by",
        "created_at",
    ]
    filterset_class = AssignmentFilterSet
    search_fields = ["course__title", "org_unit__name", "position__title", "note"]
    list_display = [
        "course",
        Column("target_label", label=_("Zielgruppe")),
        Column("due", label=_("Fälligkeit"), accessor=due_summary),
        Column("recertification", label=_("Wiederholung"), accessor=recertification_summary),
        Column("obligation_count", label=_("Betroffen"), sort_key="obligation_count"),
        Column("done_count", label=_("Erledigt"), sort_key="done_count"),
        Column("overdue_count", label=_("Überfällig"), sort_key="overdue_count"),
        DateColumn("created_at", label=_("Zugewiesen am"), sort_key="created_at"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            MultiFieldPanel(
                [
                    FieldPanel("target"),
                    _target_panel("municipality"),
                    _target_panel("org_unit"),
                    _target_panel("include_subtree"),
                    _target_panel("position"),
                    _target_panel("employees"),
                ],
                heading=_("Zielgruppe"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("due_rule"),
                    FieldPanel("due_date", attrs=_shown_when("due_rule", Assignment.DueRule.FIXED)),
                    FieldPanel(
                        "due_days",
                        attrs=_shown_when(
                            "due_rule",
                            [Assignment.DueRule.AFTER_ASSIGNMENT, Assignment.DueRule.AFTER_JOINING],
                        ),
                    ),
                ],
                heading=_("Fälligkeit"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("recertification"),
                    FieldPanel(
                        "valid_months",
                        attrs=_shown_when("recertification", Assignment.Recertification.ROLLING),
                    ),
                    FieldPanel(
                        "recurring_month",
                        attrs=_shown_when("recertification", Assignment.Recertification.CALENDAR),
                    ),
                    FieldPanel(
                        "recurring_day",
                        attrs=_shown_when("recertification", Assignment.Recertification.CALENDAR),
                    ),
                ],
                heading=_("Wiederholung"),
            ),
            FieldPanel("note"),
        ],
        attrs={"data-controller": "w-rules", "data-action": "change->w-rules#resolve"},
    )


# --- External completions and exemptions (cooperation admins) ------------------------


class ExternalCompletionFilterSet(WagtailFilterSet):
    employee__municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=visible_choices(Municipality)
    )
    kind = django_filters.ChoiceFilter(label=_("Art"), choices=ExternalCompletion.Kind.choices)

    class Meta:
        model = ExternalCompletion
        fields = ["employee__municipality", "kind"]


class ExternalCompletionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("employee__user", "employee__municipality", "course", "recorded_by")
        )


class ExternalCompletionViewSet(RoleViewSetMixin, ModelViewSet):
    """In-person or external trainings that count like a course completion."""

    url_prefix = "externe-abschluesse"
    model = ExternalCompletion
    form_class = ExternalCompletionForm
    icon = "circle-check"
    menu_label = _("Externe Abschlüsse")
    index_view_class = ExternalCompletionIndexView
    filterset_class = ExternalCompletionFilterSet
    search_fields = [
        "employee__user__first_name",
        "employee__user__last_name",
        "employee__personnel_number",
        "course__title",
        "note",
    ]
    list_display = [
        "employee",
        Column("municipality", label=_("Kommune"), accessor="employee.municipality"),
        Column("course", label=_("Kurs"), accessor="course.title"),
        "kind",
        DateColumn("completed_on", label=_("Abgeschlossen am"), sort_key="completed_on"),
        "recorded_by",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return self.form_class


class ExemptionFilterSet(WagtailFilterSet):
    employee__municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=visible_choices(Municipality)
    )
    reason = django_filters.ChoiceFilter(label=_("Grund"), choices=Exemption.Reason.choices)

    class Meta:
        model = Exemption
        fields = ["employee__municipality", "reason"]


class ExemptionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("employee__user", "employee__municipality", "course")
        )


class ExemptionViewSet(RoleViewSetMixin, ModelViewSet):
    """Times without training duties, e.g. Elternzeit or a long illness."""

    url_prefix = "befreiungen"
    model = Exemption
    form_class = ExemptionForm
    icon = "calendar-alt"
    menu_label = _("Befreiungen")
    index_view_class = ExemptionIndexView
    filterset_class = ExemptionFilterSet
    search_fields = [
        "employee__user__first_name",
        "employee__user__last_name",
        "employee__personnel_number",
    ]
    list_display = [
        "employee",
        Column("municipality", label=_("Kommune"), accessor="employee.municipality"),
        "reason",
        Column("course", label=_("Kurs"), accessor=lambda e: e.course.title if e.course else "–"),
        DateColumn("starts_on", label=_("Von"), sort_key="starts_on"),
        DateColumn("ends_on", label=_("Bis"), sort_key="ends_on"),
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return self.form_class


# --- Access log (read only) ------------------------------------------------------------


def _logged(field: str):
    """Choices from the values the log holds, so the filter offers what can be found."""

    def choices():
        values = ReportAccess.objects.order_by(field).values_list(field, flat=True).distinct()
        return [(value, value) for value in values]

    return choices


class ReportAccessFilterSet(WagtailFilterSet):
    username = django_filters.ChoiceFilter(label=_("Person"), choices=_logged("username"))
    report = django_filters.ChoiceFilter(label=_("Bericht"), choices=_logged("report"))
    accessed_at = django_filters.DateFromToRangeFilter(
        label=_("Zeitraum"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ReportAccess
        fields = ["username", "report", "accessed_at"]


class ReportAccessViewSet(RoleViewSetMixin, ModelViewSet):
    """Who opened or exported which report: for the staff council, read only."""

    url_prefix = "berichtszugriffe"
    model = ReportAccess
    icon = "history"
    menu_label = _("Berichtszugriffe")
    filterset_class = ReportAccessFilterSet
    search_fields = ["username", "report", "parameters"]
    ordering = ["-accessed_at"]
    list_display = [
        "accessed_at",
        "username",
        "report",
        "export_format",
        "parameters",
    ]
    copy_view_enabled = False
    # Never shown (nobody may add or change), but a model viewset needs a form.
    form_fields = ["username", "report", "export_format", "parameters"]


class MandatoryTrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Pflichtschulungen")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (
        AssignmentViewSet,
        ExternalCompletionViewSet,
        ExemptionViewSet,
        ReportAccessViewSet,
    )


mandatory_training_viewset_group = MandatoryTrainingViewSetGroup()
