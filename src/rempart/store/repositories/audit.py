"""Reading and appending audit events; the chain head is locked while appending."""

from __future__ import annotations

from collections.abc import Iterator

from rempart.core.audit import GENESIS_HASH, AuditRecord
from rempart.store.models import AuditEvent, AuditHead


def lock_head() -> tuple[int, str]:
    """The newest (seq, hash), locked until the surrounding transaction ends.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the single head row serializes writers.
    SQLite: the connection's IMMEDIATE transactions already hold the database write lock.
    """
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    return head.seq, head.hash


def append(record: AuditRecord) -> None:
    AuditEvent.objects.create(
        seq=record.seq,
        at=record.at,
        actor=record.actor,
        action=record.action,
        object_type=record.object_type,
        object_id=record.object_id,
        data=dict(record.data),
        prev_hash=record.prev_hash,
        hash=record.hash,
    )
    AuditHead.objects.filter(pk=1).update(seq=record.seq, hash=record.hash)


def head() -> tuple[int, str] | None:
    row = AuditHead.objects.filter(pk=1).first()
    return (row.seq, row.hash) if row else None


def _to_record(event: AuditEvent) -> AuditRecord:
    return AuditRecord(
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        data=event.data,
        prev_hash=event.prev_hash,
        hash=event.hash,
    )


def iter_records(batch: int = 2000) -> Iterator[AuditRecord]:
    """Every event in sequence order, read in batches (keyset pagination)."""
    last = -1
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield from (_to_record(event) for event in chunk)
        last = chunk[-1].seq


def recent(
    limit: int,
    object_type: str | None = None,
    object_id: str | None = None,
    before_seq: int | None = None,
) -> list[AuditRecord]:
    query = AuditEvent.objects.all()
    if object_type:
        query = query.filter(object_type=object_type)
    if object_id:
        query = query.filter(object_id=object_id)
    if before_seq:
        query = query.filter(seq__lt=before_seq)
    return [_to_record(event) for event in query.order_by("-seq")[:limit]]
