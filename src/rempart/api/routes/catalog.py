"""/api/v1/catalog: the CRA as data, with citations (api layer)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.services.products import catalog

router = Router(tags=["catalog"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut}


@router.get(
    "/requirements",
    response={200: list[dict[str, Any]], **ERRORS},
    summary="Annex I and the other annexes",
)
def requirements(request: HttpRequest, group: str | None = None) -> list[dict[str, object]]:
    return catalog.requirements(context(request), group)


@router.get(
    "/categories",
    response={200: list[dict[str, Any]], **ERRORS},
    summary="Annex III and IV categories",
)
def categories(request: HttpRequest, search: str | None = None) -> list[dict[str, object]]:
    return catalog.categories(context(request), search)


@router.get(
    "/timeline",
    response={200: list[dict[str, Any]], **ERRORS},
    summary="Application dates (Art. 71)",
)
def timeline(request: HttpRequest) -> list[dict[str, object]]:
    return catalog.timeline(context(request))


@router.get(
    "/entries/{entry_id}", response={200: dict[str, Any], **ERRORS}, summary="One entry by its ID"
)
def entry(request: HttpRequest, entry_id: str) -> dict[str, object]:
    return catalog.entry(context(request), entry_id)
