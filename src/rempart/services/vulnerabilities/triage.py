"""Triage of findings: decide, assign, comment, apply elsewhere, inherit (services layer).

Every edge calls these functions. Each checks the role, validates with the core
(:func:`rempart.core.triage.parse_decision`), stores in one transaction with the finding's
history (``TriageEvent``) and appends one audit event, also for a bulk change of 1,000
findings (the event lists them).

- ``decide``: a person's decision on one or many findings.
- ``preview_apply`` / ``apply_decision``: the same decision for the same vulnerability in
  other releases and products, explicitly, after a preview of what changes.
- ``inherit_decisions``: after a scan, a release's undecided findings take the newest
  decision made for the same vulnerability and the same, unchanged component (purl with
  version) in another release of the product; shown as inherited, with where from.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db import transaction

from rempart.core.errors import InvalidInput, NotFound
from rempart.core.remediation import RemediationWindows
from rempart.core.triage import Decision, parse_decision
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import triage as repo
from rempart.store.repositories.triage import CommentView as CommentView
from rempart.store.repositories.triage import DecisionView as DecisionView
from rempart.store.repositories.triage import EventView as EventView

MAX_BULK = 10_000
COMMENT_MAX = 10_000


@dataclass(frozen=True, slots=True)
class Change:
    """One finding a decision would change (the preview of "apply to other releases")."""

    finding_id: int
    label: str
    before: str  # the current state ("in_triage" when undecided)
    after: str
    origin: str  # the current decision's origin, "" when undecided


def policy(ctx: ServiceContext) -> RemediationWindows:
    require(ctx, Action.READ)
    return repo.remediation_windows()


def _check_ids(finding_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in finding_ids))
    if not ids:
        raise InvalidInput.single("findings", "select at least one finding")
    if len(ids) > MAX_BULK:
        raise InvalidInput.single("findings", f"at most {MAX_BULK:,} findings at once")
    known = repo.identities(ids)
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFound(
            f"no finding {missing[0]}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
        )
    return ids


def decide(
    ctx: ServiceContext,
    finding_ids: Sequence[int],
    state: str,
    justification: str | None = None,
    impact_statement: str = "",
    responses: Sequence[str] = (),
    action_statement: str = "",
) -> Decision:
    """Record a person's triage decision on one or many findings."""
    require(ctx, Action.WRITE)
    made = parse_decision(
        state, justification, impact_statement, tuple(responses), action_statement
    )
    ids = _check_ids(finding_ids)
    with transaction.atomic():
        before = repo.save_decisions(
            ids, made, origin="manual", detail="", actor=ctx.actor.name, now=ctx.clock.now()
        )
        audit.record(
            ctx,
            "finding.triage",
            "finding",
            str(ids[0]) if len(ids) == 1 else f"{len(ids)} findings",
            {
                **made.as_dict(),
                "findings": ids,
                "before": {str(k): v.state.value if v else None for k, v in before.items()},
            },
        )
    return made


def _source_decision(finding_id: int) -> tuple[DecisionView, repo.Identity]:
    current = repo.decision(finding_id)
    identity = repo.identities([finding_id]).get(finding_id)
    if identity is None:
        raise NotFound(f"no finding {finding_id}")
    if current is None:
        raise InvalidInput.single(
            "finding", f"finding {finding_id} has no decision yet; decide it first, then apply it"
        )
    return current, identity


def preview_apply(ctx: ServiceContext, finding_id: int, same_package: bool = False) -> list[Change]:
    """What applying finding ``finding_id``'s decision to the same vulnerability would change."""
    require(ctx, Action.READ)
    current, identity = _source_decision(finding_id)
    package = _package_of(finding_id) if same_package else ""
    targets = repo.same_vulnerability(
        (identity.vulnerability_id, *identity.aliases), {finding_id}, package
    )
    existing = repo.decisions(targets)
    labels = repo.identities(targets)
    changes = []
    for target in targets:
        now_decision = existing.get(target)
        before = now_decision.decision.state.value if now_decision else "in_triage"
        if now_decision is not None and now_decision.decision == current.decision:
            continue  # already says the same
        changes.append(
            Change(
                target,
                labels[target].label,
                before,
                current.decision.state.value,
                now_decision.origin if now_decision else "",
            )
        )
    return changes


def _package_of(finding_id: int) -> str:
    from rempart.store.models import Finding

    return str(
        Finding.objects.filter(pk=finding_id).values_list("package", flat=True).first() or ""
    )


def apply_decision(
    ctx: ServiceContext, finding_id: int, targets: Collection[int], same_package: bool = False
) -> int:
    """Copy a finding's decision onto ``targets`` (each must be in its preview); return the count."""
    require(ctx, Action.WRITE)
    wanted = {int(t) for t in targets}
    if not wanted:
        raise InvalidInput.single("targets", "select at least one finding to apply the decision to")
    allowed = {c.finding_id for c in preview_apply(ctx, finding_id, same_package)}
    outside = sorted(wanted - allowed)
    if outside:
        raise InvalidInput.single(
            "targets",
            f"finding {outside[0]} is not in the preview (another vulnerability, resolved, or "
            "already the same decision)",
        )
    current, identity = _source_decision(finding_id)
    ids = sorted(wanted)
    with transaction.atomic():
        repo.save_decisions(
            ids,
            current.decision,
            origin="applied",
            detail=f"applied from {identity.label}",
            actor=ctx.actor.name,
            now=ctx.clock.now(),
            origin_finding_id=finding_id,
        )
        audit.record(
            ctx,
            "finding.triage.apply",
            "finding",
            str(finding_id),
            {**current.decision.as_dict(), "findings": ids, "from": identity.label},
        )
    return len(ids)


def assign(
    ctx: ServiceContext,
    finding_ids: Sequence[int],
    assignee: str | None,
    due: date | None = None,
) -> int:
    """Assign findings to a user (``None``: nobody) and optionally set a due date by hand."""
    require(ctx, Action.WRITE)
    ids = _check_ids(finding_ids)
    user_id = None
    if assignee:
        user_id = repo.user_id(assignee)
        if user_id is None:
            raise InvalidInput.single("assignee", f"no active user {assignee!r}")
    due_at = datetime.combine(due, time(0, 0), tzinfo=UTC) if due else None
    with transaction.atomic():
        count = repo.set_assignments(
            ids, user_id, assignee or "", due_at, actor=ctx.actor.name, now=ctx.clock.now()
        )
        audit.record(
            ctx,
            "finding.assign",
            "finding",
            str(ids[0]) if len(ids) == 1 else f"{len(ids)} findings",
            {"findings": ids, "assignee": assignee, "due": due.isoformat() if due else None},
        )
    return count


def comment(ctx: ServiceContext, finding_id: int, text: str) -> CommentView:
    require(ctx, Action.WRITE)
    text = text.strip()
    if not text:
        raise InvalidInput.single("text", "write a comment")
    if len(text) > COMMENT_MAX:
        raise InvalidInput.single("text", f"at most {COMMENT_MAX:,} characters")
    _check_ids([finding_id])
    with transaction.atomic():
        view = repo.add_comment(finding_id, ctx.actor.name, text, ctx.clock.now())
        audit.record(
            ctx,
            "finding.comment",
            "finding",
            str(finding_id),
            {"comment_id": view.id, "text": text},
        )
    return view


def comments(ctx: ServiceContext, finding_id: int) -> list[CommentView]:
    require(ctx, Action.READ)
    return repo.comments(finding_id)


def history(ctx: ServiceContext, finding_id: int) -> list[EventView]:
    require(ctx, Action.READ)
    return repo.history(finding_id)


def decision(ctx: ServiceContext, finding_id: int) -> DecisionView | None:
    require(ctx, Action.READ)
    return repo.decision(finding_id)


def inherit_decisions(ctx: ServiceContext, release_pk: int) -> int:
    """Give the release's undecided findings the decisions of unchanged components elsewhere.

    Call inside the scan's transaction. Returns how many findings inherited a decision.
    """
    undecided = repo.undecided_in_release(release_pk)
    if not undecided:
        return 0
    product_id = repo.release_product(release_pk)
    if product_id is None:
        return 0
    sources = repo.inheritable(product_id, release_pk, {vid for vid, _ in undecided.values()})
    if not sources:
        return 0
    now = ctx.clock.now()
    by_source: dict[int, list[int]] = {}
    found: dict[int, repo.Inheritable] = {}
    for finding_id, key in undecided.items():
        source = sources.get(key)
        if source is not None:
            by_source.setdefault(source.finding_id, []).append(finding_id)
            found[source.finding_id] = source
    inherited = 0
    for source_id, targets in sorted(by_source.items()):
        source = found[source_id]
        detail = f"inherited from release {source.release_label} ({source.decided_by}, {source.decided_at:%Y-%m-%d})"
        repo.save_decisions(
            targets,
            source.decision,
            origin="inherited",
            detail=detail,
            actor=ctx.actor.name,
            now=now,
            origin_finding_id=source_id,
        )
        inherited += len(targets)
    audit.record(
        ctx,
        "finding.triage.inherit",
        "release",
        str(release_pk),
        {
            "findings": sorted(f for t in by_source.values() for f in t),
            "sources": sorted(by_source),
        },
    )
    return inherited


def assignable_users(ctx: ServiceContext) -> list[str]:
    """Usernames of active users who may work on findings (editors and admins)."""
    require(ctx, Action.READ)
    from rempart.store.repositories import accounts

    return [
        u.username for u in accounts.list_users() if u.is_active and u.role in ("admin", "editor")
    ]
