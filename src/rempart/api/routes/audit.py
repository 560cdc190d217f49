"""/api/v1/audit: the audit trail, for auditors and administrators (api layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.services.accounts import audit

router = Router(tags=["audit"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 422: ProblemOut}


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    data: dict[str, Any]
    hash: str


class BreakOut(Schema):
    seq: int
    kind: str
    message: str


class VerifyOut(Schema):
    intact: bool
    checked: int
    breaks: list[BreakOut]


@router.get(
    "/events", response={200: list[EventOut], **ERRORS}, summary="Newest audit events first"
)
def events(
    request: HttpRequest,
    limit: int = 100,
    object_type: str | None = None,
    object_id: str | None = None,
    before_seq: int | None = None,
) -> list[EventOut]:
    records = audit.list_events(context(request), limit, object_type, object_id, before_seq)
    return [
        EventOut(
            seq=r.seq,
            at=r.at,
            actor=r.actor,
            action=r.action,
            object_type=r.object_type,
            object_id=r.object_id,
            data=dict(r.data),
            hash=r.hash,
        )
        for r in records
    ]


@router.get("/verify", response={200: VerifyOut, **ERRORS}, summary="Verify the hash chain")
def verify(request: HttpRequest) -> VerifyOut:
    report = audit.verify_audit_trail(context(request))
    return VerifyOut(
        intact=report.intact,
        checked=report.checked,
        breaks=[BreakOut(seq=b.seq, kind=b.kind.value, message=b.message) for b in report.breaks],
    )
