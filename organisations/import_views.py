"""The admin screen "Beschäftigte importieren": upload an HR export, watch it run.

The upload is stored as an ``EmployeeImport`` and handed to the worker by its id
(``tasks.run_employee_import``): a big file takes longer than a proxy waits for a
request. The status page reloads itself until the run is finished and then shows the
counts or every bad line. The rules live in ``organisations.importing``; the views
only wire them up. It is a small ``ViewSet`` so that it can join the "Organisation"
menu group by being listed in its ``items``.
"""

from functools import partial

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.generic import FormView, TemplateView
from django_tasks import TaskResultStatus
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .importing import MAX_FILE_BYTES, ImportMode, RowError
from .models import EmployeeImport, Municipality
from .tasks import run_employee_import

#: Seconds between reloads of the status page while a run is not finished.
REFRESH_SECONDS = 2


def can_import_employees(user: AbstractBaseUser) -> bool:
    """Importing creates accounts, so it takes the permission to add employees."""
    return user.has_perm("organisations.add_employee")


class EmployeeImportForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        label=gettext_lazy("Kommune"),
        help_text=gettext_lazy("Die Beschäftigten werden dieser Kommune zugeordnet."),
    )
    file = forms.FileField(
        label=gettext_lazy("CSV-Datei"),
        help_text=gettext_lazy(
            "Export der Personalverwaltung, UTF-8 oder Windows-1252, getrennt durch Semikolon "
            "oder Komma, höchstens 16 MB (etwa 50.000 Beschäftigte)."
        ),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Umfang der Datei"),
        choices=ImportMode.choices,
        initial=ImportMode.PARTIAL,
        required=False,  # a form without the field (a script) imports a partial file
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Gesamtbestand: Wer in der Kommune beschäftigt ist, aber nicht in der Datei steht, "
            "erhält heute als Austrittsdatum; Übergaben werden gestartet."
        ),
    )
    dry_run = forms.BooleanField(
        required=False,
        label=gettext_lazy("Nur prüfen"),
        help_text=gettext_lazy(
            "Prüft die Datei und zählt, was sich ändern würde, ohne etwas zu speichern."
        ),
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
                _("Die Datei ist größer als %(size)s MB; bitte aufteilen.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


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
    page_title = gettext_lazy("Beschäftigte importieren")
    header_icon = "upload"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("employee:index"), "label": _("Beschäftigte")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=_("Hochladen und importieren"),
            submit_button_active_label=_("Wird hochgeladen …"),
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
    page_title = gettext_lazy("Beschäftigten-Import")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("employee_import:index"), "label": _("Beschäftigte importieren")},
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
    menu_label = gettext_lazy("Beschäftigte importieren")
    menu_item_class = ImportEmployeesMenuItem

    def get_urlpatterns(self):
        return [
            path("", EmployeeImportView.as_view(), name="index"),
            path("<int:pk>/", EmployeeImportStatusView.as_view(), name="status"),
        ]
