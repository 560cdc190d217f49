"""The CRA documents under /api/v1/products/{slug}/documents (api layer).

``GET …/documents`` lists every document and language with what is missing; ``GET`` and ``PUT``
``…/documents/fields`` read and replace what the manufacturer entered; ``GET
…/documents/{kind}`` renders one document (``format=json|html|pdf``; ``final=true`` refuses an
incomplete one with 422 and the list of missing items, and is audited); ``POST
…/documents/technical-file`` returns the Annex VII ZIP (it is an audit event, hence POST).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.core.documents.fields import record_as_json
from rempart.services.documents import generation, records, technical_file

router = Router(tags=["documents"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


class FieldsIn(Schema):
    """Every entered value (replaces the stored ones); translatable fields take {lang: text}."""

    languages: list[str]
    values: dict[str, Any]
    public_page: bool | None = None  # admins only


def _fields(record: Any) -> dict[str, Any]:
    return {
        "languages": list(record.languages),
        "values": record_as_json(record),
        "public_page": record.public_page,
    }


@router.get(
    "/{slug}/documents",
    response={200: list[dict[str, Any]], **ERRORS},
    summary="Every document in every language: final, or what is missing",
)
def overview(request: HttpRequest, slug: str, version: str | None = None) -> list[dict[str, Any]]:
    return generation.overview(context(request), slug, version)


@router.get(
    "/{slug}/documents/fields",
    response={200: dict[str, Any], **ERRORS},
    summary="What the manufacturer entered for the documents",
)
def get_fields(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _fields(records.get_record(context(request), slug))


@router.put(
    "/{slug}/documents/fields",
    response={200: dict[str, Any], **ERRORS},
    summary="Replace the entered values (each problem located, nothing saved on error)",
)
def put_fields(request: HttpRequest, slug: str, payload: FieldsIn) -> dict[str, Any]:
    saved = records.save_record(
        context(request),
        slug,
        payload.languages,
        payload.values,
        public_page=payload.public_page,
        replace=True,
    )
    return _fields(saved)


def _file(data: bytes, media: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post(
    "/{slug}/documents/technical-file",
    response={200: Any, **ERRORS},
    summary="The Annex VII technical documentation as a ZIP with its manifest",
)
def technical_file_zip(
    request: HttpRequest,
    slug: str,
    version: str | None = None,
    final: bool = False,
    sign: bool = False,
) -> HttpResponse:
    ctx = context(request)
    signer = technical_file.configured_signer(ctx) if sign else None
    data, name = technical_file.export_bundle(ctx, slug, version, signer=signer, final=final)
    return _file(data, "application/zip", name)


@router.get(
    "/{slug}/documents/{kind}",
    response={200: Any, **ERRORS},
    summary="One document: declaration, simplified-declaration or user-information",
)
def document(
    request: HttpRequest,
    slug: str,
    kind: str,
    format: str = "json",
    lang: str | None = None,
    version: str | None = None,
    final: bool = False,
) -> HttpResponse:
    data, media, name = generation.export(
        context(request),
        slug,
        generation.parse_kind(kind),
        format,
        language=lang,
        version=version,
        final=final,
    )
    return _file(data, media, name)
