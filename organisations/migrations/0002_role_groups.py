"""Create the groups that do not depend on a municipality.

Per-municipality groups are created with the municipality (``provisioning.provision_*``);
the Kooperations-Admin group and the shared section's authoring groups exist from the
start.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

SHARED = "Gemeinsamer Bereich"
SHARED_ROLES = {
    "trainer": (
        "Trainer*innen",
        ["wagtailadmin.access_admin"],
    ),
    "redaktion": (
        "Redaktion",
        ["wagtailadmin.access_admin"],
    ),
}


def _ensure_permissions(apps):
    # Permissions are normally created after all migrations; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    RoleGroup = apps.get_model("organisations.RoleGroup")

    admin, _ = Group.objects.get_or_create(name="Kooperations-Admin")
    admin.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label__in=["organisations", "axes"])
            | Q(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    )
    for role, (label, perms) in SHARED_ROLES.items():
        group, _ = Group.objects.get_or_create(name=f"{SHARED}: {label}")
        for name in perms:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        RoleGroup.objects.get_or_create(municipality=None, role=role, defaults={"group": group})


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("axes", "0009_add_session_hash"),
        # Wagtail's choose-permission migrations grant ``choose_*`` on the root collection
        # to every group with admin access that exists when they run; run them first so
        # the shared section's groups do not get to choose every municipality's media.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
