"""Admin screens for people and structure, scoped to what the user may see: the
viewsets of the "Organisation" menu, the staff import and the login locks.

Wagtail checks model permissions; tenancy is ours. Every view of these viewsets reads
through ``visible_to(user)`` (the scoped bases in ``core.admin``), so another
municipality's ids answer 404, whether listed, inspected, edited or deleted. Their
forms are in ``organisations.admin_forms``.
"""

from functools import partial

import django_filters
from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import FormView, TemplateView
from django_tasks import TaskResultStatus
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.admin import ScopedModelViewSet, visible_choices

from .admin_forms import EmployeeForm, EmployeeImportForm, OrgUnitForm, PositionForm
from .importing import ImportMode, RowError
from .models import Employee, EmployeeImport, Municipality, OrgUnit, Position
from .tasks import run_employee_import


class EmployeeFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=visible_choices(Municipality)
    )
    org_unit = django_filters.ModelChoiceFilter(
        label=_("Organisationseinheit"), queryset=visible_choices(OrgUnit)
    )

    class Meta:
        model = Employee
        fields = ["municipality", "org_unit"]


class OrgUnitFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=visible_choices(Municipality)
    )

    class Meta:
        model = OrgUnit
        fields = ["municipality"]


class PositionFilterSet(WagtailFilterSet):
    org_unit__municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"), queryset=visible_choices(Municipality)
    )

    class Meta:
        model = Position
        fields = ["org_unit__municipality"]


class MunicipalityViewSet(ScopedModelViewSet):
    url_prefix = "kommunen"
    model = Municipality
    icon = "home"
    menu_label = _("Kommunen")
    form_fields = ["name", "slug", "ags"]
    list_display = ["name", "slug", "ags"]
    search_fields = ["name", "ags"]


class OrgUnitViewSet(ScopedModelViewSet):
    url_prefix = "einheiten"
    model = OrgUnit
    form_class = OrgUnitForm
    icon = "group"
    menu_label = _("Organisationseinheiten")
    list_display = ["label_with_depth", "municipality"]
    filterset_class = OrgUnitFilterSet
    search_fields = ["name", "short_name"]
    ordering = ["path"]


class PositionViewSet(ScopedModelViewSet):
    url_prefix = "stellen"
    model = Position
    icon = "tag"
    menu_label = _("Stellen")
    form_class = PositionForm
    list_display = ["title", "number", "org_unit"]
    filterset_class = PositionFilterSet
    search_fields = ["title", "number"]


class EmployeeViewSet(ScopedModelViewSet):
    url_prefix = "beschaeftigte"
    model = Employee
    form_class = EmployeeForm
    icon = "user"
    menu_label = _("Beschäftigte")
    list_display = ["full_name", "personnel_number", "municipality", "org_unit", "position"]
    filterset_class = EmployeeFilterSet
    search_fields = ["personnel_number", "user__first_name", "user__last_name", "user__email"]
    inspect_view_fields = [
        "personnel_number",
        "municipality",
        "org_unit",
        "position",
        "entry_date",
        "leaving_date",
    ]


# --- Staff import ---------------------------------------------------------------------
# "Beschäftigte importieren": upload an HR export, watch it run. The upload is stored as
# an ``EmployeeImport`` and handed to the worker by its id (``tasks.run_employee_import``):
# a big file takes longer than a proxy waits for a request. The status page reloads
# itself until the run is finished and then shows the counts or every bad line. The
# rules live in ``organisations.importing``. It is a small ``ViewSet`` so that it can
# join the "Organisation" menu group by being listed in its ``items``.

#: Seconds between reloads of the status page while a run is not finished.
REFRESH_SECONDS = 2


def can_import_employees(user: AbstractBaseUser) -> bool:
    """Importing creates accounts, so it takes the permission to add employees."""
    return user.has_perm("organisations.add_employee")


class ImportPermissionMixin:
    """Only who may import sees the import screens."""

    def dispatch(self, request, *args, **kwargs):
        # Answered here rather than raised: the admin turns a raised PermissionDenied
        # into a redirect to the dashboard, and a refused import should say 403.
        if not can_import_employees(request.user):
            return defaults.permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


class EmployeeImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = EmployeeImportForm
    template_name = "organisations/admin/import_employees.html"
    page_title = _("Beschäftigte importieren")
    header_icon = "upload"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("employee:index"), "label": gettext("Beschäftigte")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=gettext("Hochladen und importieren"),
            submit_button_active_label=gettext("Wird hochgeladen …"),
            recent_runs=EmployeeImport.objects.visible_to(self.request.user)
            .select_related("municipality", "uploaded_by")
            .defer("data", "errors")[:10],
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        run = EmployeeImport.objects.create(
            municipality=form.cleaned_data["municipality"],
            uploaded_by=self.request.user,
            file_name=upload.name[:255],
            data=upload.read(),
            mode=form.cleaned_data["mode"] or ImportMode.PARTIAL,
            dry_run=form.cleaned_data["dry_run"],
        )
        transaction.on_commit(partial(enqueue_import, run.pk))
        return redirect("employee_import:status", run.pk)


def enqueue_import(import_id: int) -> None:
    """Hand the run to the worker by its id, and note the task for the status page."""
    result = run_employee_import.enqueue(import_id)
    EmployeeImport.objects.filter(pk=import_id).update(task_id=str(result.id))


class EmployeeImportStatusView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Progress, then result of one run; only for who may see the run (else 404)."""

    template_name = "organisations/admin/import_status.html"
    page_title = _("Beschäftigten-Import")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("employee_import:index"), "label": gettext("Beschäftigte importieren")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = get_object_or_404(
            EmployeeImport.objects.visible_to(self.request.user).select_related("municipality"),
            pk=kwargs["pk"],
        )
        lost = not run.is_finished and task_failed(run.task_id)
        errors = [RowError(line, message) for line, message in run.errors]
        context.update(
            run=run,
            worker_lost=lost,
            refresh_seconds=None if run.is_finished or lost else REFRESH_SECONDS,
            import_errors=errors,
            unlisted_error_count=max(0, run.error_count - len(errors)),
        )
        return context


def task_failed(task_id: str) -> bool:
    """Whether the run's task failed without the run noting it (its worker died too
    often, see ``tasks.requeue_stale_tasks``)."""
    if not task_id:
        return False
    try:
        return run_employee_import.get_result(task_id).status == TaskResultStatus.FAILED
    except Exception:  # backends that keep no results (the immediate one in tests)
        return False


class ImportEmployeesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import_employees(request.user)


class EmployeeImportViewSet(ViewSet):
    name = "employee_import"
    url_prefix = "beschaeftigte-importieren"
    icon = "upload"
    menu_label = _("Beschäftigte importieren")
    menu_item_class = ImportEmployeesMenuItem

    def get_urlpatterns(self):
        return [
            path("", EmployeeImportView.as_view(), name="index"),
            path("<int:pk>/", EmployeeImportStatusView.as_view(), name="status"),
        ]


# --- Login locks ----------------------------------------------------------------------


class LoginLockPermissionPolicy(ModelPermissionPolicy):
    """Lockouts come from failed logins only: admins list and lift them, never edit them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(AccessAttempt, LoginLockPermissionPolicy(AccessAttempt))


class LiftLockView(generic.DeleteView):
    page_title = _("Sperre aufheben")

    def get_success_message(self):
        return _("Die Sperre für „%(username)s“ wurde aufgehoben.") % {
            "username": self.object.username
        }


class LoginLockViewSet(ModelViewSet):
    """django-axes lockouts (username + IP); deleting an attempt lifts the lock."""

    model = AccessAttempt
    icon = "lock-open"
    menu_label = _("Anmeldesperren")
    url_prefix = "anmeldesperren"
    delete_view_class = LiftLockView
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    exclude_form_fields = ["get_data", "post_data"]
    inspect_view_enabled = False


class OrganisationsViewSetGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 300
    items = (
        MunicipalityViewSet,
        OrgUnitViewSet,
        PositionViewSet,
        EmployeeViewSet,
        EmployeeImportViewSet,
        LoginLockViewSet,
    )


organisations_viewset_group = OrganisationsViewSetGroup()
