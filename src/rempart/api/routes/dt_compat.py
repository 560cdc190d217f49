"""Dependency-Track's ``/api/v1/bom`` upload, so existing CI integrations work unchanged.

Accepted exactly as Dependency-Track accepts it:
- ``PUT /api/v1/bom`` with JSON ``{"projectName", "projectVersion", "autoCreate", "bom"}``
  where ``bom`` is the base64-encoded document;
- ``POST /api/v1/bom`` as multipart form data with the same fields and ``bom`` as a file;
- the ``X-Api-Key`` header carries a Rempart API token.
``projectName`` names a registered product (slug or exact name); ``autoCreate`` creates the
release. The answer is Dependency-Track's ``{"token": …}``; Rempart processes synchronously, so
``GET /api/v1/bom/token/{token}`` always reports ``processing: false``.
"""

from __future__ import annotations

import base64
import binascii
import uuid

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from rempart.api.auth import context
from rempart.api.routes.sboms import ERRORS, read_upload
from rempart.api.schemas.common import ProblemOut
from rempart.core.errors import InvalidInput, NotFound
from rempart.services.context import ServiceContext
from rempart.services.products import register as products
from rempart.services.sboms import release_sboms as sboms

router = Router(tags=["dependency-track compatibility"])
TOKEN_NAMESPACE = uuid.UUID("0b0c1c8e-27a5-4d55-9a57-6a1e6c3f2f10")


class BomJson(Schema):
    projectName: str | None = None
    projectVersion: str | None = None
    project: str | None = None
    autoCreate: bool = False
    bom: str


class BomToken(Schema):
    token: str


class Processing(Schema):
    processing: bool


def _product_slug(ctx: ServiceContext, name: str | None, project: str | None) -> str:
    if not name:
        detail = (
            "project UUIDs are Dependency-Track's; give projectName and projectVersion"
            if project
            else "projectName is required"
        )
        raise InvalidInput.single("projectName", detail)
    for product in products.list_products(ctx):
        if name in (product.slug, product.name) or name.lower() == product.name.lower():
            return product.slug
    raise NotFound(
        f"no product named {name!r}; register it first (Rempart needs its CRA scope and class)"
    )


def _upload(
    request: HttpRequest,
    name: str | None,
    version: str | None,
    project: str | None,
    create: bool,
    data: bytes,
) -> BomToken:
    ctx = context(request)
    slug = _product_slug(ctx, name, project)
    if not version:
        raise InvalidInput.single("projectVersion", "projectVersion is required")
    label = f"dependency-track-upload-{sboms.count_for_release(ctx, slug, version) + 1}"
    stored = sboms.import_sbom(ctx, slug, version, data, "bom", label, create)
    return BomToken(token=str(uuid.uuid5(TOKEN_NAMESPACE, f"{stored.id}:{stored.sha256}")))


@router.put(
    "", response={200: BomToken, **ERRORS}, summary="Upload a base64 BOM (Dependency-Track shape)"
)
def put_bom(request: HttpRequest, payload: BomJson) -> BomToken:
    try:
        data = base64.b64decode(payload.bom, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput.single("bom", "not valid base64") from exc
    return _upload(
        request,
        payload.projectName,
        payload.projectVersion,
        payload.project,
        payload.autoCreate,
        data,
    )


@router.post(
    "",
    response={200: BomToken, **ERRORS},
    summary="Upload a BOM file (Dependency-Track multipart shape)",
)
def post_bom(
    request: HttpRequest,
    bom: File[UploadedFile],
    projectName: Form[str] = "",
    projectVersion: Form[str] = "",
    project: Form[str] = "",
    autoCreate: Form[bool] = False,
) -> BomToken:
    return _upload(
        request,
        projectName or None,
        projectVersion or None,
        project or None,
        autoCreate,
        read_upload(context(request), bom, "bom"),
    )


@router.get(
    "/token/{token}",
    response={200: Processing, 401: ProblemOut, 422: ProblemOut},
    summary="Processing status (always finished)",
)
def token_status(request: HttpRequest, token: uuid.UUID) -> Processing:  # noqa: ARG001 - the path names it
    context(request)
    return Processing(processing=False)
