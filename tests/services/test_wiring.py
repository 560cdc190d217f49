"""Every shipped capability's evidence providers and deadline sources are found without setup."""

from __future__ import annotations

from rempart.services.assessment import providers as evidence_registry
from rempart.services.notifications import deadlines as deadline_registry


def test_shipped_evidence_providers_are_registered() -> None:
    names = set(evidence_registry.providers())
    assert {"assess.sbom", "assess.support", "disclosure", "risk.assessment"} <= names


def test_shipped_deadline_sources_are_registered() -> None:
    assert {"reporting", "disclosure", "risk.reviews", "assessment.actions"} <= set(
        deadline_registry.sources()
    )


def test_a_failing_provider_does_not_hide_the_others(db, operator, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from rempart.core.evidence import AutoEvidence, EvidenceState

    def broken(_ctx, _product_id):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    def working(_ctx, _product_id):  # type: ignore[no-untyped-def]
        return [AutoEvidence("ok", ("AI-P2-1",), "Fine", EvidenceState.PRESENT, "fine")]

    listed = {"broken": broken, "working": working}
    assert [e.key for e in evidence_registry.collect(operator, 1, listed)] == ["ok"]
    assert "evidence provider broken failed" in caplog.text
