"""Annex I assessment under /api/v1/products/{slug}/annex-i and /api/v1/annex-i (api layer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.core.clock import iso
from rempart.core.errors import InvalidInput
from rempart.services.assessment import actions as assessment_actions
from rempart.services.assessment import annex_i as assessments
from rempart.services.assessment import evidence as assessment_evidence
from rempart.services.assessment import gap_report
from rempart.services.assessment.actions import ActionView
from rempart.services.assessment.evidence import EvidenceView

router = Router(tags=["assessment"])
ERRORS = {
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    413: ProblemOut,
    422: ProblemOut,
}


class RequirementPatch(Schema):
    """Only the fields given change; the rest stay as recorded."""

    applicable: bool | None = None
    justification: str | None = None
    status: str | None = None  # not-started | in-progress | met | not-met
    how_met: str | None = None
    links: list[str] | None = None
    owner: str | None = None
    reviewed_on: date | None = None
    reviewer: str | None = None


class EvidenceOut(Schema):
    id: int
    product: str
    requirement: str
    kind: str
    title: str
    file_name: str | None
    sha256: str | None
    size: int | None
    media_type: str | None
    url: str | None
    record: str | None
    added_by: str


class ActionIn(Schema):
    title: str
    requirement: str | None = None
    owner: str | None = None
    due_on: date | None = None
    status: str = "open"


class ActionOut(Schema):
    id: int
    product: str
    title: str
    requirement: str | None
    owner: str | None
    due_on: date | None
    status: str


def evidence_out(view: EvidenceView) -> EvidenceOut:
    return EvidenceOut(
        id=view.id,
        product=view.product_slug,
        requirement=view.requirement_id,
        kind=view.kind,
        title=view.title,
        file_name=view.file_name or None,
        sha256=view.sha256 or None,
        size=view.size,
        media_type=view.media_type or None,
        url=view.url or None,
        record=view.record or None,
        added_by=view.added_by,
    )


def action_out(view: ActionView) -> ActionOut:
    return ActionOut(
        id=view.id,
        product=view.product_slug,
        title=view.title,
        requirement=view.requirement_id or None,
        owner=view.owner,
        due_on=view.due_on,
        status=view.status,
    )


def _requirement(report: dict[str, Any], requirement_id: str) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in report["requirements"] if r["id"] == requirement_id)
    return row


@router.get(
    "/products/{slug}/annex-i",
    response={200: dict[str, Any], **ERRORS},
    summary="The product's gap report (schema rempart.gap-report/1, docs/assessment.md)",
)
def get_report(request: HttpRequest, slug: str) -> dict[str, Any]:
    return gap_report.gap_report(context(request), slug)


@router.get(
    "/products/{slug}/annex-i/export",
    response={200: Any, **ERRORS},
    summary="The gap report as a file (format=json|html|pdf)",
)
def export(request: HttpRequest, slug: str, format: str = "json") -> HttpResponse:
    data, media_type, name = gap_report.export(context(request), slug, format)
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/products/{slug}/annex-i/{requirement_id}",
    response={200: dict[str, Any], **ERRORS},
    summary="One requirement: entry, evidence, automatic evidence and history",
)
def get_requirement(request: HttpRequest, slug: str, requirement_id: str) -> dict[str, Any]:
    ctx = context(request)
    assessments.get_requirement(ctx, slug, requirement_id)  # 404 for an unknown ID
    row = _requirement(gap_report.gap_report(ctx, slug), requirement_id)
    row["history"] = [
        {"at": iso(h.at), "actor": h.actor, "summary": h.summary, "changes": h.changes}
        for h in assessments.history(ctx, slug, requirement_id)
    ]
    return row


@router.patch(
    "/products/{slug}/annex-i/{requirement_id}",
    response={200: dict[str, Any], **ERRORS},
    summary="Record applicability, status, how it is met, owner, review",
)
def patch_requirement(
    request: HttpRequest, slug: str, requirement_id: str, payload: RequirementPatch
) -> dict[str, Any]:
    ctx = context(request)
    changes = payload.dict(exclude_unset=True)
    if "links" in changes:
        changes["links"] = tuple(changes["links"] or ())
    assessments.set_requirement(ctx, slug, requirement_id, changes)
    return _requirement(gap_report.gap_report(ctx, slug), requirement_id)


@router.post(
    "/products/{slug}/annex-i/{requirement_id}/evidence",
    response={201: EvidenceOut, **ERRORS},
    summary="Add evidence: a multipart 'file', or a form field 'url' or 'record'",
)
def add_evidence(
    request: HttpRequest,
    slug: str,
    requirement_id: str,
    file: File[UploadedFile | None] = None,
    url: Form[str] = "",
    record: Form[str] = "",
    title: Form[str] = "",
) -> Status[EvidenceOut]:
    ctx = context(request)
    given = [name for name, value in (("file", file), ("url", url), ("record", record)) if value]
    if len(given) != 1:
        raise InvalidInput.single("file", "give exactly one of file, url or record")
    if file is not None:
        if file.size is not None:
            assessment_evidence.check_upload_size(file.size)
        limit = assessment_evidence.evidence_limit()
        data: bytes = file.read(limit + 1)
        view = assessment_evidence.add_file(ctx, slug, requirement_id, data, file.name or "", title)
    elif url:
        view = assessment_evidence.add_url(ctx, slug, requirement_id, url, title)
    else:
        view = assessment_evidence.add_record(ctx, slug, requirement_id, record, title)
    return Status(201, evidence_out(view))


@router.get(
    "/annex-i/evidence/{evidence_id}/file",
    response={200: Any, **ERRORS},
    summary="Download an evidence file (attachment)",
)
def download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    view, data = assessment_evidence.download(context(request), evidence_id)
    response = HttpResponse(data, content_type=view.media_type)
    response["Content-Disposition"] = f'attachment; filename="{view.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/annex-i/evidence/{evidence_id}",
    response={204: None, **ERRORS},
    summary="Remove an evidence item",
)
def remove(request: HttpRequest, evidence_id: int) -> Status[None]:
    assessment_evidence.remove(context(request), evidence_id)
    return Status(204, None)


@router.get(
    "/annex-i/portfolio",
    response={200: dict[str, Any], **ERRORS},
    summary="Readiness of every product (schema rempart.portfolio/1)",
)
def portfolio(request: HttpRequest) -> dict[str, Any]:
    return gap_report.portfolio(context(request))


@router.post(
    "/products/{slug}/annex-i-actions",
    response={201: ActionOut, **ERRORS},
    summary="Add an open action towards a requirement",
)
def add_action(request: HttpRequest, slug: str, payload: ActionIn) -> Status[ActionOut]:
    view = assessment_actions.save_action(
        context(request),
        slug,
        assessment_actions.ActionDraft(
            payload.title, payload.requirement, payload.owner, payload.due_on, payload.status
        ),
    )
    return Status(201, action_out(view))


@router.put(
    "/products/{slug}/annex-i-actions/{action_id}",
    response={200: ActionOut, **ERRORS},
    summary="Replace an action (title, requirement, owner, due date, status)",
)
def put_action(request: HttpRequest, slug: str, action_id: int, payload: ActionIn) -> ActionOut:
    view = assessment_actions.save_action(
        context(request),
        slug,
        assessment_actions.ActionDraft(
            payload.title, payload.requirement, payload.owner, payload.due_on, payload.status
        ),
        action_id,
    )
    return action_out(view)


@router.get(
    "/products/{slug}/annex-i-actions",
    response={200: list[ActionOut], **ERRORS},
    summary="The product's actions",
)
def list_actions(request: HttpRequest, slug: str) -> list[ActionOut]:
    return [action_out(a) for a in assessment_actions.list_actions(context(request), slug)]
