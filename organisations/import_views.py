"""The admin screen "Beschäftigte importieren": upload an HR export for one municipality.

The view only wires the upload to ``organisations.importing``; the rules live there.
It is a small ``ViewSet`` so that it can join the "Organisation" menu group by being
listed in its ``items``; until then it is registered as a menu item of its own.
"""

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .importing import MAX_FILE_BYTES, ImportRejected, import_employees
from .models import Municipality

#: Rows listed on the page when a file is refused; the rest are counted. A file whose
#: every row is wrong usually has one systematic fault, which the first rows show.
MAX_LISTED_ERRORS = 1000


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
            "oder Komma, höchstens 5 MB."
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


class EmployeeImportView(WagtailAdminTemplateMixin, FormView):
    form_class = EmployeeImportForm
    template_name = "organisations/admin/import_employees.html"
    page_title = gettext_lazy("Beschäftigte importieren")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        # Answered here rather than raised: the admin turns a raised PermissionDenied
        # into a redirect to the dashboard, and a refused import should say 403.
        if not can_import_employees(request.user):
            return defaults.permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("employee:index"), "label": _("Beschäftigte")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors = kwargs.get("import_errors") or []
        context.update(
            action_url=self.request.path,
            submit_button_label=_("Importieren"),
            submit_button_active_label=_("Importiert …"),
            import_errors=errors[:MAX_LISTED_ERRORS],
            import_error_count=len(errors),
            unlisted_error_count=max(0, len(errors) - MAX_LISTED_ERRORS),
        )
        return context

    def form_valid(self, form):
        municipality = form.cleaned_data["municipality"]
        try:
            result = import_employees(
                form.cleaned_data["file"].read(),
                municipality,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportRejected as rejected:
            messages.error(
                self.request,
                _("Die Datei enthält Fehler; es wurde nichts importiert."),
            )
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=rejected.errors)
            )
        messages.success(self.request, f"{municipality.name}: {result.summary()}")
        return redirect(self.request.path)


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
        return [path("", EmployeeImportView.as_view(), name="index")]
