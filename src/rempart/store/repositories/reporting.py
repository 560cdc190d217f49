"""Reporting cases, stages, CSIRT requests and settings: rows in, plain values out (store layer)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Max, Q

from rempart.core.reporting.clocks import IntermediateRequest
from rempart.store.models import (
    CaseStage,
    CsirtRequest,
    Finding,
    KevEntry,
    Product,
    Release,
    ReportingCase,
    ReportingSettings,
)

CASE_FIELDS = (
    "kind", "status", "title", "summary", "vulnerability_id", "aliases", "severity",
    "fixed_versions", "known_exploited", "source", "source_ref", "detected_at", "aware_at",
    "aware_reason", "confirmed_by", "dismissed_reason", "measure_available_at",
    "measure_description", "member_states",
)  # fmt: skip
SETTINGS_FIELDS = (
    "csirt_name", "csirt_endpoint", "main_establishment_basis", "main_establishment_country",
    "authorised_representative_country", "importer_country", "distributor_country",
    "most_users_country", "default_member_states",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class StageRecord:
    key: str
    values: dict[str, Any]
    submitted_at: datetime | None
    submitted_by: str
    platform_reference: str
    snapshot: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class LinkedFinding:
    """A finding a case covers, as the case page and the reports name it."""

    id: int
    product_slug: str
    release_version: str
    vulnerability_id: str
    component: str  # name and version
    severity: str
    known_exploited: bool
    status: str


@dataclass(frozen=True, slots=True)
class LinkedReport:
    """A vulnerability report (CVD) a case covers."""

    reference: str
    product_slug: str
    summary: str
    status: str


@dataclass(frozen=True, slots=True)
class CaseView:
    id: int
    reference: str
    kind: str
    status: str
    title: str
    summary: str
    vulnerability_id: str
    aliases: tuple[str, ...]
    severity: str
    fixed_versions: tuple[str, ...]
    known_exploited: str
    source: str
    source_ref: str
    detected_at: datetime
    aware_at: datetime | None
    aware_reason: str
    confirmed_by: str
    dismissed_reason: str
    measure_available_at: datetime | None
    measure_description: str
    member_states: tuple[str, ...]
    products: tuple[tuple[str, str], ...]  # (slug, name)
    releases: tuple[tuple[str, str], ...]  # (product slug, version)
    created_at: datetime
    updated_at: datetime
    stages: dict[str, StageRecord] = field(default_factory=dict)
    requests: tuple[IntermediateRequest, ...] = ()
    findings: tuple[LinkedFinding, ...] = ()
    vulnerability_reports: tuple[LinkedReport, ...] = ()
    # (product slug, version) -> the release's end of support (Art. 14(1) has no support
    # limit: a case names releases whose support ended, and says so).
    end_of_support: dict[tuple[str, str], date | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class KevCandidate:
    """An open finding of a released release whose vulnerability KEV lists."""

    cve_id: str
    kev_date_added: date
    vulnerability_id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str
    fixed_versions: tuple[str, ...]
    product_id: int
    release_id: int
    finding_id: int = 0


def linked_finding(row: Finding) -> LinkedFinding:
    component = f"{row.component_name} {row.component_version}".strip()
    return LinkedFinding(
        row.pk, row.release.product.slug, row.release.version, row.vulnerability_id, component,
        row.severity, row.known_exploited, row.status,
    )  # fmt: skip


def _view(row: ReportingCase) -> CaseView:
    stages = {
        s.key: StageRecord(
            s.key, dict(s.values), s.submitted_at, s.submitted_by, s.platform_reference, s.snapshot
        )
        for s in row.stages.all()
    }
    requests = tuple(
        IntermediateRequest(r.number, r.requested_at, r.due_at) for r in row.csirt_requests.all()
    )
    linked = list(row.releases.all())
    releases = sorted((r.product.slug, r.version) for r in linked)
    return CaseView(
        id=row.pk,
        reference=row.reference,
        **{
            name: getattr(row, name)
            for name in CASE_FIELDS
            if name not in ("aliases", "fixed_versions", "member_states")
        },
        aliases=tuple(row.aliases),
        fixed_versions=tuple(row.fixed_versions),
        member_states=tuple(row.member_states),
        products=tuple(sorted((p.slug, p.name) for p in row.products.all())),
        releases=tuple(releases),
        created_at=row.created_at,
        updated_at=row.updated_at,
        stages=stages,
        requests=requests,
        findings=tuple(
            sorted(
                (linked_finding(f) for f in row.findings.all()),
                key=lambda f: (f.product_slug, f.release_version, f.vulnerability_id, f.id),
            )
        ),
        vulnerability_reports=tuple(
            LinkedReport(r.reference, r.product.slug, r.summary, r.status)
            for r in sorted(row.vulnerability_reports.all(), key=lambda r: r.reference)
        ),
        end_of_support={(r.product.slug, r.version): r.end_of_support for r in linked},
    )


def _query() -> Any:
    return ReportingCase.objects.prefetch_related(
        "products",
        "releases__product",
        "stages",
        "csirt_requests",
        "findings__release__product",
        "vulnerability_reports__product",
    )


def get(reference: str, for_update: bool = False) -> CaseView | None:
    if for_update:
        # Lock the case row alone; the related rows are read after the lock is held.
        if not ReportingCase.objects.select_for_update().filter(reference=reference).exists():
            return None
    row = _query().filter(reference=reference).first()
    return _view(row) if row else None


def list_cases(
    statuses: Iterable[str] | None = None, product_slug: str | None = None
) -> list[CaseView]:
    query = _query()
    if statuses is not None:
        query = query.filter(status__in=list(statuses))
    if product_slug is not None:
        query = query.filter(products__slug=product_slug).distinct()
    return [_view(row) for row in query]


def count() -> int:
    return ReportingCase.objects.count()


def next_number(year: int) -> int:
    prefix = f"CASE-{year:04d}-"
    last = ReportingCase.objects.filter(reference__startswith=prefix).aggregate(m=Max("reference"))[
        "m"
    ]
    return int(last.removeprefix(prefix)) + 1 if last else 1


def create(
    reference: str,
    fields: Mapping[str, object],
    product_ids: Iterable[int],
    release_ids: Iterable[int],
    now: datetime,
) -> CaseView:
    row = ReportingCase.objects.create(
        reference=reference, created_at=now, updated_at=now, **fields
    )
    row.products.set(list(product_ids))
    row.releases.set(list(release_ids))
    view = get(reference)
    assert view is not None  # noqa: S101 - just created in this transaction
    return view


def update(reference: str, fields: Mapping[str, object], now: datetime) -> CaseView:
    ReportingCase.objects.filter(reference=reference).update(updated_at=now, **fields)
    view = get(reference)
    assert view is not None  # noqa: S101 - callers hold the case
    return view


def link(reference: str, product_ids: Iterable[int], release_ids: Iterable[int]) -> None:
    row = ReportingCase.objects.get(reference=reference)
    row.products.add(*product_ids)
    row.releases.add(*release_ids)


def link_findings(reference: str, finding_ids: Iterable[int]) -> None:
    ReportingCase.objects.get(reference=reference).findings.add(*finding_ids)


def unlink(reference: str, release_ids: Iterable[int], finding_ids: Iterable[int]) -> None:
    row = ReportingCase.objects.get(reference=reference)
    row.releases.remove(*release_ids)
    row.findings.remove(*finding_ids)


def cases_for_finding(finding_id: int) -> list[CaseView]:
    return [_view(row) for row in _query().filter(findings__pk=finding_id).distinct()]


def open_case_for_vulnerability(names: Iterable[str], product_id: int) -> str | None:
    """A proposed or open vulnerability case of the product about one of ``names``."""
    row = (
        ReportingCase.objects.filter(
            kind="vulnerability",
            status__in=("proposed", "open"),
            vulnerability_id__in=list(names),
            products__pk=product_id,
        )
        .order_by("created_at", "pk")
        .first()
    )
    return row.reference if row else None


def ssvc_candidates() -> list[KevCandidate]:
    """Open findings in released releases whose CVE CISA rates "Exploitation: active".

    As for KEV, the end of support does not matter (Art. 14(1)). The KEV date field carries
    the SSVC decision's date.
    """
    from rempart.store.models import VulnerabilityEnrichment

    active = {
        row.vulnerability_id: row
        for row in VulnerabilityEnrichment.objects.filter(exploitation="active")
    }
    if not active:
        return []
    rows = (
        Finding.objects.filter(
            status=Finding.Status.OPEN,
            release__status=Release.Status.RELEASED,
            vulnerability_id__in=list(active),
        )
        .select_related("release")
        .order_by("pk")
    )
    found: list[KevCandidate] = []
    for row in rows.iterator():
        enrichment = active[row.vulnerability_id]
        cve_id = enrichment.exploitation_source or row.vulnerability_id
        found.append(
            KevCandidate(
                cve_id, enrichment.updated_at.date(), row.vulnerability_id, tuple(row.aliases),
                row.summary, enrichment.severity, tuple(row.fixed_versions),
                row.release.product_id, row.release_id, row.pk,
            )
        )  # fmt: skip
    return found


def exploitation_case_for(vulnerability_ids: Iterable[str]) -> str | None:
    """The case proposed from KEV or SSVC for one of these ids, if any."""
    row = ReportingCase.objects.filter(
        source__in=("kev-finding", "ssvc-finding"), vulnerability_id__in=list(vulnerability_ids)
    ).first()
    return row.reference if row else None


def kev_case_for(vulnerability_ids: Iterable[str]) -> str | None:
    row = ReportingCase.objects.filter(
        source="kev-finding", vulnerability_id__in=list(vulnerability_ids)
    ).first()
    return row.reference if row else None


def kev_candidates() -> list[KevCandidate]:
    """Open findings in released releases whose ID or alias KEV lists.

    Whether the release's support has ended does not matter: Art. 14(1) notifies every
    actively exploited vulnerability in a product made available on the market. Reads only
    the open, known-exploited findings (a partial index holds just those), so the cost follows
    the exploited findings, not the size of the portfolio.
    """
    kev = {row.cve_id.upper(): row.date_added for row in KevEntry.objects.all()}
    rows = (
        Finding.objects.filter(
            status=Finding.Status.OPEN,
            known_exploited=True,
            release__status=Release.Status.RELEASED,
        )
        .select_related("release")
        .order_by("pk")
    )
    found: list[KevCandidate] = []
    for row in rows.iterator():
        names = [row.vulnerability_id, *row.aliases]
        listed = next((n.upper() for n in names if n.upper() in kev), None)
        if listed is None:
            continue
        found.append(
            KevCandidate(
                listed, kev[listed], row.vulnerability_id, tuple(row.aliases), row.summary,
                row.severity, tuple(row.fixed_versions), row.release.product_id, row.release_id,
                row.pk,
            )
        )  # fmt: skip
    return found


def product_ids(slugs: Iterable[str]) -> dict[str, int]:
    return dict(Product.objects.filter(slug__in=list(slugs)).values_list("slug", "pk"))


def release_ids(refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(slug, version) -> (release id, product id) for the releases that exist."""
    wanted = set(refs)
    condition = Q()
    for slug, version in wanted:
        condition |= Q(product__slug=slug, version=version)
    if not wanted:
        return {}
    return {
        (slug, version): (pk, product_pk)
        for pk, product_pk, slug, version in Release.objects.filter(condition).values_list(
            "pk", "product_id", "product__slug", "version"
        )
    }


def save_stage(
    case_id: int,
    key: str,
    values: Mapping[str, Any],
    now: datetime,
    submission: Mapping[str, Any] | None = None,
) -> None:
    defaults: dict[str, Any] = {"values": dict(values), "updated_at": now, **(submission or {})}
    CaseStage.objects.update_or_create(case_id=case_id, key=key, defaults=defaults)


def add_request(case_id: int, requested_at: datetime, due_at: datetime | None, note: str) -> int:
    last = CsirtRequest.objects.filter(case_id=case_id).aggregate(m=Max("number"))["m"] or 0
    CsirtRequest.objects.create(
        case_id=case_id, number=last + 1, requested_at=requested_at, due_at=due_at, note=note
    )
    return int(last) + 1


def settings_of(organization_id: int) -> dict[str, Any]:
    row = ReportingSettings.objects.filter(organization_id=organization_id).first()
    if row is None:
        return {name: [] if name == "default_member_states" else "" for name in SETTINGS_FIELDS}
    return {name: getattr(row, name) for name in SETTINGS_FIELDS}


def save_settings(organization_id: int, values: Mapping[str, Any], now: datetime) -> None:
    ReportingSettings.objects.update_or_create(
        organization_id=organization_id, defaults={**values, "updated_at": now}
    )
