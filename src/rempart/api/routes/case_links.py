"""/api/v1/cases/{reference}/links and /history: what a case covers, and its changes (api layer).

The same change as the case page's "Links" form and ``rempart case links``: the selection
sent replaces the case's, recorded in the case history and the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from rempart.api.auth import context
from rempart.api.routes.reporting import ERRORS, CaseOut, CaseReleaseIn
from rempart.core.reporting.case import ReleaseRef
from rempart.services.reporting import case_links
from rempart.services.reporting import cases as reporting
from rempart.services.reporting.views import case_dict

router = Router(tags=["reporting"])


class CaseLinksIn(Schema):
    products: list[str] = Field(..., min_length=1, description="product slugs")
    releases: list[CaseReleaseIn] = Field(default_factory=list)
    findings: list[int] = Field(default_factory=list, description="finding ids")
    vulnerability_reports: list[str] = Field(default_factory=list, description="VR-… references")
    note: str = Field("", max_length=2000, description="why the links change (case history)")


class CaseHistoryOut(Schema):
    at: str
    actor: str
    action: str
    summary: str
    changes: dict[str, Any]
    note: str


@router.put(
    "/{reference}/links",
    response={200: CaseOut, **ERRORS},
    summary="Set what a case covers (replaces its products, releases, findings, reports)",
)
def set_links(request: HttpRequest, reference: str, payload: CaseLinksIn) -> dict[str, Any]:
    ctx = context(request)
    selection = case_links.CaseSelection(
        tuple(payload.products),
        tuple(ReleaseRef(r.product, r.version) for r in payload.releases),
        tuple(payload.findings),
        tuple(payload.vulnerability_reports),
    )
    changed = case_links.change_links(ctx, reference, selection, payload.note)
    return case_dict(ctx, reporting.get_case(ctx, changed.reference))


@router.get(
    "/{reference}/history",
    response={200: list[CaseHistoryOut], **ERRORS},
    summary="What changed on a case, by whom and when, oldest first",
)
def history(request: HttpRequest, reference: str) -> list[dict[str, object]]:
    return case_links.history_records(context(request), reference)
