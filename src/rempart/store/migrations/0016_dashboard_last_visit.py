from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0015_advisory_source_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="userprofile",
            name="last_visit_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="userprofile",
            name="previous_visit_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(fields=["first_seen"], name="finding_first_seen"),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(fields=["kev_date_added"], name="finding_kev_date_added"),
        ),
    ]
