"""Take back the root-collection "choose" grants Wagtail hands to every admin group.

``wagtaildocs.0011_add_choose_permissions`` and ``wagtailimages.0023_add_choose_permissions``
give every group with admin access ``choose_document``/``choose_image`` on the root
collection. When they ran after ``0002_role_groups``, the shared section's trainers and
editors could choose (and so list) every municipality's documents and images. Only the
Kooperations-Admin group may choose across all collections; the other groups choose from
their own municipality's collection and the shared one (``provisioning.provision_*``).
"""

from django.db import migrations

COOPERATION_ADMIN_GROUP = "Kooperations-Admin"
CHOOSE_PERMISSIONS = (
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "choose_image"),
)


def remove_root_choose_grants(apps, schema_editor):
    """Delete root-collection choose grants of every group but Kooperations-Admin."""
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for app_label, codename in CHOOSE_PERMISSIONS:
        GroupCollectionPermission.objects.filter(
            collection=root,
            permission__content_type__app_label=app_label,
            permission__codename=codename,
        ).exclude(group__name=COOPERATION_ADMIN_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_municipality_collection"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(remove_root_choose_grants, migrations.RunPython.noop)]
