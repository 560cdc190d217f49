"""SBOM upload and download under /api/v1/products/{slug}/releases/{version}/sboms (api layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.core.errors import InvalidInput
from rempart.services.context import ServiceContext
from rempart.services.sboms import release_sboms as sboms
from rempart.services.sboms.release_sboms import SbomView

router = Router(tags=["sboms"])
ERRORS = {
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    413: ProblemOut,
    422: ProblemOut,
}


class SbomOut(Schema):
    id: int
    product: str
    release: str
    label: str
    filename: str
    sha256: str
    size: int
    format: str
    spec_version: str
    components: int
    edges: int
    quality_score: int
    quality: dict[str, Any]
    warnings: list[str]
    uploaded_at: datetime
    uploaded_by: str
    current: bool = True
    channel: str = ""
    superseded_by: int | None = None
    superseded_at: datetime | None = None
    schema_violations: int = 0


def sbom_out(view: SbomView) -> SbomOut:
    return SbomOut(
        id=view.id,
        product=view.product_slug,
        release=view.release_version,
        label=view.label,
        filename=view.filename,
        sha256=view.sha256,
        size=view.size,
        format=view.format,
        spec_version=view.spec_version,
        components=view.component_count,
        edges=view.edge_count,
        quality_score=view.quality_score,
        quality=view.quality,
        warnings=list(view.warnings),
        uploaded_at=view.uploaded_at,
        uploaded_by=view.uploaded_by,
        current=view.current,
        channel=view.channel,
        superseded_by=view.superseded_by,
        superseded_at=view.superseded_at,
        schema_violations=int(view.quality.get("defects", {}).get("SBOM-SCHEMA", 0)),
    )


def read_upload(ctx: ServiceContext, upload: UploadedFile, field: str = "file") -> bytes:
    """The uploaded bytes, refusing files over the configured limit before reading them."""
    limit = sboms.upload_limit(ctx)
    if upload.size is not None and upload.size > limit:
        raise InvalidInput.single(
            field, f"{upload.size:,} bytes; the upload limit is {limit:,} bytes"
        )
    data: bytes = upload.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput.single(field, f"larger than the upload limit of {limit:,} bytes")
    return data


@router.post(
    "/{slug}/releases/{version}/sboms",
    response={201: SbomOut, **ERRORS},
    summary="Upload an SBOM (multipart field 'file'); strict=true refuses any schema violation",
)
def upload(
    request: HttpRequest,
    slug: str,
    version: str,
    file: File[UploadedFile],
    label: Form[str] = "",
    create_release: Form[bool] = False,
    strict: Form[bool] = False,
) -> Status[SbomOut]:
    ctx = context(request)
    data = read_upload(context(request), file)
    stored = sboms.import_sbom(
        ctx, slug, version, data, file.name or "", label or None, create_release, strict
    )
    return Status(201, sbom_out(stored))


@router.get(
    "/{slug}/releases/{version}/sboms",
    response={200: list[SbomOut], **ERRORS},
    summary="List a release's SBOMs (superseded ones too: see 'current')",
)
def list_sboms(request: HttpRequest, slug: str, version: str) -> list[SbomOut]:
    return [sbom_out(v) for v in sboms.list_sboms(context(request), slug, version)]


@router.get(
    "/{slug}/releases/{version}/sbom",
    response={200: Any, **ERRORS},
    summary="The merged SBOM (format=cyclonedx|spdx)",
)
def export(
    request: HttpRequest, slug: str, version: str, format: str = "cyclonedx"
) -> HttpResponse:
    data = sboms.export_release(context(request), slug, version, format)
    kind = "application/vnd.cyclonedx+json" if format == "cyclonedx" else "application/spdx+json"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{slug}-{version}.{format}.json"'
    return response


@router.get(
    "/{slug}/releases/{version}/diff/{other}",
    response={200: dict[str, Any], **ERRORS},
    summary="Component changes from this release to another",
)
def diff(request: HttpRequest, slug: str, version: str, other: str) -> dict[str, Any]:
    result = sboms.diff_releases(context(request), slug, version, other)
    return {
        "from": version,
        "to": other,
        "unchanged": result.unchanged,
        "changes": [
            {
                "kind": c.kind.value,
                "identity": c.identity,
                "old_version": c.old.version if c.old else None,
                "new_version": c.new.version if c.new else None,
                "fields": list(c.fields),
            }
            for c in result.changes
        ],
    }


sbom_router = Router(tags=["sboms"])


@sbom_router.get("/{sbom_id}", response={200: SbomOut, **ERRORS}, summary="One SBOM's record")
def get_sbom(request: HttpRequest, sbom_id: int) -> SbomOut:
    return sbom_out(sboms.get_sbom(context(request), sbom_id))


@sbom_router.get(
    "/{sbom_id}/original", response={200: Any, **ERRORS}, summary="The document exactly as uploaded"
)
def original(request: HttpRequest, sbom_id: int) -> HttpResponse:
    view, data = sboms.original_bytes(context(request), sbom_id)
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{view.filename or view.label}"'
    response["Digest"] = f"sha-256={view.sha256}"
    return response


@sbom_router.delete("/{sbom_id}", response={204: None, **ERRORS}, summary="Remove an SBOM")
def remove(request: HttpRequest, sbom_id: int) -> Status[None]:
    sboms.remove_sbom(context(request), sbom_id)
    return Status(204, None)
