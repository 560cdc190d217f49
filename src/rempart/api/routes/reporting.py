"""/api/v1/cases: Art. 14 reporting cases, clocks, reports and exports (api layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from rempart.api.auth import context
from rempart.api.schemas.common import PageOut, ProblemOut, page_request
from rempart.core.paging import page_of
from rempart.core.reporting.case import CaseDraft, ReleaseRef
from rempart.services.accounts import users
from rempart.services.reporting import cases as reporting
from rempart.services.reporting import proposals
from rempart.services.reporting import reports as reporting_reports
from rempart.services.reporting.views import case_dict

# Every time the API accepts names its zone: an offset is required (a time without one is
# refused, never guessed). Answers give times in UTC, to the second.
OFFSET = "ISO 8601 with an offset, e.g. 2026-12-05T10:30:00+01:00 or 2026-12-05T09:30:00Z"

router = Router(tags=["reporting"])
ERRORS = {400: ProblemOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}  # fmt: skip


class StageOut(Schema):
    key: str
    label: str
    rule: str
    citations: list[str]
    state: str
    anchor: str
    anchor_at: str | None
    due_at: str | None
    later_due_at: str | None
    later_label: str | None
    countdown: str | None
    waiting_for: str | None
    anchor_rule: str | None = Field(
        None, description="A case note id when the clock does not start at the plain event"
    )
    submitted_at: str | None
    platform_reference: str | None


class CaseNoteOut(Schema):
    id: str = Field(description="measure-before-awareness | awareness-before-art14 | support-ended")
    text: str
    citation: str
    detail: str | None


class CaseReleaseOut(Schema):
    product: str
    product_name: str
    version: str
    end_of_support: str | None
    support_ended: bool = Field(
        description="Art. 14(1) has no support-period limit: reported all the same"
    )


class CaseOut(Schema):
    reference: str
    kind: str
    status: str
    title: str
    summary: str
    vulnerability_id: str | None
    aliases: list[str]
    severity: str | None
    fixed_versions: list[str]
    known_exploited: str | None
    source: str
    source_ref: str | None
    detected_at: str
    aware_at: str | None
    aware_reason: str | None
    confirmed_by: str | None
    dismissed_reason: str | None
    measure_available_at: str | None
    measure_description: str | None
    member_states: list[str]
    products: list[dict[str, str]]
    releases: list[CaseReleaseOut]
    notes: list[CaseNoteOut]
    findings: list[int] = Field(
        default_factory=list, description="linked finding ids (/api/v1/findings/{id})"
    )
    next_due: dict[str, Any] | None
    stages: list[StageOut]


class ProposalOut(Schema):
    created: list[str]
    extended: list[str]


class CaseReleaseIn(Schema):
    product: str = Field(..., max_length=80)
    version: str = Field(..., max_length=100)


class CaseIn(Schema):
    kind: str = Field(..., description="vulnerability (Art. 14(1)) or incident (Art. 14(3))")
    title: str = Field(..., max_length=300)
    products: list[str] = Field(default_factory=list, max_length=100)
    releases: list[CaseReleaseIn] = Field(default_factory=list, max_length=500)
    vulnerability_id: str = Field("", max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    summary: str = Field("", max_length=20000)
    member_states: list[str] = Field(default_factory=list, max_length=27)
    aware_at: datetime | None = Field(None, description=OFFSET)
    aware_reason: str = Field("", max_length=2000)


class ConfirmIn(Schema):
    aware_at: datetime = Field(description=OFFSET)
    reason: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class MeasureIn(Schema):
    available_at: datetime = Field(description=OFFSET)
    description: str = Field(..., max_length=20000)


class RequestIn(Schema):
    requested_at: datetime = Field(description=OFFSET)
    due_at: datetime | None = Field(None, description=OFFSET)
    note: str = Field("", max_length=2000)


class FieldOut(Schema):
    key: str
    label: str
    qualifier: str
    required: bool
    citation: str
    kind: str
    choices: list[str]


class StageFormOut(Schema):
    case: str
    stage: StageOut
    fields: list[FieldOut]
    values: dict[str, Any]
    frozen: bool
    platform_reference: str


class DraftIn(Schema):
    values: dict[str, Any]


class SubmitIn(Schema):
    values: dict[str, Any] | None = Field(
        None, description="default: the saved draft or prefilled values"
    )
    submitted_at: datetime = Field(description=OFFSET)
    platform_reference: str = Field("", max_length=200)
    already_provided_in: str = Field(
        "", max_length=40, description="an earlier submitted report that already provided this"
    )


def _case(request: HttpRequest, reference: str) -> dict[str, Any]:
    ctx = context(request)
    return case_dict(ctx, reporting.get_case(ctx, reference))


def _form(request: HttpRequest, reference: str, key: str) -> dict[str, Any]:
    from rempart.services.reporting.views import stage_dict

    ctx = context(request)
    form = reporting_reports.stage_form(ctx, reference, key)
    return {
        "case": form.case.reference,
        "stage": stage_dict(ctx, form.clock, form.platform_reference),
        "fields": [
            {
                "key": f.key,
                "label": f.label,
                "qualifier": f.qualifier,
                "required": f.required,
                "citation": f.citation,
                "kind": f.kind.value,
                "choices": list(f.choices),
            }
            for f in form.fields
        ],
        "values": form.values,
        "frozen": form.frozen,
        "platform_reference": form.platform_reference,
    }


@router.get(
    "",
    response={200: PageOut[CaseOut], **ERRORS},
    summary="Reporting cases, most urgent first, one page",
)
def list_cases(
    request: HttpRequest,
    all: bool = False,
    product: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> dict[str, Any]:
    ctx = context(request)
    page = page_of(reporting.list_cases(ctx, all, product), page_request(offset, limit))
    return PageOut[dict[str, Any]].of(page, [case_dict(ctx, s) for s in page]).dict()


@router.post("", response={201: CaseOut, **ERRORS}, summary="Open a case by hand")
def open_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    draft = CaseDraft(
        kind=payload.kind, title=payload.title, products=tuple(payload.products),
        releases=tuple(ReleaseRef(r.product, r.version) for r in payload.releases),
        vulnerability_id=payload.vulnerability_id, aliases=tuple(payload.aliases), summary=payload.summary,
        member_states=tuple(payload.member_states), aware_at=payload.aware_at, aware_reason=payload.aware_reason,
    )  # fmt: skip
    case = reporting.open_case(context(request), draft)
    return Status(201, _case(request, case.reference))


@router.post(
    "/propose",
    response={200: ProposalOut, **ERRORS},
    summary="Propose cases from KEV-listed findings",
)
def propose(request: HttpRequest) -> dict[str, list[str]]:
    outcome = proposals.propose_from_findings(context(request))
    return {"created": list(outcome.created), "extended": list(outcome.extended)}


@router.get("/{reference}", response={200: CaseOut, **ERRORS}, summary="One case with its clocks")
def show(request: HttpRequest, reference: str) -> dict[str, Any]:
    return _case(request, reference)


@router.post(
    "/{reference}/confirm",
    response={200: CaseOut, **ERRORS},
    summary="Record when the manufacturer became aware",
)
def confirm(request: HttpRequest, reference: str, payload: ConfirmIn) -> dict[str, Any]:
    reporting.confirm_case(context(request), reference, payload.aware_at, payload.reason)
    return _case(request, reference)


@router.post(
    "/{reference}/dismiss", response={200: CaseOut, **ERRORS}, summary="Dismiss a proposed case"
)
def dismiss(request: HttpRequest, reference: str, payload: ReasonIn) -> dict[str, Any]:
    reporting.dismiss_case(context(request), reference, payload.reason)
    return _case(request, reference)


@router.post(
    "/{reference}/measure",
    response={200: CaseOut, **ERRORS},
    summary="Record a corrective or mitigating measure",
)
def measure(request: HttpRequest, reference: str, payload: MeasureIn) -> dict[str, Any]:
    reporting.record_measure(context(request), reference, payload.available_at, payload.description)
    return _case(request, reference)


@router.post(
    "/{reference}/requests",
    response={200: CaseOut, **ERRORS},
    summary="Record a CSIRT request for an intermediate report",
)
def csirt_request(request: HttpRequest, reference: str, payload: RequestIn) -> dict[str, Any]:
    reporting.request_intermediate(
        context(request), reference, payload.requested_at, payload.due_at, payload.note
    )
    return _case(request, reference)


@router.get(
    "/{reference}/stages/{key}",
    response={200: StageFormOut, **ERRORS},
    summary="A report's fields and values",
)
def stage(request: HttpRequest, reference: str, key: str) -> dict[str, Any]:
    return _form(request, reference, key)


@router.put(
    "/{reference}/stages/{key}",
    response={200: StageFormOut, **ERRORS},
    summary="Save a report draft",
)
def draft(request: HttpRequest, reference: str, key: str, payload: DraftIn) -> dict[str, Any]:
    reporting_reports.save_draft(context(request), reference, key, payload.values)
    return _form(request, reference, key)


@router.post(
    "/{reference}/stages/{key}/submit",
    response={200: StageFormOut, **ERRORS},
    summary="Record a report's submission",
)
def submit(request: HttpRequest, reference: str, key: str, payload: SubmitIn) -> dict[str, Any]:
    ctx = context(request)
    values = (
        payload.values
        if payload.values is not None
        else reporting_reports.stage_form(ctx, reference, key).values
    )
    reporting_reports.submit_stage(
        ctx, reference, key, values, payload.submitted_at, payload.platform_reference,
        payload.already_provided_in,
    )  # fmt: skip
    return _form(request, reference, key)


@router.get(
    "/{reference}/stages/{key}/export",
    summary="Export a report as JSON, HTML or PDF",
    response={200: None, **ERRORS},
)
def export(
    request: HttpRequest,
    reference: str,
    key: str,
    format: str = "json",
    time_zone: str | None = None,
) -> HttpResponse:
    """Times in ``time_zone`` (IANA), else the caller's zone, ISO 8601 with the offset."""
    ctx = context(request)
    zone_name = time_zone or users.time_zone(ctx).name
    document = reporting_reports.export_stage(ctx, reference, key, format, time_zone=zone_name)
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response
