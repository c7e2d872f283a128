"""``Handover`` and ``HandoverItem`` move to ``handovers`` and keep their rows, ids and
identity.

The tables stay where they are (the ``handovers`` models name them in
``Meta.db_table``), so this migration removes the models from ``knowledge``'s state
only. Their content type rows are renamed from ``knowledge`` to ``handovers`` in place,
keeping their ids: the permissions (``view_handover`` and the others), the groups and
people they were granted to, and Wagtail's log entries all point at those ids, so they
keep pointing at the models (``core.moving``).
"""

from django.db import migrations

from core.moving import rename_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("handovers", "0001_initial"),
        ("knowledge", "0002_reacknowledge"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HandoverItem"),
                migrations.DeleteModel(name="Handover"),
            ],
            database_operations=[],
        ),
        rename_content_types(("handover", "handoveritem"), "knowledge", "handovers"),
    ]
