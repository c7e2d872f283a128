"""``ReportAccess`` joins ``core``'s migration state, on the table it already has.

The model was created by ``learning`` (its migration 0003 creates the table
``learning_reportaccess``), so this migration changes the state only and touches no
table; ``learning`` 0006 removes the model from its own state and hands the content
type over. Nothing here depends on ``learning``: on a fresh database the table is created
by ``learning`` 0003 whether it runs before or after this migration, and ``core`` stays
the bottom of the migration graph as of the imports.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReportAccess",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "username",
                            models.CharField(max_length=150, verbose_name="Benutzername"),
                        ),
                        ("report", models.CharField(max_length=80, verbose_name="Bericht")),
                        (
                            "export_format",
                            models.CharField(blank=True, max_length=10, verbose_name="Export"),
                        ),
                        (
                            "parameters",
                            models.CharField(blank=True, max_length=1000, verbose_name="Filter"),
                        ),
                        (
                            "accessed_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="Zeitpunkt"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="Person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Berichtszugriff",
                        "verbose_name_plural": "Berichtszugriffe",
                        "db_table": "learning_reportaccess",
                        "ordering": ["-accessed_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
