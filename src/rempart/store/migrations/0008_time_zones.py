"""Time zones per person and per organization; Greece as EL (EU usage) in stored codes.

Every profile held "UTC" because nothing could change it, so none of those is a person's
choice: they are cleared and follow the organization's zone from now on.
"""

from django.db import migrations, models

COUNTRY_FIELDS = (
    "main_establishment_country",
    "authorised_representative_country",
    "importer_country",
    "distributor_country",
    "most_users_country",
)


def _el(codes):  # type: ignore[no-untyped-def]
    return sorted({"EL" if code == "GR" else code for code in codes})


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # noqa: ARG001
    apps.get_model("store", "UserProfile").objects.filter(time_zone="UTC").update(time_zone="")
    apps.get_model("store", "Organization").objects.filter(main_establishment_country="GR").update(
        main_establishment_country="EL"
    )
    settings = apps.get_model("store", "ReportingSettings")
    for name in COUNTRY_FIELDS:
        settings.objects.filter(**{name: "GR"}).update(**{name: "EL"})
    for row in settings.objects.all():
        if "GR" in row.default_member_states:
            row.default_member_states = _el(row.default_member_states)
            row.save(update_fields=["default_member_states"])
    for model in ("ReportingCase", "ProductAvailability"):
        for row in apps.get_model("store", model).objects.all():
            if "GR" in row.member_states:
                row.member_states = _el(row.member_states)
                row.save(update_fields=["member_states"])


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0007_product_availability"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="time_zone",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="userprofile",
            name="time_zone",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
