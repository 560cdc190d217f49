"""The audit hash chain detects edits, deletions, reordering and truncation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from rempart.core.audit import BreakKind, chain_next, verify_chain


def _chain(n: int) -> list:  # type: ignore[type-arg]
    records = []
    seq, prev = 0, "0" * 64
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for i in range(n):
        record = chain_next(
            seq,
            prev,
            start + timedelta(minutes=i),
            "alice",
            "product.create",
            "product",
            str(i),
            {"name": f"P{i}"},
        )
        records.append(record)
        seq, prev = record.seq, record.hash
    return records


def test_intact_chain_verifies() -> None:
    records = _chain(5)
    report = verify_chain(records, head_seq=5, head_hash=records[-1].hash)
    assert report.intact
    assert report.checked == 5


def test_edited_event_is_named() -> None:
    records = _chain(5)
    records[2] = replace(records[2], data={"name": "tampered"})
    report = verify_chain(records, head_seq=5, head_hash=records[-1].hash)
    assert [(b.seq, b.kind) for b in report.breaks] == [(3, BreakKind.EDITED)]


def test_rehashed_edit_is_caught_at_the_next_link() -> None:
    records = _chain(4)
    forged = chain_next(
        1, records[0].hash, records[1].at, "mallory", "product.create", "product", "1", {}
    )
    records[1] = forged
    report = verify_chain(records, head_seq=4, head_hash=records[-1].hash)
    assert [(b.seq, b.kind) for b in report.breaks] == [(3, BreakKind.LINK)]


def test_deleted_event_is_a_gap() -> None:
    records = _chain(5)
    del records[1]
    report = verify_chain(records, head_seq=5, head_hash=records[-1].hash)
    assert (3, BreakKind.GAP) in [(b.seq, b.kind) for b in report.breaks]


def test_deleted_tail_is_detected_through_the_head() -> None:
    records = _chain(5)
    report = verify_chain(records[:3], head_seq=5, head_hash=records[-1].hash)
    assert [b.kind for b in report.breaks] == [BreakKind.TRUNCATED]


def test_hash_covers_time_actor_and_data_types() -> None:
    a, b = _chain(2)
    assert a.hash != b.hash
    assert len(a.hash) == 64
