"""``Handover`` and ``HandoverItem`` join ``handovers``' migration state, on their tables.

``knowledge`` 0001 created the tables (``knowledge_handover``, ``knowledge_handoveritem``)
and the models name them in ``Meta.db_table``, so this migration changes the state only
and touches no table; ``knowledge`` 0003 removes the models from its own state and
hands their content types over. It depends on ``knowledge`` 0002 so that the tables are
there, on an upgrade and on a fresh database alike, before the state says so.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("courses", "0001_initial"),
        ("knowledge", "0002_reacknowledge"),
        ("learning", "0006_move_reportaccess_to_core"),
        ("organisations", "0006_employee_import"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Handover',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(choices=[('leaving', 'Austritt'), ('move', 'Stellenwechsel')], max_length=20, verbose_name='Anlass')),
                        ('leaving_date', models.DateField(blank=True, null=True, verbose_name='Letzter Arbeitstag')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Begonnen am')),
                        ('completed_at', models.DateTimeField(blank=True, null=True, verbose_name='Abgeschlossen am')),
                        ('leaver', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='handovers_given', to='organisations.employee', verbose_name='Übergebende Person')),
                        ('org_unit', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='handovers', to='organisations.orgunit', verbose_name='Organisationseinheit')),
                        ('position', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='handovers', to='organisations.position', verbose_name='Stelle')),
                        ('successor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='handovers_received', to='organisations.employee', verbose_name='Nachfolge')),
                    ],
                    options={
                        'verbose_name': 'Übergabe',
                        'verbose_name_plural': 'Übergaben',
                        'db_table': 'knowledge_handover',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='HandoverItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('ownership', 'Prozessverantwortung übernehmen'), ('acknowledge', 'Prozessbeschreibung zur Kenntnis nehmen'), ('course', 'Kurs absolvieren'), ('checklist', 'Checkliste')], max_length=20, verbose_name='Art')),
                        ('title', models.CharField(max_length=255, verbose_name='Aufgabe')),
                        ('leaver_notes', models.TextField(blank=True, help_text='Offene Vorgänge, Kontakte, Ablageorte – niemals Passwörter.', verbose_name='Hinweise der übergebenden Person')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='Reihenfolge')),
                        ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='Erledigt am')),
                        ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='handover_items', to='knowledge.processarticlepage', verbose_name='Prozessbeschreibung')),
                        ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='handover_items', to='organisations.employee', verbose_name='Übernimmt')),
                        ('assignment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='learning.assignment', verbose_name='Pflichtschulung')),
                        ('course', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='courses.coursepage', verbose_name='Kurs')),
                        ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Erledigt von')),
                        ('handover', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='handovers.handover', verbose_name='Übergabe')),
                    ],
                    options={
                        'verbose_name': 'Übergabepunkt',
                        'verbose_name_plural': 'Übergabepunkte',
                        'db_table': 'knowledge_handoveritem',
                        'ordering': ['position', 'pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
