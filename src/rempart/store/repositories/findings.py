"""Findings and scans of releases: stored rows -> views, scan records (store layer).

Writing findings is :mod:`rempart.store.repositories.finding_writes` (set-based diff);
per-release counts are :mod:`rempart.store.repositories.release_summaries`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection

from rempart.core.clock import iso
from rempart.core.matching import ScanResult
from rempart.core.paging import Page, PageRequest
from rempart.store.models import Finding, ReleaseSummary, Scan, VulnerabilityAlias


@dataclass(frozen=True, slots=True)
class FindingView:
    id: int
    product_slug: str
    product_name: str
    release_version: str
    vulnerability_id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str
    score: float | None
    fixed_versions: tuple[str, ...]
    component_bom_ref: str
    component_name: str
    component_version: str
    component_purl: str
    known_exploited: bool
    kev_date_added: date | None
    kev_due_date: date | None
    epss: float | None
    epss_percentile: float | None
    status: str
    first_seen: datetime
    last_seen: datetime
    new: bool


@dataclass(frozen=True, slots=True)
class ScanView:
    id: int
    at: datetime
    trigger: str
    components: int
    identified: int
    not_assessed: tuple[dict[str, Any], ...]
    sources: tuple[dict[str, Any], ...]
    findings: int
    new_findings: int
    outcome: str
    not_assessed_count: int = 0  # the list itself is kept for the latest scan only


def _last_seen(row: Finding) -> datetime:
    """When a scan last saw the finding: an open one was seen by its release's latest scan."""
    if row.status != Finding.Status.OPEN:
        return row.last_seen
    summary = getattr(row.release, "summary", None)
    scanned = summary.scanned_at if summary is not None else None
    return max(row.last_seen, scanned) if scanned is not None else row.last_seen


def _view(row: Finding) -> FindingView:
    return FindingView(
        id=row.pk,
        product_slug=row.release.product.slug,
        product_name=row.release.product.name,
        release_version=row.release.version,
        vulnerability_id=row.vulnerability_id,
        aliases=tuple(row.aliases),
        summary=row.summary,
        severity=row.severity,
        score=row.score,
        fixed_versions=tuple(row.fixed_versions),
        component_bom_ref=row.component_bom_ref,
        component_name=row.component_name,
        component_version=row.component_version,
        component_purl=row.component_purl,
        known_exploited=row.known_exploited,
        kev_date_added=row.kev_date_added,
        kev_due_date=row.kev_due_date,
        epss=row.epss,
        epss_percentile=row.epss_percentile,
        status=row.status,
        first_seen=row.first_seen,
        last_seen=_last_seen(row),
        new=row.new,
    )


def store_scan(
    release_pk: int, result: ScanResult, now: datetime, trigger: str, new: int, outcome: str
) -> tuple[ScanView, Scan]:
    """Record a full scan; earlier scans of the release keep their counts, not their lists."""
    coverage = result.coverage
    row = Scan.objects.create(
        release_id=release_pk,
        at=now,
        trigger=trigger,
        components=coverage.components,
        identified=coverage.identified,
        not_assessed=[
            {
                "bom_ref": n.component.bom_ref,
                "name": n.component.name,
                "purl": n.component.purl,
                "reason": n.reason.value,
                "detail": n.detail,
                "ecosystem": n.ecosystem,
            }
            for n in coverage.not_assessed
        ],
        sources=[
            {
                "name": s.source.name,
                "records": s.source.record_count,
                "fresh": s.fresh,
                "as_of": iso(s.source.as_of) if s.source.as_of else None,
                "as_of_basis": s.source.as_of_basis,
                "ecosystems": sorted(s.source.ecosystems),
            }
            for s in coverage.sources
        ],
        not_assessed_count=len(coverage.not_assessed),
        findings=len(result.findings),
        new_findings=new,
        outcome=outcome,
    )
    Scan.objects.filter(release_id=release_pk).exclude(pk=row.pk).exclude(not_assessed=[]).update(
        not_assessed=[]
    )
    return _scan_view(row), row


def previous_scan_at(release_pk: int) -> datetime | None:
    """When the release's latest full scan ran (the next scan counts new findings against it)."""
    return (
        Scan.objects.filter(release_id=release_pk)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )


def prune_scans(cutoff: datetime) -> int:
    """Delete scan rows older than ``cutoff``, except each release's latest scan."""
    table = Scan._meta.db_table
    summary = ReleaseSummary._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {summary} SET latest_scan_id = NULL WHERE latest_scan_id IN "  # noqa: S608
            f"(SELECT id FROM {table} s WHERE s.at < %s AND EXISTS (SELECT 1 FROM {table} n "
            "WHERE n.release_id = s.release_id AND (n.at > s.at OR (n.at = s.at AND n.id > s.id))))",
            [connection.ops.adapt_datetimefield_value(cutoff)],
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE at < %s AND EXISTS (SELECT 1 FROM {table} n "  # noqa: S608
            f"WHERE n.release_id = {table}.release_id AND (n.at > {table}.at "
            f"OR (n.at = {table}.at AND n.id > {table}.id)))",
            [connection.ops.adapt_datetimefield_value(cutoff)],
        )
        return int(cursor.rowcount)


def _scan_view(row: Scan) -> ScanView:
    return ScanView(
        row.pk,
        row.at,
        row.trigger,
        row.components,
        row.identified,
        tuple(row.not_assessed),
        tuple(row.sources),
        row.findings,
        row.new_findings,
        row.outcome,
        row.not_assessed_count,
    )


def latest_scan(release_pk: int) -> ScanView | None:
    row = Scan.objects.filter(release_id=release_pk).order_by("-at", "-pk").first()
    return _scan_view(row) if row else None


ORDER = ["-known_exploited", "severity_rank", "-score", "vulnerability_id", "component_name"]


def _ordered(query: Any) -> Any:
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        *(
            When(severity=label, then=Value(i))
            for i, label in enumerate(("critical", "high", "medium", "low", "none", "unknown"))
        ),
        default=Value(9),
        output_field=IntegerField(),
    )
    return query.annotate(severity_rank=rank).order_by(*ORDER)


def for_release(release_pk: int, include_resolved: bool = False) -> list[FindingView]:
    query = Finding.objects.select_related("release__product", "release__summary").filter(
        release_id=release_pk
    )
    if not include_resolved:
        query = query.filter(status=Finding.Status.OPEN)
    return [_view(row) for row in _ordered(query)]


def by_vulnerability(vulnerability_id: str, page: PageRequest) -> Page[FindingView]:
    """Open findings whose id or any alias equals ``vulnerability_id`` (case-insensitive).

    Through the alias table (an indexed equality), never a text search in JSON.
    """
    # The ids first (a few rows), then the findings by their indexed id: one plan whatever
    # the statistics say.
    ids = list(
        VulnerabilityAlias.objects.filter(alias=vulnerability_id.upper()[:200]).values_list(
            "vulnerability_id", flat=True
        )
    )
    query = Finding.objects.filter(status=Finding.Status.OPEN, vulnerability_id__in=ids)
    total = query.count()
    rows = query.select_related("release__product", "release__summary").order_by(
        "release__product__name",
        "release__product_id",
        "-release__release_date",
        "release_id",
        "component_name",
        "pk",
    )[page.offset : page.offset + page.limit]
    return Page(tuple(_view(row) for row in rows), total, page)


def count_new(release_pk: int) -> int:
    """Open findings of the release flagged new (not open at its baseline scan)."""
    return Finding.objects.filter(
        release_id=release_pk, status=Finding.Status.OPEN, new=True
    ).count()


def scan_history(release_pks: Collection[int]) -> list[tuple[int, datetime, int]]:
    """(release, when, findings) of every kept scan of these releases, oldest first."""
    rows = Scan.objects.filter(release_id__in=release_pks).order_by("at", "pk")
    return [
        (row.release_id, row.at, row.findings) for row in rows.only("release_id", "at", "findings")
    ]
