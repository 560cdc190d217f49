"""Per-release summary rows: counts that lists and dashboards read (store layer).

The shape of :class:`rempart.store.models.ReleaseSummary` is documented on the model. Every
transaction that changes a release's findings ends with :func:`refresh`; the KEV/EPSS
enrichment refreshes the releases it touched with :func:`refresh_many`. Readers never count
findings themselves.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q

from rempart.store.models import Finding, Release, ReleaseSummary, Scan

SEVERITY_COLUMNS = ("critical", "high", "medium", "low")


@dataclass(frozen=True, slots=True)
class SummaryView:
    """A release's findings and scan state at a glance (see the model for each field)."""

    release_id: int
    open_findings: int
    known_exploited: int
    critical: int
    high: int
    medium: int
    low: int
    other: int
    new_findings: int
    baseline_at: datetime | None
    scanned_at: datetime | None
    outcome: str
    not_assessed: int
    scan_state: str
    scan_requested_at: datetime | None
    scan_error: str


def _view(row: ReleaseSummary) -> SummaryView:
    return SummaryView(
        row.release_id,
        row.open_findings,
        row.known_exploited,
        row.critical,
        row.high,
        row.medium,
        row.low,
        row.other,
        row.new_findings,
        row.baseline_at,
        row.scanned_at,
        row.outcome,
        row.not_assessed,
        row.scan_state,
        row.scan_requested_at,
        row.scan_error,
    )


def get(release_pk: int) -> SummaryView | None:
    row = ReleaseSummary.objects.filter(release_id=release_pk).first()
    return _view(row) if row else None


def for_releases(release_pks: Collection[int]) -> dict[int, SummaryView]:
    rows = ReleaseSummary.objects.filter(release_id__in=list(release_pks))
    return {row.release_id: _view(row) for row in rows}


def for_update(release_pk: int, now: datetime) -> SummaryView:
    """The release's summary row, created if missing (inside the scan's transaction)."""
    row, _ = ReleaseSummary.objects.get_or_create(
        release_id=release_pk, defaults={"updated_at": now}
    )
    return _view(row)


def _counts_sql(where: str) -> str:
    table = Finding._meta.db_table
    severities = ", ".join(
        f"sum(CASE WHEN severity = '{s}' THEN 1 ELSE 0 END)" for s in SEVERITY_COLUMNS
    )
    return (
        f"SELECT release_id, count(*), sum(CASE WHEN known_exploited THEN 1 ELSE 0 END), "  # noqa: S608 - constant names
        f"{severities}, sum(CASE WHEN new THEN 1 ELSE 0 END) FROM {table} "
        f"WHERE status = 'open' AND {where} GROUP BY release_id"
    )


def refresh(release_pk: int, now: datetime, **fields: object) -> None:
    """Recount a release's open findings into its summary; ``fields`` are set as well."""
    refresh_many([release_pk], now, **fields)


def refresh_many(release_pks: Collection[int] | None, now: datetime, **fields: object) -> int:
    """Recount the summaries of these releases (``None``: every release with a summary)."""
    if release_pks is None:
        wanted = list(ReleaseSummary.objects.values_list("release_id", flat=True))
    else:
        wanted = sorted(set(release_pks))
    counted: dict[int, tuple[int, ...]] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(_counts_sql(f"release_id IN ({marks})"), chunk)
            for release_id, *values in cursor.fetchall():
                counted[int(release_id)] = tuple(int(v or 0) for v in values)
    for release_pk in wanted:
        total, kev, critical, high, medium, low, new = counted.get(release_pk, (0,) * 7)
        values = {
            "open_findings": total,
            "known_exploited": kev,
            "critical": critical,
            "high": high,
            "medium": medium,
            "low": low,
            "other": total - critical - high - medium - low,
            "new_findings": new,
            "updated_at": now,
            **fields,
        }
        updated = ReleaseSummary.objects.filter(release_id=release_pk).update(**values)
        if not updated:
            ReleaseSummary.objects.create(release_id=release_pk, **values)
    return len(wanted)


def record_scan(release_pk: int, scan: Scan, baseline: datetime | None, now: datetime) -> None:
    """The latest full scan and the baseline it counted new findings against."""
    refresh(
        release_pk,
        now,
        latest_scan_id=scan.pk,
        scanned_at=scan.at,
        outcome=scan.outcome,
        not_assessed=scan.not_assessed_count,
        baseline_at=baseline,
    )


def set_scan_state(
    release_pks: Collection[int], state: str, now: datetime, error: str = ""
) -> None:
    """Mark releases' scan jobs ``queued``, ``running``, ``failed`` or ``idle``."""
    values: dict[str, object] = {"scan_state": state, "scan_error": error[:2000], "updated_at": now}
    if state == "queued":
        values["scan_requested_at"] = now
    for release_pk in release_pks:
        updated = ReleaseSummary.objects.filter(release_id=release_pk).update(**values)
        if not updated:
            ReleaseSummary.objects.create(release_id=release_pk, **values)


def releases_with_open_exploited(today: datetime) -> list[int]:
    """Released, supported releases that have an open known-exploited finding."""
    return list(
        ReleaseSummary.objects.filter(
            known_exploited__gt=0, release__status=Release.Status.RELEASED
        )
        .filter(
            Q(release__end_of_support__isnull=True) | Q(release__end_of_support__gte=today.date())
        )
        .values_list("release_id", flat=True)
    )
