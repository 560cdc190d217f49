"""The append-only audit trail as a SHA-256 hash chain (core layer).

Each event's hash covers its canonical JSON (sequence number, time, actor, action, object,
data) and the previous event's hash, so editing, deleting or reordering any stored event
breaks the chain from that point. The store keeps the head of the chain (last sequence and
hash) separately, so deleting the newest events is detected too. ``verify_chain`` names
every event that no longer fits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit event as stored."""

    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    data: Mapping[str, object] = field(default_factory=dict)
    prev_hash: str = GENESIS_HASH
    hash: str = ""


def canonical_bytes(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    data: Mapping[str, object],
    prev_hash: str,
) -> bytes:
    """The exact bytes that are hashed: sorted-key compact JSON, times in UTC ISO 8601."""
    document = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "data": data,
        "prev_hash": prev_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(record: AuditRecord) -> str:
    payload = canonical_bytes(
        record.seq,
        record.at,
        record.actor,
        record.action,
        record.object_type,
        record.object_id,
        record.data,
        record.prev_hash,
    )
    return hashlib.sha256(payload).hexdigest()


def chain_next(
    previous_seq: int,
    previous_hash: str,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    data: Mapping[str, object],
) -> AuditRecord:
    """The next event after (``previous_seq``, ``previous_hash``), with its hash computed."""
    # Round-trip the data through JSON so what is hashed is exactly what storage returns.
    normalized = json.loads(json.dumps(data, sort_keys=True, default=str))
    record = AuditRecord(
        previous_seq + 1, at, actor, action, object_type, object_id, normalized, previous_hash
    )
    return AuditRecord(
        record.seq,
        record.at,
        record.actor,
        record.action,
        record.object_type,
        record.object_id,
        record.data,
        record.prev_hash,
        event_hash(record),
    )


class BreakKind(StrEnum):
    EDITED = "edited"  # the stored hash no longer matches the event's content
    LINK = "link"  # prev_hash does not match the previous event's hash (deleted or reordered)
    GAP = "gap"  # sequence numbers skip: events were deleted
    TRUNCATED = "truncated"  # the newest events were deleted (head of the chain is ahead)


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    kind: BreakKind
    message: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    checked: int
    breaks: tuple[ChainBreak, ...]

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify_chain(
    records: Iterable[AuditRecord], head_seq: int | None = None, head_hash: str | None = None
) -> ChainReport:
    """Check every event in sequence order; name each one that does not fit."""
    breaks: list[ChainBreak] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for record in records:
        checked += 1
        gap = record.seq != expected_seq
        if gap:
            missing = (
                f"{expected_seq}"
                if record.seq == expected_seq + 1
                else f"{expected_seq}–{record.seq - 1}"
            )
            breaks.append(
                ChainBreak(
                    record.seq,
                    BreakKind.GAP,
                    f"event(s) {missing} missing before event {record.seq}",
                )
            )
        if event_hash(record) != record.hash:
            breaks.append(
                ChainBreak(
                    record.seq,
                    BreakKind.EDITED,
                    f"event {record.seq} was modified: its content no longer matches its hash",
                )
            )
        elif record.prev_hash != expected_prev and not gap:
            breaks.append(
                ChainBreak(
                    record.seq,
                    BreakKind.LINK,
                    f"event {record.seq} does not follow the event before it",
                )
            )
        expected_prev = record.hash
        expected_seq = record.seq + 1
    last_seq = expected_seq - 1
    if head_seq is not None and head_seq > last_seq:
        breaks.append(
            ChainBreak(
                head_seq,
                BreakKind.TRUNCATED,
                f"events {last_seq + 1}–{head_seq} were deleted from the end of the trail",
            )
        )
    elif head_hash is not None and checked and head_hash != expected_prev:
        breaks.append(
            ChainBreak(
                last_seq,
                BreakKind.LINK,
                f"the newest event {last_seq} is not the one the chain head records",
            )
        )
    return ChainReport(checked, tuple(breaks))
