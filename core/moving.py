"""Moving a model to another app without losing its identity: one migration operation.

A model that changes apps keeps its table (the new app names it in ``Meta.db_table``)
and is removed from the old app's migration state only. Its ``ContentType`` row must
then be renamed in place, keeping its id: permissions, the groups and people they were
granted to, and Wagtail's log entries all point at that id. Without the rename Django
would create a new content type after migrating and leave all of them on a stale one.
Used by ``learning`` 0006 (``ReportAccess`` to ``core``) and ``knowledge`` 0003
(handovers to ``handovers``).
"""

from __future__ import annotations

from django.db import migrations


def _rename_content_types(apps, schema_editor, models, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in models:
        moving = types.filter(app_label=old, model=model).first()
        if moving is None:
            # A fresh database: nothing to hand over. ``new``'s content type is there
            # already or comes after migrating.
            continue
        # After a round trip (migrating back re-creates ``new``'s content type once the
        # migrations are done, since the model is still in the code) both exist. The one
        # for ``new`` holds nothing but its own fresh permissions; the moving one carries
        # every grant and log entry, so it stays and takes the name.
        types.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def rename_content_types(models: tuple[str, ...], old: str, new: str) -> migrations.RunPython:
    """The reversible operation that relabels ``models``' content types from ``old`` to
    ``new`` (and back when migrating backwards)."""

    def forwards(apps, schema_editor):
        _rename_content_types(apps, schema_editor, models, old, new)

    def backwards(apps, schema_editor):
        _rename_content_types(apps, schema_editor, models, new, old)

    return migrations.RunPython(forwards, backwards)
