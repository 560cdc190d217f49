# Art. 14 cases link findings and vulnerability reports, and keep a readable history (issue 18).
# The findings field is the one branch issue-13 also adds (same name, same definition).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0007_product_availability"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingcase",
            name="findings",
            field=models.ManyToManyField(
                blank=True, related_name="reporting_cases", to="store.finding"
            ),
        ),
        migrations.AddField(
            model_name="reportingcase",
            name="vulnerability_reports",
            field=models.ManyToManyField(
                blank=True, related_name="reporting_cases", to="store.vulnerabilityreport"
            ),
        ),
        migrations.CreateModel(
            name="CaseHistoryEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField()),
                ("actor", models.CharField(max_length=200)),
                ("action", models.CharField(max_length=40)),
                ("summary", models.TextField()),
                ("changes", models.JSONField(default=dict)),
                ("note", models.TextField(blank=True)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="history",
                        to="store.reportingcase",
                    ),
                ),
            ],
            options={
                "ordering": ["at", "id"],
            },
        ),
    ]
