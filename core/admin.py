"""Bases for admin screens scoped to what the user may see, and for role-based access.

Wagtail checks model permissions; tenancy is ours. A model whose manager offers
``visible_to(user)`` gets its admin screens from ``ScopedModelViewSet``: every view reads
through ``visible_to(user)``, so another municipality's ids answer 404, whether listed,
inspected, edited or deleted. Filters and form fields offer only what the user may see
(``visible_choices``, ``ScopedForm``).

Screens whose access follows from roles rather than from Django model permissions use a
``RolePermissionPolicy``; the app that knows the roles says who holds them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

# --- Scoped views ----------------------------------------------------------------------


class ScopedQuerysetMixin:
    """Limit listings and single objects to ``Model.objects.visible_to(user)``.

    For the model views (index, edit, delete, inspect, copy), whose base queryset holds
    the model's rows and whose ``get_object`` follows Django's ``SingleObjectMixin``.
    """

    def visible_queryset(self):
        return self.model._default_manager.visible_to(self.request.user)

    def get_base_queryset(self):
        return super().get_base_queryset() & self.visible_queryset()

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.visible_queryset().filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ScopedObjectMixin:
    """Limit the object of history and usage views to ``Model.objects.visible_to(user)``.

    These views list log entries or references, not the model's rows, and look up their
    object through Wagtail's ``BaseObjectMixin.get_base_object_queryset()``: scoping the
    listing queryset would combine querysets of different models.
    """

    def get_base_object_queryset(self):
        visible = self.model._default_manager.visible_to(self.request.user)
        return super().get_base_object_queryset().filter(pk__in=visible.values("pk"))


class ScopedIndexView(ScopedQuerysetMixin, generic.IndexView):
    pass


class ScopedEditView(ScopedQuerysetMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedQuerysetMixin, generic.DeleteView):
    pass


class ScopedInspectView(ScopedQuerysetMixin, generic.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class ScopedCopyView(ScopedQuerysetMixin, generic.CopyView):
    pass


def visible_choices(model):
    """A queryset callable for filters: choices limited to what the user may see."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)

    return queryset


class ScopedModelViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_class = ScopedCopyView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_class = None

    def get_form_class(self, for_update=False):
        return self.form_class or super().get_form_class(for_update)


class ScopedForm(WagtailAdminModelForm):
    """Choices in related fields are limited to what the editing user may see."""

    scoped_fields = {}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        for name, model in self.scoped_fields.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.visible_to(for_user)


# --- Access by role ----------------------------------------------------------------------


class RolePermissionPolicy(BasePermissionPolicy):
    """Grants a fixed set of actions to the users a role check lets through; instances
    are limited to the model's ``visible_to(user)``.

    Django permissions on these models are neither needed nor honoured, so giving a group
    "change assignment" in the group editor cannot widen anybody's reach. Subclasses
    name the role: ``has_role`` for one user, ``users_with_role`` as a filter on users.
    """

    actions = frozenset({"add", "change", "delete", "view"})

    def has_role(self, user) -> bool:
        """Whether ``user`` holds the role; every subclass answers (abstract)."""
        raise NotImplementedError(f"{type(self).__name__} must define has_role()")

    def users_with_role(self) -> Q:
        """The same role as a condition on users; every subclass answers (abstract)."""
        raise NotImplementedError(f"{type(self).__name__} must define users_with_role()")

    def user_has_permission(self, user, action):
        return action in self.actions and user.is_active and self.has_role(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects
        if not self.actions & set(actions):
            return users.none()
        return users.filter(self.users_with_role(), is_active=True).distinct()

    def visible_instances(self, user):
        return self.model._default_manager.all()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.visible_instances(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.visible_instances(user).filter(pk=instance.pk).exists()
        )


class RoleViewSetMixin:
    """The group editor offers no permissions for these models: the policies ignore them."""

    def get_permissions_to_register(self):
        return Permission.objects.none()
