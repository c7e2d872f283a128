"""Drop Wagtail's default "Moderators approval" workflow and its two default groups.

Publication in Lernwerk is approved by the Redaktion of each section; those workflows
are created with the sections (``provisioning.ensure_section_workflow``).
"""

from django.db import migrations


def drop_defaults(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Group = apps.get_model("auth.Group")
    for workflow in Workflow.objects.filter(name="Moderators approval"):
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.workflow_pages.all().delete()
        workflow.workflow_tasks.all().delete()
        workflow.delete()
        Task.objects.filter(pk__in=task_ids, workflow_tasks__isnull=True).delete()
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(drop_defaults, migrations.RunPython.noop)]
