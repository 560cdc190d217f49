"""One finding, its triage and the Art. 14 case it calls for (api layer).

``/api/v1/findings/{id}`` (detail), ``…/triage``, ``…/assignment``, ``…/comments``,
``…/apply-preview`` and ``…/apply``, ``…/case``; bulk ``/api/v1/findings/triage`` and
``/api/v1/findings/assignment`` take a list of ids (at most 10,000).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from rempart.api.auth import context
from rempart.api.routes.findings import FindingOut, finding_out
from rempart.api.schemas.common import ProblemOut
from rempart.services.reporting import finding_cases
from rempart.services.vulnerabilities import triage, workbench

router = Router(tags=["vulnerabilities"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}


class DecisionIn(Schema):
    state: str = Field(description="in_triage | affected | not_affected | fixed | false_positive")
    justification: str | None = Field(None, description="for not_affected; see docs/findings.md")
    impact_statement: str = Field("", max_length=10_000)
    responses: list[str] = Field(
        default_factory=list,
        description="update | workaround_available | will_not_fix | can_not_fix | rollback",
    )
    action_statement: str = Field("", max_length=10_000)


class BulkDecisionIn(DecisionIn):
    finding_ids: list[int] = Field(max_length=10_000)


class AssignmentIn(Schema):
    assignee: str | None = Field(None, description="a username; null unassigns")
    due: date | None = Field(None, description="a due date set by hand; null: the policy's")


class BulkAssignmentIn(AssignmentIn):
    finding_ids: list[int] = Field(max_length=10_000)


class CommentIn(Schema):
    text: str = Field(max_length=10_000)


class ApplyIn(Schema):
    targets: list[int] = Field(max_length=10_000)
    same_package: bool = False


class ChangedOut(Schema):
    changed: int


class ChangeOut(Schema):
    finding_id: int
    label: str
    before: str
    after: str
    origin: str


class CommentOut(Schema):
    id: int
    author: str
    at: datetime
    text: str


class FindingDetailOut(Schema):
    finding: FindingOut
    decision: dict[str, Any] | None
    sources: dict[str, Any]
    paths: list[dict[str, Any]]
    comments: list[CommentOut]
    history: list[dict[str, Any]]
    cases: list[str]
    remediation_policy: str


class CaseOpenedOut(Schema):
    reference: str
    created: bool = Field(description="false: linked to an open case about the same vulnerability")


def _decide(request: HttpRequest, ids: list[int], payload: DecisionIn) -> ChangedOut:
    triage.decide(
        context(request), ids, payload.state, payload.justification, payload.impact_statement,
        payload.responses, payload.action_statement,
    )  # fmt: skip
    return ChangedOut(changed=len(set(ids)))


@router.post(
    "/findings/triage", response={200: ChangedOut, **ERRORS}, summary="Decide many findings"
)
def decide_many(request: HttpRequest, payload: BulkDecisionIn) -> ChangedOut:
    return _decide(request, payload.finding_ids, payload)


@router.post(
    "/findings/assignment", response={200: ChangedOut, **ERRORS}, summary="Assign many findings"
)
def assign_many(request: HttpRequest, payload: BulkAssignmentIn) -> ChangedOut:
    count = triage.assign(context(request), payload.finding_ids, payload.assignee, payload.due)
    return ChangedOut(changed=count)


@router.get(
    "/findings/{finding_id}", response={200: FindingDetailOut, **ERRORS}, summary="One finding"
)
def detail(request: HttpRequest, finding_id: int) -> FindingDetailOut:
    ctx = context(request)
    found = workbench.finding_detail(ctx, finding_id)
    decision = found.decision
    enrichment = found.enrichment
    return FindingDetailOut(
        finding=finding_out(found.row),
        decision=(
            {
                **decision.decision.as_dict(),
                "origin": decision.origin,
                "origin_detail": decision.origin_detail,
                "origin_finding_id": decision.origin_finding_id,
                "decided_by": decision.decided_by,
                "decided_at": decision.decided_at,
            }
            if decision
            else None
        ),
        sources={
            "severity_source": enrichment.severity_source if enrichment else "",
            "ratings": list(enrichment.candidates) if enrichment else [],
            "weaknesses": list(enrichment.weaknesses) if enrichment else [],
            "exploitation": enrichment.exploitation if enrichment else "",
            "exploitation_source": enrichment.exploitation_source if enrichment else "",
            "cve_records": [r.cve_id for r in found.cve_records],
        },
        paths=[{"sbom": p.sbom_label, "steps": list(p.steps)} for p in found.paths],
        comments=[
            CommentOut(id=c.id, author=c.author, at=c.at, text=c.text) for c in found.comments
        ],
        history=[
            {"at": e.at, "actor": e.actor, "kind": e.kind, "data": e.data} for e in found.history
        ],
        cases=[c.reference for c in finding_cases.cases_for_finding(ctx, finding_id)],
        remediation_policy=found.policy_rule,
    )


@router.post(
    "/findings/{finding_id}/triage",
    response={200: ChangedOut, **ERRORS},
    summary="Decide one finding",
)
def decide_one(request: HttpRequest, finding_id: int, payload: DecisionIn) -> ChangedOut:
    return _decide(request, [finding_id], payload)


@router.post("/findings/{finding_id}/assignment", response={200: ChangedOut, **ERRORS})
def assign_one(request: HttpRequest, finding_id: int, payload: AssignmentIn) -> ChangedOut:
    return ChangedOut(
        changed=triage.assign(context(request), [finding_id], payload.assignee, payload.due)
    )


@router.post("/findings/{finding_id}/comments", response={201: CommentOut, **ERRORS})
def comment(request: HttpRequest, finding_id: int, payload: CommentIn) -> Status[CommentOut]:
    made = triage.comment(context(request), finding_id, payload.text)
    return Status(201, CommentOut(id=made.id, author=made.author, at=made.at, text=made.text))


@router.get(
    "/findings/{finding_id}/apply-preview",
    response={200: list[ChangeOut], **ERRORS},
    summary="What applying this finding's decision to the same vulnerability elsewhere changes",
)
def apply_preview(
    request: HttpRequest, finding_id: int, same_package: bool = False
) -> list[ChangeOut]:
    changes = triage.preview_apply(context(request), finding_id, same_package)
    return [
        ChangeOut(
            finding_id=c.finding_id, label=c.label, before=c.before, after=c.after, origin=c.origin
        )
        for c in changes
    ]


@router.post("/findings/{finding_id}/apply", response={200: ChangedOut, **ERRORS})
def apply(request: HttpRequest, finding_id: int, payload: ApplyIn) -> ChangedOut:
    count = triage.apply_decision(
        context(request), finding_id, payload.targets, payload.same_package
    )
    return ChangedOut(changed=count)


@router.post(
    "/findings/{finding_id}/case",
    response={201: CaseOpenedOut, 200: CaseOpenedOut, **ERRORS},
    summary="Open the Art. 14 case this finding calls for (proposed; awareness is confirmed on the case)",
)
def open_case(request: HttpRequest, finding_id: int) -> Status[CaseOpenedOut]:
    case, created = finding_cases.open_case_from_finding(context(request), finding_id)
    return Status(201 if created else 200, CaseOpenedOut(reference=case.reference, created=created))
