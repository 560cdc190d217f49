"""Every shipped capability's evidence providers and deadline sources are found without setup."""

from __future__ import annotations

from rempart.services import deadline_registry, evidence_registry


def test_shipped_evidence_providers_are_registered() -> None:
    names = set(evidence_registry.providers())
    assert {"assess.sbom", "assess.support", "disclosure", "risk.assessment"} <= names


def test_shipped_deadline_sources_are_registered() -> None:
    assert {"reporting", "disclosure", "risk.reviews"} <= set(deadline_registry.sources())
