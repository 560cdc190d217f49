"""Findings, scans and where a vulnerability is (api layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from rempart.api.auth import context
from rempart.api.schemas.common import PageOut, ProblemOut, page_request
from rempart.services.vulnerabilities import advisories, scanning
from rempart.services.vulnerabilities.scanning import FindingView, ScanView

router = Router(tags=["vulnerabilities"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class FindingOut(Schema):
    product: str
    release: str
    vulnerability_id: str
    aliases: list[str]
    summary: str
    severity: str
    score: float | None
    fixed_versions: list[str]
    component: dict[str, str]
    known_exploited: dict[str, Any]
    epss: dict[str, float] | None
    status: str
    new: bool
    first_seen: datetime
    last_seen: datetime


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
    version: str
    location: str


def finding_out(view: FindingView) -> FindingOut:
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
        product=view.product_slug,
        release=view.release_version,
        vulnerability_id=view.vulnerability_id,
        aliases=list(view.aliases),
        summary=view.summary,
        severity=view.severity,
        score=view.score,
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
    response={200: list[FindingOut], **ERRORS},
    summary="A release's open findings",
)
def release_findings(
    request: HttpRequest, slug: str, version: str, include_resolved: bool = False
) -> list[FindingOut]:
    return [
        finding_out(f)
        for f in scanning.release_findings(context(request), slug, version, include_resolved)
    ]


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
    page = scanning.where_is(context(request), vulnerability_id, page_request(offset, limit))
    return PageOut[FindingOut].of(page, [finding_out(f) for f in page])


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
            version=s.version,
            location=s.location,
        )
        for s in advisories.list_sources(context(request))
    ]
