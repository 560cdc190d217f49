"""KEV and EPSS sources record the data's own date (``newest_modified``), not only when they
were imported: freshness is judged on it. Rows imported earlier get it from their version
(KEV ``catalogVersion`` ``2025.08.25``; EPSS ``model@score_date``)."""

from datetime import UTC, datetime

from django.db import migrations


def _kev_date(version):  # type: ignore[no-untyped-def]
    try:
        return datetime.strptime(version.strip(), "%Y.%m.%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def _epss_date(version):  # type: ignore[no-untyped-def]
    day = version.partition("@")[2]
    try:
        parsed = datetime.fromisoformat(day) if day else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # noqa: ARG001
    sources = apps.get_model("store", "AdvisorySource")
    for row in sources.objects.filter(kind__in=("kev", "epss"), newest_modified__isnull=True):
        row.newest_modified = (
            _kev_date(row.version) if row.kind == "kev" else _epss_date(row.version)
        )
        row.save(update_fields=["newest_modified"])


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0008_time_zones"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
