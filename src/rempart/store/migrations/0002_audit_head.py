"""Create the single audit-chain head row, so concurrent first writers lock the same row."""

from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):  # type: ignore[no-untyped-def]
    head = apps.get_model("store", "AuditHead")
    head.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})


class Migration(migrations.Migration):
    dependencies = [("store", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
