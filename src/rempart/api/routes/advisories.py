"""VEX export and import, CSAF advisories and validation (api layer).

``/api/v1/products/{slug}/vex`` (GET: export, ``format`` openvex | cyclonedx | csaf, optional
``release``; POST multipart ``file``: import), ``/api/v1/advisories`` (draft, list, edit, the
CSAF document, publish), ``/api/v1/csaf/validate`` (any CSAF 2.0 document as the body).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from rempart.api.auth import context
from rempart.api.routes.sboms import read_upload
from rempart.api.schemas.common import ProblemOut
from rempart.core.errors import InvalidInput
from rempart.services.advisories import authoring
from rempart.services.vulnerabilities import vex

router = Router(tags=["vex and advisories"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}
MAX_VALIDATE = 16 * 1024 * 1024


class VexImportOut(Schema):
    document_id: int
    format: str
    statements: int
    matched_findings: int
    changed: int
    unmatched_statements: int


class AdvisoryIn(Schema):
    finding_ids: list[int] = Field(max_length=10_000)
    title: str = Field("", max_length=500)


class AdvisoryPatch(Schema):
    title: str | None = None
    tlp: str | None = Field(None, description="WHITE (TLP:CLEAR), GREEN, AMBER or RED")
    summary: str | None = None
    details: str | None = None
    impact: str | None = None
    remediation: str | None = None
    fixed_releases: list[str] | None = None
    references: list[dict[str, str]] | None = None
    acknowledgments: list[str] | None = None


class PublishIn(Schema):
    status: str = Field("final", description="interim | final")
    summary: str = Field(description="what this revision changes")


class RevisionOut(Schema):
    version: str
    status: str
    summary: str
    sha256: str
    published_by: str
    published_at: datetime


class AdvisoryOut(Schema):
    tracking_id: str
    title: str
    status: str
    tlp: str
    content: dict[str, Any]
    finding_ids: list[int]
    vulnerability_ids: list[str]
    created_by: str
    created_at: datetime
    revisions: list[RevisionOut]


class ValidationOut(Schema):
    valid: bool
    failed_tests: list[str]
    schema_problems: list[dict[str, str]]
    failures: list[dict[str, str]]


def _out(view: authoring.AdvisoryView) -> AdvisoryOut:
    return AdvisoryOut(
        tracking_id=view.tracking_id, title=view.title, status=view.status, tlp=view.tlp,
        content=view.content, finding_ids=list(view.finding_ids),
        vulnerability_ids=list(view.vulnerability_ids), created_by=view.created_by,
        created_at=view.created_at,
        revisions=[RevisionOut(version=r.version, status=r.status, summary=r.summary, sha256=r.sha256,
                               published_by=r.published_by, published_at=r.published_at)
                   for r in view.revisions],
    )  # fmt: skip


@router.get("/products/{slug}/vex", response={200: Any, **ERRORS}, summary="Export VEX statements")
def export_vex(
    request: HttpRequest, slug: str, format: str = "openvex", release: str | None = None
) -> HttpResponse:
    data, media, name = vex.export_vex(context(request), slug, release, vex.parse_format(format))
    response = HttpResponse(data, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post("/products/{slug}/vex", response={200: VexImportOut, **ERRORS},
             summary="Import a supplier's VEX (multipart field 'file'; OpenVEX, CycloneDX or CSAF)")  # fmt: skip
def import_vex(
    request: HttpRequest, slug: str, file: File[UploadedFile], release: str | None = None
) -> VexImportOut:
    ctx = context(request)
    outcome = vex.import_vex(ctx, read_upload(ctx, file), file.name or "", slug, release)
    return VexImportOut(
        document_id=outcome.document_id, format=outcome.format, statements=outcome.statements,
        matched_findings=outcome.matched_findings, changed=outcome.changed,
        unmatched_statements=outcome.unmatched_statements,
    )  # fmt: skip


@router.get("/advisories", response={200: list[AdvisoryOut], **ERRORS}, summary="CSAF advisories")
def list_advisories(request: HttpRequest) -> list[AdvisoryOut]:
    return [_out(v) for v in authoring.list_advisories(context(request))]


@router.post(
    "/advisories", response={201: AdvisoryOut, **ERRORS}, summary="Draft an advisory from findings"
)
def create(request: HttpRequest, payload: AdvisoryIn) -> Status[AdvisoryOut]:
    return Status(
        201, _out(authoring.create_advisory(context(request), payload.finding_ids, payload.title))
    )


@router.get("/advisories/{tracking_id}", response={200: AdvisoryOut, **ERRORS})
def get(request: HttpRequest, tracking_id: str) -> AdvisoryOut:
    return _out(authoring.get_advisory(context(request), tracking_id))


@router.patch("/advisories/{tracking_id}", response={200: AdvisoryOut, **ERRORS})
def patch(request: HttpRequest, tracking_id: str, payload: AdvisoryPatch) -> AdvisoryOut:
    values = {k: v for k, v in payload.dict().items() if v is not None}
    return _out(authoring.update_advisory(context(request), tracking_id, values))


@router.get("/advisories/{tracking_id}/csaf", response={200: Any, **ERRORS},
            summary="The advisory as a CSAF 2.0 document (a draft renders as version 0)")  # fmt: skip
def csaf_document(request: HttpRequest, tracking_id: str) -> HttpResponse:
    document = authoring.render(context(request), tracking_id)
    return HttpResponse(authoring.document_bytes(document), content_type="application/json")


@router.post("/advisories/{tracking_id}/publish", response={201: RevisionOut, **ERRORS})
def publish(request: HttpRequest, tracking_id: str, payload: PublishIn) -> Status[RevisionOut]:
    r = authoring.publish(context(request), tracking_id, payload.status, payload.summary)
    return Status(201, RevisionOut(version=r.version, status=r.status, summary=r.summary, sha256=r.sha256,
                                   published_by=r.published_by, published_at=r.published_at))  # fmt: skip


@router.post("/csaf/validate", response={200: ValidationOut, **ERRORS},
             summary="Validate a CSAF 2.0 document (request body): schema and mandatory tests")  # fmt: skip
def validate(request: HttpRequest) -> ValidationOut:
    context(request)  # authenticated callers only
    if len(request.body) > MAX_VALIDATE:
        raise InvalidInput.single("body", f"larger than {MAX_VALIDATE:,} bytes")
    outcome = authoring.validate_document(request.body)
    return ValidationOut(
        valid=outcome.valid, failed_tests=list(outcome.failed_tests),
        schema_problems=[{"path": p.field, "message": p.message} for p in outcome.schema],
        failures=[{"test": f.test, "path": f.path, "message": f.message} for f in outcome.failures],
    )  # fmt: skip
