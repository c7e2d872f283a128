"""``ReportAccess`` moves to ``core`` and keeps its rows, its ids and its identity.

The table stays where it is (``core.ReportAccess`` names it in ``Meta.db_table``), so this
migration removes the model from ``learning``'s state only. Its content type row is
renamed from ``learning`` to ``core`` in place, keeping its id: the permissions
(``view_reportaccess`` and the others), the groups and people they were granted to, and
Wagtail's log entries all point at that id, so they keep pointing at the model
(``core.moving``).
"""

from django.db import migrations

from core.moving import rename_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("learning", "0005_statistic_exempt"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReportAccess")],
            database_operations=[],
        ),
        rename_content_types(("reportaccess",), "learning", "core"),
    ]
