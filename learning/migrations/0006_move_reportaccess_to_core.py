"""``ReportAccess`` moves to ``core`` and keeps its rows, its ids and its identity.

The table stays where it is (``core.ReportAccess`` names it in ``Meta.db_table``), so this
migration removes the model from ``learning``'s state only. Its content type row is
renamed from ``learning`` to ``core`` in place, keeping its id: the permissions
(``view_reportaccess`` and the others), the groups and people they were granted to, and
Wagtail's log entries all point at that id, so they keep pointing at the model. Without
the rename, Django would create a new content type for ``core`` after the migration and
leave all of them on a stale one.
"""

from django.db import migrations

MODEL = "reportaccess"


def _rename_content_type(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    moving = types.filter(app_label=old, model=MODEL).first()
    if moving is None:
        # A fresh database: nothing to hand over. ``new``'s content type is there already
        # (``organisations`` 0002 creates all permissions ahead) or comes after migrating.
        return
    # After a round trip (migrating back re-creates ``new``'s content type once the
    # migrations are done, since the model is still in the code) both exist. The one
    # for ``new`` holds nothing but its own fresh permissions; the moving one carries
    # every grant and log entry, so it stays and takes the name.
    types.filter(app_label=new, model=MODEL).delete()
    moving.app_label = new
    moving.save(update_fields=["app_label"])


def to_core(apps, schema_editor):
    _rename_content_type(apps, schema_editor, "learning", "core")


def to_learning(apps, schema_editor):
    _rename_content_type(apps, schema_editor, "core", "learning")


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
        migrations.RunPython(to_core, to_learning),
    ]
