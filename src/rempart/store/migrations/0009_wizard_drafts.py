# The product wizard's drafts, per user (issue 18, item 6).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0008_case_links_and_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WizardDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[("create", "Register a product"), ("edit", "Edit a product")],
                        max_length=8,
                    ),
                ),
                ("product_slug", models.CharField(blank=True, max_length=80)),
                ("data", models.JSONField(default=dict)),
                ("step", models.CharField(default="basics", max_length=16)),
                ("created_at", models.DateTimeField()),
                ("updated_at", models.DateTimeField()),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="wizard_drafts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-updated_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["user", "-updated_at"], name="store_wizar_user_id_6c9e53_idx"
                    )
                ],
            },
        ),
    ]
