"""Findings, scans and where a vulnerability is (api layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from rempart.api.auth import context
from rempart.api.schemas.common import PageOut, ProblemOut, page_request
from rempart.services.products import register as products
from rempart.services.vulnerabilities import advisories, scanning, workbench
from rempart.services.vulnerabilities.scanning import ScanView
from rempart.services.vulnerabilities.workbench import FindingPage, FindingQuery, FindingRow

router = Router(tags=["vulnerabilities"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class FindingOut(Schema):
    id: int = Field(
        description="The finding's id: /api/v1/findings/{id} and the triage endpoints take it"
    )
    product: str
    release: str
    vulnerability_id: str
    aliases: list[str]
    summary: str
    severity: str = Field(
        description="critical | high | medium | low | none | unknown (resolved by tier)"
    )
    score: float | None
    severity_source: str = Field(description="where the severity comes from; empty when unknown")
    exploitation: str = Field(description="CISA SSVC Exploitation: active | poc | none, or empty")
    fixed_versions: list[str]
    component: dict[str, str]
    known_exploited: dict[str, Any]
    epss: dict[str, float] | None
    status: str = Field(description="open, or resolved when a later scan no longer matches it")
    new: bool
    first_seen: datetime
    last_seen: datetime
    triage: dict[str, Any] = Field(description="state, justification, origin of the decision")
    assignee: str
    due_at: datetime | None


class FindingPageOut(Schema):
    items: list[FindingOut]
    total: int
    page: int
    pages: int
    per_page: int
    counts: dict[str, int] = Field(description="findings by severity over the whole filter")


class ScanOut(Schema):
    at: datetime
    trigger: str
    outcome: str
    components: int
    identified: int
    findings: int
    new_findings: int
    not_assessed_count: int
    not_assessed: list[dict[str, Any]]
    sources: list[dict[str, Any]]


class SourceOut(Schema):
    name: str
    kind: str
    records: int
    retrieved_at: datetime
    newest_modified: datetime | None
    as_of: datetime | None = Field(
        description="The data's own date (newest record modified, KEV dateReleased, EPSS "
        "score_date): freshness is judged on it, never on when it was retrieved"
    )
    as_of_basis: str = Field(description="data, or retrieval for records that carry no date")
    version: str
    location: str


def finding_out(view: FindingRow) -> FindingOut:
    kev: dict[str, Any] = {
        "kev": view.known_exploited,
        "date_added": view.kev_date_added,
        "due_date": view.kev_due_date,
    }
    epss = (
        {"score": view.epss, "percentile": view.epss_percentile or 0.0}
        if view.epss is not None
        else None
    )
    return FindingOut(
        id=view.id,
        product=view.product_slug,
        release=view.release_version,
        vulnerability_id=view.vulnerability_id,
        aliases=list(view.aliases),
        summary=view.summary,
        severity=view.severity,
        score=view.score,
        severity_source=view.severity_source,
        exploitation=view.exploitation,
        fixed_versions=list(view.fixed_versions),
        component={
            "bom_ref": view.component_bom_ref,
            "name": view.component_name,
            "version": view.component_version,
            "purl": view.component_purl,
        },
        known_exploited=kev,
        epss=epss,
        status=view.status,
        new=view.new,
        first_seen=view.first_seen,
        last_seen=view.last_seen,
        triage={
            "state": view.state,
            "justification": view.justification or None,
            "origin": view.decision_origin or None,
            "origin_detail": view.decision_detail or None,
        },
        assignee=view.assignee,
        due_at=view.due_at,
    )


def page_out(page: FindingPage) -> FindingPageOut:
    return FindingPageOut(
        items=[finding_out(r) for r in page.rows],
        total=page.total,
        page=page.page,
        pages=page.pages,
        per_page=page.per_page,
        counts=page.counts,
    )


class FindingFilters(Schema):
    """Workbench filters (every one optional); ``severity`` and ``state`` repeat."""

    severity: list[str] = Field(default_factory=list)
    state: list[str] = Field(default_factory=list)
    exploited: bool = False
    kev: bool = False
    epss_min: float | None = None
    fix_available: bool | None = None
    component: str = ""
    vulnerability: str = ""
    min_age_days: int | None = None
    max_age_days: int | None = None
    overdue: bool = False
    assignee: str = Field("", description="a username, or '-' for unassigned")
    include_resolved: bool = False
    sort: str = Field(
        "priority",
        description="priority | severity | epss | age | due | component | vulnerability | state",
    )
    descending: bool = False
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=500)

    def query(self, product: str | None = None, release: str | None = None) -> FindingQuery:
        return FindingQuery(
            product_slug=product,
            release_version=release,
            severities=tuple(self.severity),
            exploited=self.exploited,
            kev=self.kev,
            epss_min=self.epss_min,
            fix_available=self.fix_available,
            states=tuple(self.state),
            component=self.component,
            vulnerability=self.vulnerability,
            min_age_days=self.min_age_days,
            max_age_days=self.max_age_days,
            overdue=self.overdue,
            assignee=self.assignee,
            include_resolved=self.include_resolved,
            sort=self.sort if self.sort in workbench.SORTS else "priority",
            descending=self.descending,
            page=self.page,
            per_page=self.per_page,
        )


def scan_out(view: ScanView) -> ScanOut:
    return ScanOut(
        at=view.at,
        trigger=view.trigger,
        outcome=view.outcome,
        components=view.components,
        identified=view.identified,
        findings=view.findings,
        new_findings=view.new_findings,
        not_assessed_count=view.not_assessed_count,
        not_assessed=list(view.not_assessed),
        sources=list(view.sources),
    )


@router.get(
    "/products/{slug}/releases/{version}/findings",
    response={200: FindingPageOut, **ERRORS},
    summary="A release's findings: filtered, sorted, one page",
)
def release_findings(
    request: HttpRequest, slug: str, version: str, filters: Query[FindingFilters]
) -> FindingPageOut:
    ctx = context(request)
    products.get_product(ctx, slug)  # 404 for an unknown product
    return page_out(workbench.find(ctx, filters.query(slug, version)))


@router.get(
    "/products/{slug}/findings",
    response={200: FindingPageOut, **ERRORS},
    summary="A product's findings across its releases: filtered, sorted, one page",
)
def product_findings(
    request: HttpRequest, slug: str, filters: Query[FindingFilters]
) -> FindingPageOut:
    ctx = context(request)
    products.get_product(ctx, slug)
    return page_out(workbench.find(ctx, filters.query(slug)))


@router.get(
    "/findings",
    response={200: FindingPageOut, **ERRORS},
    summary="The portfolio's findings: filtered, sorted, one page",
)
def all_findings(
    request: HttpRequest,
    filters: Query[FindingFilters],
    product: str | None = None,
    release: str | None = None,
) -> FindingPageOut:
    return page_out(workbench.find(context(request), filters.query(product, release)))


@router.post(
    "/products/{slug}/releases/{version}/scan",
    response={200: ScanOut, **ERRORS},
    summary="Scan a release now",
)
def scan_release(request: HttpRequest, slug: str, version: str) -> ScanOut:
    return scan_out(scanning.scan_release(context(request), slug, version, "api"))


@router.get(
    "/products/{slug}/releases/{version}/scan",
    response={200: ScanOut | None, **ERRORS},
    summary="The latest scan's coverage",
)
def latest_scan(request: HttpRequest, slug: str, version: str) -> ScanOut | None:
    found = scanning.latest_scan(context(request), slug, version)
    return scan_out(found) if found else None


@router.get(
    "/vulnerabilities/{vulnerability_id}/findings",
    response={200: PageOut[FindingOut], **ERRORS},
    summary="Which products contain a vulnerability (by id or alias), one page",
)
def where_is(
    request: HttpRequest, vulnerability_id: str, offset: int = 0, limit: int = 50
) -> PageOut[FindingOut]:
    ctx = context(request)
    page = scanning.where_is(ctx, vulnerability_id, page_request(offset, limit))
    ids = tuple(f.id for f in page)
    rows = workbench.find(ctx, FindingQuery(finding_ids=ids, per_page=500)).rows if ids else []
    by_id = {row.id: row for row in rows}
    return PageOut[FindingOut].of(page, [finding_out(by_id[i]) for i in ids if i in by_id])


@router.get(
    "/advisory-sources",
    response={200: list[SourceOut], **ERRORS},
    summary="Advisory data and its freshness",
)
def sources(request: HttpRequest) -> list[SourceOut]:
    return [
        SourceOut(
            name=s.name,
            kind=s.kind,
            records=s.record_count,
            retrieved_at=s.retrieved_at,
            newest_modified=s.newest_modified,
            as_of=s.as_of,
            as_of_basis=s.as_of_basis,
            version=s.version,
            location=s.location,
        )
        for s in advisories.list_sources(context(request))
    ]
