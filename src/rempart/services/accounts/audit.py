"""Appending to and verifying the audit trail (services layer).

``record`` must run inside the transaction that makes the change it records, so a change
and its audit event are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from rempart.core.audit import AuditRecord, ChainReport, chain_next, verify_chain
from rempart.core.errors import InvalidInput
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import audit as audit_repo


def record(
    ctx: ServiceContext, action: str, object_type: str, object_id: str, data: Mapping[str, object]
) -> AuditRecord:
    """Append one event to the chain. Call inside ``transaction.atomic()``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events must be recorded inside the change's transaction")
    seq, previous_hash = audit_repo.lock_head()
    event = chain_next(
        seq, previous_hash, ctx.clock.now(), ctx.actor.name, action, object_type, object_id, data
    )
    audit_repo.append(event)
    return event


def verify_audit_trail(ctx: ServiceContext) -> ChainReport:
    """Recompute the whole chain and name every event that was edited or removed."""
    require(ctx, Action.AUDIT)
    head = audit_repo.head()
    head_seq, head_hash = head if head else (None, None)
    return verify_chain(audit_repo.iter_records(), head_seq=head_seq, head_hash=head_hash)


def list_events(
    ctx: ServiceContext,
    limit: int = 100,
    object_type: str | None = None,
    object_id: str | None = None,
    before_seq: int | None = None,
) -> list[AuditRecord]:
    require(ctx, Action.AUDIT)
    if not 1 <= limit <= 1000:
        raise InvalidInput.single("limit", "must be between 1 and 1000")
    return audit_repo.recent(limit, object_type, object_id, before_seq)
