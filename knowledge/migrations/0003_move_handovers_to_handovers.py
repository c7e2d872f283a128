"""``Handover`` and ``HandoverItem`` move to ``handovers`` and keep their rows, ids and
identity.

The tables stay where they are (the ``handovers`` models name them in
``Meta.db_table``), so this migration removes the models from ``knowledge``'s state
only. Their content type rows are renamed from ``knowledge`` to ``handovers`` in place,
keeping their ids: the permissions (``view_handover`` and the others), the groups and
people they were granted to, and Wagtail's log entries all point at those ids, so they
keep pointing at the models. Without the rename, Django would create new content types
for ``handovers`` after the migration and leave all of them on stale ones.
"""

from django.db import migrations

MODELS = ("handover", "handoveritem")


def _rename_content_types(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        moving = types.filter(app_label=old, model=model).first()
        if moving is None:
            # A fresh database: nothing to hand over. ``new``'s content type comes
            # after migrating (or is there already).
            continue
        # After a round trip (migrating back re-creates ``new``'s content type once the
        # migrations are done, since the model is still in the code) both exist. The one
        # for ``new`` holds nothing but its own fresh permissions; the moving one carries
        # every grant and log entry, so it stays and takes the name.
        types.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def to_handovers(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "knowledge", "handovers")


def to_knowledge(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "handovers", "knowledge")


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
        migrations.RunPython(to_handovers, to_knowledge),
    ]
