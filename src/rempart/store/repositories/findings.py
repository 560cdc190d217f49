"""Findings and scans of releases: core results ↔ stored rows."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from rempart.core.clock import iso
from rempart.core.finding import Finding as CoreFinding
from rempart.core.matching import ScanResult
from rempart.store.models import Finding, Scan


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
        last_seen=row.last_seen,
        new=row.new,
    )


def _values(finding: CoreFinding) -> dict[str, Any]:
    vulnerability = finding.vulnerability
    worst = vulnerability.worst_severity
    release = finding.package.release
    return {
        "aliases": list(vulnerability.aliases),
        "summary": (vulnerability.summary or vulnerability.details[:300])[:2000],
        "severity": vulnerability.severity_label.value,
        "score": worst.score if worst is not None else None,
        "fixed_versions": list(finding.fixed_versions),
        "component_name": finding.component.name[:1000],
        "component_version": (finding.component.version or "")[:300],
        "component_purl": (finding.component.purl or "")[:2000],
        "ecosystem": f"{finding.package.ecosystem}:{release}"
        if release
        else finding.package.ecosystem,
        "package": finding.package.name[:1000],
        "known_exploited": finding.known_exploited.kev,
        "kev_date_added": finding.known_exploited.date_added,
        "kev_due_date": finding.known_exploited.due_date,
        "epss": finding.epss.score if finding.epss else None,
        "epss_percentile": finding.epss.percentile if finding.epss else None,
        "match_basis": {
            "basis": finding.basis.value,
            "version": finding.version,
            "range": str(finding.matched_range) if finding.matched_range else None,
            "legacy_ordering": finding.legacy_ordering,
        },
    }


def store_findings(
    release_pk: int,
    found: Sequence[CoreFinding],
    now: datetime,
    only: Collection[tuple[str, str]] | None,
) -> tuple[int, int]:
    """Upsert a release's findings (``only``: just these packages); return (new, resolved)."""
    existing_query = Finding.objects.filter(release_id=release_pk)
    if only is not None:
        condition = Q()
        for ecosystem, package in only:
            condition |= Q(ecosystem=ecosystem, package=package)
        existing_query = existing_query.filter(condition)
    existing = {(row.vulnerability_id, row.component_bom_ref): row for row in existing_query}
    seen: set[tuple[str, str]] = set()
    created: list[Finding] = []
    updated: list[Finding] = []
    for finding in found:
        key = (finding.vulnerability.id, finding.component.bom_ref)
        if key in seen:
            continue
        seen.add(key)
        values = _values(finding)
        row = existing.get(key)
        if row is None:
            created.append(
                Finding(
                    release_id=release_pk,
                    vulnerability_id=key[0],
                    component_bom_ref=key[1][:1000],
                    first_seen=now,
                    last_seen=now,
                    new=True,
                    status=Finding.Status.OPEN,
                    **values,
                )
            )
            continue
        for name, value in values.items():
            setattr(row, name, value)
        row.new = row.status == Finding.Status.RESOLVED  # a reappearing finding is new again
        row.status, row.last_seen, row.resolved_at = Finding.Status.OPEN, now, None
        updated.append(row)
    gone = [
        row
        for key, row in existing.items()
        if key not in seen and row.status == Finding.Status.OPEN
    ]
    for row in gone:
        row.status, row.resolved_at, row.new = Finding.Status.RESOLVED, now, False
    Finding.objects.bulk_create(created, batch_size=1000)
    fields = [*_values_fields(), "new", "status", "last_seen", "resolved_at"]
    Finding.objects.bulk_update(updated, fields, batch_size=1000)
    Finding.objects.bulk_update(gone, ["status", "resolved_at", "new"], batch_size=1000)
    return len(created), len(gone)


def _values_fields() -> list[str]:
    return [
        "aliases",
        "summary",
        "severity",
        "score",
        "fixed_versions",
        "component_name",
        "component_version",
        "component_purl",
        "ecosystem",
        "package",
        "known_exploited",
        "kev_date_added",
        "kev_due_date",
        "epss",
        "epss_percentile",
        "match_basis",
    ]


def store_scan(
    release_pk: int, result: ScanResult, now: datetime, trigger: str, new: int, outcome: str
) -> ScanView:
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
        findings=len(result.findings),
        new_findings=new,
        outcome=outcome,
    )
    return _scan_view(row)


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
    query = Finding.objects.select_related("release__product").filter(release_id=release_pk)
    if not include_resolved:
        query = query.filter(status=Finding.Status.OPEN)
    return [_view(row) for row in _ordered(query)]


def by_vulnerability(vulnerability_id: str) -> list[FindingView]:
    """Open findings whose id or any alias equals ``vulnerability_id`` (case-insensitive)."""
    wanted = vulnerability_id.upper()
    query = Finding.objects.select_related("release__product").filter(status=Finding.Status.OPEN)
    matches = [
        row
        for row in query.filter(Q(vulnerability_id__iexact=wanted) | Q(aliases__icontains=wanted))
        if row.vulnerability_id.upper() == wanted or wanted in (a.upper() for a in row.aliases)
    ]
    return [_view(row) for row in matches]


def open_counts(release_pks: Collection[int]) -> dict[int, dict[str, int]]:
    """release -> {"open": n, "kev": n, "critical": n} for the product list."""
    counts: dict[int, dict[str, int]] = {}
    rows = Finding.objects.filter(
        release_id__in=list(release_pks), status=Finding.Status.OPEN
    ).values_list("release_id", "known_exploited", "severity")
    for release_pk, kev, severity in rows:
        entry = counts.setdefault(release_pk, {"open": 0, "kev": 0, "critical": 0})
        entry["open"] += 1
        entry["kev"] += int(kev)
        entry["critical"] += int(severity == "critical")
    return counts


def latest_outcomes(release_pks: Collection[int]) -> dict[int, str]:
    """release -> outcome of its latest scan (``findings``, ``clean``, ``not-assessed``)."""
    outcomes: dict[int, str] = {}
    rows = Scan.objects.filter(release_id__in=list(release_pks)).order_by(
        "release_id", "-at", "-pk"
    )
    for release_pk, outcome in rows.values_list("release_id", "outcome"):
        outcomes.setdefault(release_pk, outcome)
    return outcomes
