"""Dependency-Track's upload API, so existing CI integrations work unchanged (api layer).

The request shapes of the real clients, all accepted:

- ``PUT /api/v1/bom`` with JSON ``{"project" | "projectName", "projectVersion", "autoCreate",
  "bom"}``, ``bom`` base64-encoded (the GitHub Action ``gh-upload-sbom``; older Jenkins
  plugins); extra fields (``projectTags``, ``parentUUID``, ``isLatestProjectVersion``) are
  accepted and ignored;
- ``POST /api/v1/bom`` as multipart form data with ``bom`` as a **file part** (API client
  libraries) or as a **plain text field** (the Jenkins plugin);
- ``GET /api/version`` (the clients' connection test, see :func:`version`),
  ``GET /api/v1/bom/token/{uuid}`` and ``GET /api/v1/event/token/{uuid}`` (processing status;
  uploads are processed before the answer, so always ``processing: false``);
- ``GET /api/v1/project/lookup`` and ``GET /api/v1/project`` (what the Jenkins plugin reads
  to find a project's UUID).

The ``X-Api-Key`` header carries a Rempart API token. This module only parses the request
shapes and renders; which release an upload goes to, and what it replaces, is decided by
:mod:`rempart.services.sboms.dependency_track`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema

from rempart.api.auth import context
from rempart.api.routes.sboms import ERRORS
from rempart.api.schemas.common import ProblemOut
from rempart.core.errors import InvalidInput, NotFound
from rempart.services.sboms import dependency_track as dt
from rempart.services.sboms import release_sboms as sboms

router = Router(tags=["dependency-track compatibility"])
event_router = Router(tags=["dependency-track compatibility"])
project_router = Router(tags=["dependency-track compatibility"])

#: the Dependency-Track API version whose upload endpoints this module mirrors
COMPATIBLE_API_VERSION = "4.13.0"
_TRUE = {"1", "true", "yes", "on"}


class BomJson(Schema):
    projectName: str | None = None
    projectVersion: str | None = None
    project: str | None = None
    autoCreate: bool | str = False
    bom: str


class BomToken(Schema):
    token: str
    projectUuid: str | None = None


class Processing(Schema):
    processing: bool
    status: str = "COMPLETED"


class ProjectOut(Schema):
    uuid: str
    name: str
    version: str
    active: bool = True


def _flag(value: object) -> bool:
    """``true``/``True``/``1``: clients send booleans as JSON or as form text."""
    return value is True or str(value).strip().lower() in _TRUE


def _receipt(receipt: dt.UploadReceipt) -> BomToken:
    return BomToken(token=str(receipt.token), projectUuid=receipt.project_uuid)


def _strict(request: HttpRequest) -> bool:
    return _flag(request.GET.get("strict", ""))


@router.put(
    "",
    response={200: BomToken, **ERRORS},
    summary="Upload a base64 BOM (Dependency-Track JSON shape); ?strict=true refuses any "
    "schema violation",
)
def put_bom(request: HttpRequest, payload: BomJson) -> BomToken:
    try:
        data = base64.b64decode(payload.bom, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput.single("bom", "not valid base64") from exc
    upload = dt.BomUpload(
        payload.project, payload.projectName, payload.projectVersion, _flag(payload.autoCreate)
    )
    receipt = dt.upload_bom(context(request), upload, data, strict=_strict(request))
    return _receipt(receipt)


@router.post(
    "",
    response={200: BomToken, **ERRORS},
    summary="Upload a BOM as multipart form data ('bom' as a file part or a text field)",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["bom"],
                        "properties": {
                            "bom": {"type": "string", "format": "binary"},
                            "project": {"type": "string", "format": "uuid"},
                            "projectName": {"type": "string"},
                            "projectVersion": {"type": "string"},
                            "autoCreate": {"type": "boolean"},
                        },
                    }
                }
            }
        }
    },
)
def post_bom(request: HttpRequest) -> BomToken:
    ctx = context(request)
    form = request.POST
    upload = dt.BomUpload(
        form.get("project") or None,
        form.get("projectName") or None,
        form.get("projectVersion") or None,
        _flag(form.get("autoCreate", "")),
    )
    receipt = dt.upload_bom(ctx, upload, _bom_bytes(request), strict=_strict(request))
    return _receipt(receipt)


def _bom_bytes(request: HttpRequest) -> bytes:
    """The ``bom`` part: a file part, else a text field (Django caps both before this)."""
    limit = sboms.upload_limit(context(request))
    part = request.FILES.get("bom")
    if part is not None:
        if part.size is not None and part.size > limit:
            raise InvalidInput.single("bom", f"larger than the upload limit of {limit:,} bytes")
        data: bytes = part.read(limit + 1)
    else:
        text = request.POST.get("bom")
        if not text:
            raise InvalidInput.single("bom", "no 'bom' part (a file or a text field) was sent")
        data = text.encode("utf-8")
    if len(data) > limit:
        raise InvalidInput.single("bom", f"larger than the upload limit of {limit:,} bytes")
    return data


@router.get(
    "/token/{token}",
    response={200: Processing, 401: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    summary="Processing status (always finished)",
)
def bom_token_status(request: HttpRequest, token: str) -> Processing:
    dt.check_token(context(request), token)
    return Processing(processing=False)


@event_router.get(
    "/token/{token}",
    response={200: Processing, 401: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    summary="Processing status of an upload (always finished)",
)
def event_token_status(request: HttpRequest, token: str) -> Processing:
    dt.check_token(context(request), token)
    return Processing(processing=False)


@project_router.get(
    "/lookup", response={200: ProjectOut, **ERRORS}, summary="A release as a project, by name"
)
def lookup_project(request: HttpRequest, name: str, version: str) -> ProjectOut:
    for project in dt.projects(context(request)):
        if project.version == version and name in (project.name, project.slug):
            return ProjectOut(uuid=project.uuid, name=project.name, version=project.version)
    raise NotFound(f"no release {version!r} of a product named {name!r}")


@project_router.get(
    "", response={200: list[ProjectOut], **ERRORS}, summary="Every release as a project"
)
def list_projects(request: HttpRequest) -> list[ProjectOut]:
    return [
        ProjectOut(uuid=p.uuid, name=p.name, version=p.version)
        for p in dt.projects(context(request))
    ]


def version(request: HttpRequest) -> JsonResponse:  # noqa: ARG001 - Django passes it
    """``GET /api/version``: what Dependency-Track answers, for clients' connection tests.

    Public, as in Dependency-Track; it names the API version whose upload endpoints are
    mirrored and says that the server is Rempart, nothing more.
    """
    body: dict[str, Any] = {
        "version": COMPATIBLE_API_VERSION,
        "application": "Rempart (Dependency-Track compatible upload API)",
        "framework": {"name": "Rempart", "version": COMPATIBLE_API_VERSION},
    }
    return JsonResponse(body)
