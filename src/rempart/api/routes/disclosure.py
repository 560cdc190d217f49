"""Vulnerability disclosure over the API: the public intake and the team's queue (api layer).

``/public/...`` operations need no credentials on purpose (Annex I Part II point (6),
``AI-P2-6``). Spam resistance there: fetch a signed token first (``GET /public/reports/token``),
wait at least two seconds, send it once with the report; plus the per-address rate limit.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from rempart.api.auth import context, public_context
from rempart.api.schemas.common import PageOut, ProblemOut, page_request
from rempart.core.client_address import client_address_of
from rempart.core.disclosure import form_token
from rempart.core.disclosure import reports as limits
from rempart.core.disclosure.reports import Submission
from rempart.core.paging import page_of
from rempart.core.request_limits import PUBLIC_REQUEST_MAX_BYTES
from rempart.services.disclosure import settings as disclosure
from rempart.services.disclosure import vulnerability_reports
from rempart.services.disclosure.vulnerability_reports import (
    PublicStatus,
    ReportView,
    TooManyReports,
)

public_router = Router(tags=["vulnerability intake (public)"])
router = Router(tags=["vulnerability reports"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}
MAX_BODY = PUBLIC_REQUEST_MAX_BYTES  # also refused unread by the body-limit middleware


def _secret() -> bytes:
    return str(settings.SECRET_KEY).encode()


def _problem(status: int, title: str, detail: str) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


class PublicProductOut(Schema):
    slug: str
    name: str


class TokenOut(Schema):
    token: str
    not_before_seconds: int
    valid_seconds: int


class ReportIn(Schema):
    product: str = Field(..., max_length=80)
    summary: str = Field(..., max_length=limits.MAX_SUMMARY)
    details: str = Field(..., max_length=limits.MAX_DETAILS)
    affected_versions: str = Field("", max_length=limits.MAX_VERSIONS)
    reporter_contact: str = Field("", max_length=limits.MAX_CONTACT)
    wants_credit: bool = False
    form_token: str = Field(..., max_length=200)


class ReceiptOut(Schema):
    reference: str
    status: str
    status_url: str


class PublicStatusOut(Schema):
    reference: str
    product: str
    summary: str
    status: str
    label: str
    decision: str
    received_at: datetime
    acknowledged_at: datetime | None
    decided_at: datetime | None


@public_router.get(
    "/products", response=list[PublicProductOut], auth=None, summary="Products open to reports"
)
def public_products(request: HttpRequest) -> list[PublicProductOut]:  # noqa: ARG001
    found = disclosure.published_products(public_context())
    return [PublicProductOut(slug=p.slug, name=p.name) for p in found]


@public_router.get("/reports/token", response=TokenOut, auth=None, summary="A token for one report")
def report_token(request: HttpRequest) -> TokenOut:  # noqa: ARG001
    token = vulnerability_reports.issue_form_token(public_context(), _secret())
    return TokenOut(
        token=token,
        not_before_seconds=int(form_token.MIN_AGE.total_seconds()),
        valid_seconds=int(form_token.MAX_AGE.total_seconds()),
    )


@public_router.post(
    "/reports",
    response={201: ReceiptOut, 409: ProblemOut, 413: ProblemOut, 422: ProblemOut, 429: ProblemOut},
    auth=None,
    summary="Report a vulnerability (no account needed)",
)
def submit(request: HttpRequest, payload: ReportIn) -> Status[ReceiptOut] | HttpResponse:
    if len(request.body) > MAX_BODY:
        return _problem(413, "Too large", "a report may be 64 KiB at most")
    try:
        report = vulnerability_reports.submit_report(
            public_context(),
            Submission(
                payload.product,
                payload.summary,
                payload.details,
                payload.affected_versions,
                payload.reporter_contact,
                payload.wants_credit,
            ),
            token=payload.form_token,
            secret=_secret(),
            client=client_address_of(request.META, settings.SERVICE_SETTINGS.trusted_proxies),
            channel="api",
        )
    except TooManyReports as error:
        response = _problem(429, "Too many requests", error.message)
        response["Retry-After"] = "3600"
        return response
    return Status(
        201,
        ReceiptOut(
            reference=report.reference,
            status=report.status,
            status_url=f"/report/status/{report.reference}/",
        ),
    )


def _public_out(value: PublicStatus) -> PublicStatusOut:
    return PublicStatusOut(
        reference=value.reference,
        product=value.product_name,
        summary=value.summary,
        status=value.status,
        label=value.label,
        decision=value.decision,
        received_at=value.received_at,
        acknowledged_at=value.acknowledged_at,
        decided_at=value.decided_at,
    )


@public_router.get(
    "/reports/{reference}",
    response={200: PublicStatusOut, 404: ProblemOut, 422: ProblemOut},
    auth=None,
    summary="The status of a report, by its tracking reference",
)
def public_status(request: HttpRequest, reference: str) -> PublicStatusOut:  # noqa: ARG001
    return _public_out(vulnerability_reports.public_status(public_context(), reference))


class NoteOut(Schema):
    author: str
    text: str
    created_at: datetime


class LinkedFindingOut(Schema):
    id: int
    vulnerability_id: str
    release: str
    component: str
    severity: str


class ReportOut(Schema):
    reference: str
    product: str
    product_name: str
    summary: str
    details: str
    affected_versions: str
    reporter_contact: str
    wants_credit: bool
    channel: str
    status: str
    decision: str
    received_at: datetime
    acknowledged_at: datetime | None
    decided_at: datetime | None
    notes: list[NoteOut]
    findings: list[LinkedFindingOut]


def report_out(view: ReportView) -> ReportOut:
    return ReportOut(
        reference=view.reference,
        product=view.product_slug,
        product_name=view.product_name,
        summary=view.summary,
        details=view.details,
        affected_versions=view.affected_versions,
        reporter_contact=view.reporter_contact,
        wants_credit=view.wants_credit,
        channel=view.channel,
        status=view.status,
        decision=view.decision,
        received_at=view.received_at,
        acknowledged_at=view.acknowledged_at,
        decided_at=view.decided_at,
        notes=[NoteOut(author=n.author, text=n.text, created_at=n.created_at) for n in view.notes],
        findings=[
            LinkedFindingOut(
                id=f.id,
                vulnerability_id=f.vulnerability_id,
                release=f.release_version,
                component=f.component_name,
                severity=f.severity,
            )
            for f in view.findings
        ],
    )


@router.get("", response={200: PageOut[ReportOut], **ERRORS}, summary="The team's queue, one page")
def list_reports(
    request: HttpRequest,
    status: str | None = None,
    product: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> PageOut[ReportOut]:
    found = vulnerability_reports.list_reports(context(request), status, product)
    page = page_of(found, page_request(offset, limit))
    return PageOut[ReportOut].of(page, [report_out(r) for r in page])


@router.get("/{reference}", response={200: ReportOut, **ERRORS}, summary="One report")
def get_report(request: HttpRequest, reference: str) -> ReportOut:
    return report_out(vulnerability_reports.get_report(context(request), reference))


@router.post("/{reference}/acknowledge", response={200: ReportOut, **ERRORS})
def acknowledge(request: HttpRequest, reference: str) -> ReportOut:
    return report_out(vulnerability_reports.acknowledge(context(request), reference))


class StatusIn(Schema):
    status: str = Field(..., max_length=20)
    decision: str = Field("", max_length=limits.MAX_DECISION)


@router.post("/{reference}/status", response={200: ReportOut, **ERRORS}, summary="Triage")
def change_status(request: HttpRequest, reference: str, payload: StatusIn) -> ReportOut:
    return report_out(
        vulnerability_reports.change_status(
            context(request), reference, payload.status, payload.decision
        )
    )


class NoteIn(Schema):
    text: str = Field(..., max_length=limits.MAX_NOTE)


@router.post("/{reference}/notes", response={200: ReportOut, **ERRORS}, summary="Internal note")
def add_note(request: HttpRequest, reference: str, payload: NoteIn) -> ReportOut:
    return report_out(vulnerability_reports.add_note(context(request), reference, payload.text))


class LinkIn(Schema):
    finding_ids: list[int] = Field(..., max_length=100)


@router.post("/{reference}/findings", response={200: ReportOut, **ERRORS}, summary="Link findings")
def link_findings(request: HttpRequest, reference: str, payload: LinkIn) -> ReportOut:
    return report_out(
        vulnerability_reports.link_findings(context(request), reference, payload.finding_ids)
    )
