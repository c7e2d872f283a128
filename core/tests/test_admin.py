"""Role-based access: the role decides, Django permissions neither grant nor widen it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from core.admin import RolePermissionPolicy, visible_choices

pytestmark = pytest.mark.django_db


class StaffViewsGroups(RolePermissionPolicy):
    """A role for the test: staff users may view groups, and nothing else."""

    actions = frozenset({"view"})

    def has_role(self, user) -> bool:
        return user.is_staff

    def users_with_role(self) -> Q:
        return Q(is_staff=True)


def test_a_role_grants_its_actions_to_active_holders_only():
    users = get_user_model().objects
    staff = users.create_user("staff", is_staff=True)
    retired = users.create_user("retired", is_staff=True, is_active=False)
    other = users.create_user("other")
    other.user_permissions.add(Permission.objects.get(codename="change_group"))
    policy = StaffViewsGroups(Group)

    assert policy.user_has_permission(staff, "view")
    assert not policy.user_has_permission(staff, "change")
    assert not policy.user_has_permission(retired, "view")
    assert not policy.user_has_permission(users.get(pk=other.pk), "change")
    assert list(policy.users_with_any_permission(["view"])) == [staff]
    assert not policy.users_with_any_permission(["delete"]).exists()


def test_a_role_holder_reaches_the_instances_the_policy_shows():
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    other = get_user_model().objects.create_user("other")
    group = Group.objects.create(name="Redaktion")
    policy = StaffViewsGroups(Group)

    assert group in policy.instances_user_has_any_permission_for(staff, ["view"])
    assert not policy.instances_user_has_any_permission_for(other, ["view"]).exists()
    assert policy.user_has_permission_for_instance(staff, "view", group)
    assert not policy.user_has_permission_for_instance(other, "view", group)


def test_filter_choices_without_a_request_offer_nothing():
    Group.objects.create(name="Redaktion")

    assert not visible_choices(Group)(None).exists()
