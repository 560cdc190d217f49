"""Automatic evidence for AI-P2-5 / AI-P2-6 follows the disclosure records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rempart.core.clock import FixedClock
from rempart.core.evidence import EvidenceState
from rempart.core.register import ProductDraft
from rempart.services.assessment import providers as evidence_registry
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.products import register as products
from rempart.store.models import VulnerabilityReport


def states(ctx: ServiceContext, product_id: int) -> dict[str, EvidenceState]:
    return {e.key: e.state for e in evidence_registry.collect(ctx, product_id)}


def test_evidence_follows_settings_expiry_and_queue(
    organization, operator, typical_answers
) -> None:
    assert "disclosure" in evidence_registry.providers()
    product = products.create_product(
        operator, ProductDraft(name="Nimbus", scope_answers=typical_answers, support_months=60)
    )
    before = states(operator, product.id)
    assert before["cvd.policy"] == EvidenceState.MISSING
    assert before["cvd.contact"] == EvidenceState.MISSING

    disclosure.save_settings(operator, {"contacts": ["mailto:psirt@test.example"]})
    evidence = {e.key: e for e in evidence_registry.collect(operator, product.id)}
    assert evidence["cvd.policy"].state == EvidenceState.PRESENT
    assert evidence["cvd.contact"].state == EvidenceState.PRESENT
    assert operator.page_path(evidence["cvd.contact"].link) == "/.well-known/security.txt"
    assert "AI-P2-6" in evidence["cvd.contact"].requirement_ids
    assert "AI-P2-5" in evidence["cvd.policy"].requirement_ids

    later = ServiceContext(
        Actor.operator("t"), FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC) + timedelta(days=170))
    )
    assert states(later, product.id)["cvd.contact"] == EvidenceState.ATTENTION
    expired = ServiceContext(
        Actor.operator("t"), FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC) + timedelta(days=181))
    )
    assert states(expired, product.id)["cvd.contact"] == EvidenceState.MISSING

    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    VulnerabilityReport.objects.create(
        reference="VR-0000-0000-0001",
        product_id=product.id,
        summary="s",
        details="d",
        channel="web",
        received_at=now - timedelta(days=10),
        updated_at=now,
    )
    assert states(operator, product.id)["cvd.reports-handled"] == EvidenceState.ATTENTION
    disclosure.save_settings(operator, {"published_products": ["someone-else"]})
    assert states(operator, product.id)["cvd.policy"] == EvidenceState.ATTENTION


def test_deadlines_for_reminders(organization, operator, typical_answers) -> None:
    from rempart.services.disclosure import deadlines as disclosure_deadlines
    from rempart.services.notifications import deadlines as deadline_registry

    assert "disclosure" in deadline_registry.sources()
    assert disclosure_deadlines.deadlines(operator) == []  # nothing saved, nothing received
    product = products.create_product(
        operator, ProductDraft(name="Nimbus", scope_answers=typical_answers, support_months=60)
    )
    disclosure.save_settings(operator, {"contacts": ["mailto:psirt@test.example"]})
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    VulnerabilityReport.objects.create(
        reference="VR-0000-0000-0002",
        product_id=product.id,
        summary="s",
        details="d",
        channel="web",
        received_at=now,
        updated_at=now,
    )
    found = {d.key: d for d in disclosure_deadlines.deadlines(operator)}
    assert found["security-txt:expires"].due_at == now + timedelta(days=180)
    assert found["report:VR-0000-0000-0002:acknowledge"].due_at == now + timedelta(days=5)
    assert not found["report:VR-0000-0000-0002:acknowledge"].done
    assert found["report:VR-0000-0000-0002:triage"].citation == "AI-P2-5"
