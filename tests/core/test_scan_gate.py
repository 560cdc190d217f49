"""The CI gate of ``rempart scan``: findings outrank "not assessed", which outranks a pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rempart.core.component import Component
from rempart.core.index import AdvisoryIndex, AdvisorySource
from rempart.core.matching import match_components
from rempart.core.scan_gate import GateOutcome, gate

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _result(components: list[Component], fresh: bool = True):  # type: ignore[no-untyped-def]
    as_of = NOW - (timedelta(days=1) if fresh else timedelta(days=30))
    source = AdvisorySource("osv:PyPI", frozenset({"PyPI"}), 0, None, retrieved_at=as_of)
    index = AdvisoryIndex.build([], (source,))
    return match_components(components, index, now=NOW, max_source_age=timedelta(days=7))


def test_nothing_to_assess_never_passes() -> None:
    assert gate(_result([]), None, strict=False) is GateOutcome.NOT_ASSESSED


def test_a_fresh_source_and_identified_components_pass() -> None:
    component = Component(
        bom_ref="a", name="requests", version="2.31.0", purl="pkg:pypi/requests@2.31.0"
    )
    assert gate(_result([component]), "high", strict=False) is GateOutcome.PASS


def test_stale_data_is_not_assessed() -> None:
    component = Component(
        bom_ref="a", name="requests", version="2.31.0", purl="pkg:pypi/requests@2.31.0"
    )
    assert gate(_result([component], fresh=False), None, strict=False) is GateOutcome.NOT_ASSESSED


def test_strict_refuses_components_without_a_purl() -> None:
    named = Component(bom_ref="b", name="vendored-thing", version="1")
    assert gate(_result([named]), None, strict=False) is GateOutcome.PASS
    assert gate(_result([named]), None, strict=True) is GateOutcome.NOT_ASSESSED
