"""Receivers of organisations: language at login, provisioning of new municipalities,
invitations to accounts created by the staff import, and the user versions
(``core.versions``) bumped when what every page knows about a user changes: their
employee record, groups, permissions, led units and held positions."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.users.models import UserProfile

from core import versions

from .importing import accounts_created
from .middleware import LANGUAGE_SESSION_KEY
from .models import STAFF_KEY, Employee, Municipality, OrgUnit, Position, PositionHolding
from .provisioning import provision_municipality
from .tasks import invite_on_commit


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    """Copy the user's chosen language into the session when they log in."""
    if request is None or not hasattr(request, "session"):
        return
    language = UserProfile.get_for_user(user).preferred_language
    if language:
        request.session[LANGUAGE_SESSION_KEY] = language


@receiver(post_save, sender=Municipality, dispatch_uid="organisations_provision_municipality")
def provision_saved_municipality(sender, instance, raw=False, **kwargs):
    """Every save of a municipality brings its groups, collection and section in step
    (``provisioning`` is idempotent); fixtures loaded raw are left as they are."""
    if not raw:
        provision_municipality(instance)


@receiver(accounts_created, dispatch_uid="organisations_invite_created_accounts")
def invite_created_accounts(sender, user_ids, **kwargs):
    """New accounts get their invitation once the import has committed."""
    invite_on_commit(user_ids)


# --- What every page knows about a user (core.versions) -------------------------------

User = get_user_model()


@receiver(post_save, sender=Employee, dispatch_uid="organisations_version_employee_saved")
@receiver(post_delete, sender=Employee, dispatch_uid="organisations_version_employee_deleted")
@receiver(post_save, sender=PositionHolding, dispatch_uid="organisations_version_holding_saved")
@receiver(post_delete, sender=PositionHolding, dispatch_uid="organisations_version_holding_deleted")
def employee_changed(sender, instance, raw=False, **kwargs):
    """Municipality, unit or position of a person changed (a held position may make
    them a process owner, who sees the admin link)."""
    if raw:
        return
    employee = instance if isinstance(instance, Employee) else instance.employee
    versions.bump_users([employee.user_id])
    versions.bump(STAFF_KEY)


@receiver(post_save, sender=User, dispatch_uid="organisations_version_user_saved")
def user_changed(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    """Superuser or active flags may have changed; a new user has nothing cached yet.
    A name may have changed too (``STAFF_KEY``), unless only the last login was saved,
    as on every login."""
    if raw or created:
        return
    versions.bump_users([instance.pk])
    if update_fields is None or set(update_fields) - {"last_login"}:
        versions.bump(STAFF_KEY)


@receiver(post_save, sender=Municipality, dispatch_uid="organisations_version_municipality")
def municipality_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed municipality is shown to all its staff: refresh everybody's facts."""
    if not raw and not created:
        versions.bump(versions.SITE)


_CHANGES = ("post_add", "post_remove", "post_clear")


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="organisations_version_groups")
@receiver(
    m2m_changed,
    sender=User.user_permissions.through,
    dispatch_uid="organisations_version_user_permissions",
)
def user_roles_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """Groups and permissions decide the roles and the admin link. ``instance`` is the
    user, or (``reverse``) the group or permission whose users changed."""
    if not reverse:
        if action in _CHANGES:
            versions.bump_users([instance.pk])
    elif action == "pre_clear":  # the users are gone after the clear: name them now
        versions.bump_users(instance.user_set.values_list("pk", flat=True))
    elif action in _CHANGES:
        versions.bump_users(pk_set or [])


@receiver(m2m_changed, sender=OrgUnit.leaders.through, dispatch_uid="organisations_version_leaders")
def unit_leaders_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """Leading a unit makes a manager (menus, reports). ``instance`` is the unit, or
    (``reverse``) the employee whose led units changed."""
    if reverse:
        if action in _CHANGES:
            versions.bump_users([instance.user_id])
    elif action == "pre_clear":
        versions.bump_users(instance.leaders.values_list("user_id", flat=True))
    elif action in _CHANGES:
        versions.bump_users(
            Employee.objects.filter(pk__in=pk_set or []).values_list("user_id", flat=True)
        )


@receiver(post_save, sender=OrgUnit, dispatch_uid="organisations_site_version_unit_saved")
@receiver(post_delete, sender=OrgUnit, dispatch_uid="organisations_site_version_unit_deleted")
@receiver(post_save, sender=Position, dispatch_uid="organisations_site_version_position_saved")
@receiver(post_delete, sender=Position, dispatch_uid="organisations_site_version_post_deleted")
def unit_tree_changed(sender, raw=False, **kwargs):
    """Units and positions are the same for everybody: what is cached from them per site
    version (which articles ask whom for an acknowledgement, who open handovers concern,
    the names on the start page's "Meine Verwaltung") is read again. The admin moves a
    unit in the transaction that saves it (``admin_forms.OrgUnitForm``), so this bump
    becomes visible with the move."""
    if not raw:
        versions.bump(versions.SITE)
