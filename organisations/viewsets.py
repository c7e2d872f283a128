"""Admin screens for people and structure, scoped to what the user may see.

Wagtail checks model permissions; tenancy is ours. Every view of these viewsets reads
through ``visible_to(user)`` (the scoped bases in ``core.admin``), so another
municipality's ids answer 404, whether listed, inspected, edited or deleted.
"""

import django_filters
from axes.models import AccessAttempt
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.admin import ScopedForm, ScopedModelViewSet, visible_choices

from .import_views import EmployeeImportViewSet
from .models import Employee, Municipality, OrgUnit, Position


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


class PositionForm(ScopedForm):
    scoped_fields = {"org_unit": OrgUnit}

    class Meta:
        model = Position
        fields = ["org_unit", "title", "number"]


class PositionViewSet(ScopedModelViewSet):
    url_prefix = "stellen"
    model = Position
    icon = "tag"
    menu_label = _("Stellen")
    form_class = PositionForm
    list_display = ["title", "number", "org_unit"]
    filterset_class = PositionFilterSet
    search_fields = ["title", "number"]


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
