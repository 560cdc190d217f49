"""Triage decisions, assignments, comments and their history: rows ↔ values (store layer).

Writes are set-based: deciding 1,000 findings at once costs a handful of statements (one read
of the current decisions, one bulk insert, one bulk update, one bulk insert of history).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from rempart.core.remediation import RemediationWindows
from rempart.core.triage import Decision, Justification, Response, TriageState, component_key
from rempart.store.models import (
    AssessmentSettings,
    Finding,
    FindingAssignment,
    FindingComment,
    FindingDecision,
    Organization,
    TriageEvent,
    VexDocument,
)

BATCH = 1000


@dataclass(frozen=True, slots=True)
class DecisionView:
    finding_id: int
    decision: Decision
    origin: str
    origin_detail: str
    origin_finding_id: int | None
    origin_vex_id: int | None
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class EventView:
    at: datetime
    actor: str
    kind: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    author: str
    at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Identity:
    """What a decision is about: the finding's vulnerability and component."""

    finding_id: int
    release_id: int
    product_id: int
    vulnerability_id: str
    aliases: tuple[str, ...]
    component_key: str
    label: str  # "product version: component version (vulnerability)"


def decision_of_row(row: FindingDecision) -> Decision:
    return Decision(
        TriageState(row.state),
        Justification(row.justification) if row.justification else None,
        row.impact_statement,
        tuple(Response(r) for r in row.responses),
        row.action_statement,
    )


def _view(row: FindingDecision) -> DecisionView:
    return DecisionView(
        row.finding_id,
        decision_of_row(row),
        row.origin,
        row.origin_detail,
        row.origin_finding_id,
        row.origin_vex_id,
        row.decided_by,
        row.decided_at,
    )


def decision(finding_id: int) -> DecisionView | None:
    row = FindingDecision.objects.filter(finding_id=finding_id).first()
    return _view(row) if row else None


def decisions(finding_ids: Collection[int]) -> dict[int, DecisionView]:
    rows = FindingDecision.objects.filter(finding_id__in=list(finding_ids))
    return {row.finding_id: _view(row) for row in rows}


def identities(finding_ids: Collection[int]) -> dict[int, Identity]:
    rows = Finding.objects.filter(pk__in=list(finding_ids)).values_list(
        "pk", "release_id", "release__product_id", "release__product__name", "release__version",
        "vulnerability_id", "aliases", "component_purl", "component_name", "component_version",
    )  # fmt: skip
    found = {}
    for pk, release, product, pname, version, vid, aliases, purl, cname, cversion in rows:
        found[pk] = Identity(
            pk, release, product, vid, tuple(aliases), component_key(purl, cname, cversion),
            f"{pname} {version}: {cname} {cversion} ({vid})",
        )  # fmt: skip
    return found


def save_decisions(
    finding_ids: Sequence[int],
    made: Decision,
    *,
    origin: str,
    detail: str,
    actor: str,
    now: datetime,
    origin_finding_id: int | None = None,
    origin_vex_id: int | None = None,
) -> dict[int, Decision | None]:
    """Set one decision on many findings; return each finding's previous decision (or None)."""
    known = identities(finding_ids)
    current = {
        row.finding_id: row for row in FindingDecision.objects.filter(finding_id__in=list(known))
    }
    before: dict[int, Decision | None] = {}
    created: list[FindingDecision] = []
    updated: list[FindingDecision] = []
    values = {
        "state": made.state.value,
        "justification": made.justification.value if made.justification else "",
        "impact_statement": made.impact_statement,
        "responses": [r.value for r in made.responses],
        "action_statement": made.action_statement,
        "origin": origin,
        "origin_detail": detail[:500],
        "origin_finding_id": origin_finding_id,
        "origin_vex_id": origin_vex_id,
        "decided_by": actor,
        "decided_at": now,
    }
    for finding_id in finding_ids:
        identity = known.get(finding_id)
        if identity is None:
            continue
        row = current.get(finding_id)
        before[finding_id] = decision_of_row(row) if row else None
        if row is None:
            created.append(
                FindingDecision(
                    finding_id=finding_id,
                    vulnerability_id=identity.vulnerability_id,
                    component_key=identity.component_key,
                    **values,
                )
            )
        else:
            for name, value in values.items():
                setattr(row, name, value)
            updated.append(row)
    FindingDecision.objects.bulk_create(created, batch_size=BATCH)
    FindingDecision.objects.bulk_update(updated, list(values), batch_size=BATCH)
    events = [
        TriageEvent(
            finding_id=finding_id,
            at=now,
            actor=actor,
            kind="decision",
            data={
                "before": previous.as_dict() if previous else None,
                "after": made.as_dict(),
                "origin": origin,
                "detail": detail[:500],
            },
        )
        for finding_id, previous in before.items()
    ]
    TriageEvent.objects.bulk_create(events, batch_size=BATCH)
    return before


def set_assignments(
    finding_ids: Sequence[int],
    assignee_id: int | None,
    assignee_name: str,
    due_at: datetime | None,
    *,
    actor: str,
    now: datetime,
) -> int:
    """Assign findings (``None``: unassign) and set or clear a hand-set due time."""
    existing = {
        row.finding_id: row
        for row in FindingAssignment.objects.filter(finding_id__in=list(finding_ids))
    }
    present = set(Finding.objects.filter(pk__in=list(finding_ids)).values_list("pk", flat=True))
    created, updated, events = [], [], []
    for finding_id in finding_ids:
        if finding_id not in present:
            continue
        row = existing.get(finding_id)
        before = (
            {
                "assignee_id": row.assignee_id,
                "due_at": row.due_at.isoformat() if row.due_at else None,
            }
            if row
            else None
        )
        if row is None:
            row = FindingAssignment(finding_id=finding_id)
            created.append(row)
        else:
            updated.append(row)
        row.assignee_id, row.due_at, row.updated_by, row.updated_at = (
            assignee_id,
            due_at,
            actor,
            now,
        )
        events.append(
            TriageEvent(
                finding_id=finding_id, at=now, actor=actor, kind="assignment",
                data={"before": before, "assignee": assignee_name or None,
                      "due_at": due_at.isoformat() if due_at else None},
            )
        )  # fmt: skip
    FindingAssignment.objects.bulk_create(created, batch_size=BATCH)
    FindingAssignment.objects.bulk_update(
        updated, ["assignee_id", "due_at", "updated_by", "updated_at"], batch_size=BATCH
    )
    TriageEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(events)


def add_comment(finding_id: int, author: str, text: str, now: datetime) -> CommentView:
    row = FindingComment.objects.create(finding_id=finding_id, author=author, at=now, text=text)
    TriageEvent.objects.create(
        finding_id=finding_id, at=now, actor=author, kind="comment", data={"comment_id": row.pk}
    )
    return CommentView(row.pk, row.author, row.at, row.text)


def comments(finding_id: int) -> list[CommentView]:
    return [
        CommentView(row.pk, row.author, row.at, row.text)
        for row in FindingComment.objects.filter(finding_id=finding_id)
    ]


def history(finding_id: int) -> list[EventView]:
    return [
        EventView(row.at, row.actor, row.kind, dict(row.data))
        for row in TriageEvent.objects.filter(finding_id=finding_id)
    ]


def same_vulnerability(
    ids: Collection[str], exclude: Collection[int], package: str = ""
) -> list[int]:
    """Open findings whose vulnerability id or an alias is one of ``ids`` (other than ``exclude``)."""
    wanted = {i.upper() for i in ids if i}
    condition = Q(vulnerability_id__in=list(ids))
    for alias in wanted:
        condition |= Q(aliases__icontains=alias)
    rows = Finding.objects.filter(condition, status=Finding.Status.OPEN).exclude(
        pk__in=list(exclude)
    )
    if package:
        rows = rows.filter(package=package)
    found = []
    for pk, vid, aliases in rows.values_list("pk", "vulnerability_id", "aliases").order_by("pk"):
        names = {vid.upper(), *(a.upper() for a in aliases)}
        if names & wanted:
            found.append(pk)
    return found


def undecided_in_release(release_pk: int) -> dict[int, tuple[str, str]]:
    """finding id -> (vulnerability id, component key) of the release's undecided findings."""
    rows = Finding.objects.filter(release_id=release_pk, decision__isnull=True).values_list(
        "pk", "vulnerability_id", "component_purl", "component_name", "component_version"
    )
    return {pk: (vid, component_key(purl, n, v)) for pk, vid, purl, n, v in rows}


@dataclass(frozen=True, slots=True)
class Inheritable:
    finding_id: int  # the finding the decision was made on (or first made on)
    release_label: str
    decision: Decision
    decided_by: str
    decided_at: datetime


def inheritable(
    product_id: int, exclude_release: int, vulnerability_ids: Iterable[str]
) -> dict[tuple[str, str], Inheritable]:
    """The newest decision per (vulnerability, component key) in the product's other releases."""
    rows = (
        FindingDecision.objects.filter(
            finding__release__product_id=product_id,
            vulnerability_id__in=list(set(vulnerability_ids)),
        )
        .exclude(finding__release_id=exclude_release)
        .select_related("finding__release")
        .order_by("-decided_at", "-pk")
    )
    found: dict[tuple[str, str], Inheritable] = {}
    for row in rows:
        key = (row.vulnerability_id, row.component_key)
        if key in found:
            continue
        # An inherited decision points at its original finding, so the chain stays short.
        source = (
            row.origin_finding_id
            if row.origin == "inherited" and row.origin_finding_id
            else row.finding_id
        )
        found[key] = Inheritable(
            source, f"{row.finding.release.version}", decision_of_row(row), row.decided_by,
            row.decided_at,
        )  # fmt: skip
    return found


def release_product(release_pk: int) -> int | None:
    return (
        Finding.objects.filter(release_id=release_pk)
        .values_list("release__product_id", flat=True)
        .first()
    )


def store_vex_document(values: dict[str, Any]) -> int:
    return int(VexDocument.objects.create(**values).pk)


def set_vex_applied(document_id: int, applied: int) -> None:
    VexDocument.objects.filter(pk=document_id).update(applied=applied)


def remediation_windows() -> RemediationWindows:
    """The organization's remediation policy (defaults when nothing is saved)."""
    row = AssessmentSettings.objects.filter(organization=Organization.objects.first()).first()
    if row is None:
        row = AssessmentSettings()  # defaults, unsaved
    return RemediationWindows(
        row.kev_remediation_days,
        row.critical_remediation_days,
        row.high_remediation_days,
        row.medium_remediation_days,
        row.low_remediation_days,
        row.unknown_remediation_days,
    )


def user_id(username: str) -> int | None:
    return (
        get_user_model()
        .objects.filter(username=username, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )
