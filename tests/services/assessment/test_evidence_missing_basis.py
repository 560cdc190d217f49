"""No evidence provider says "present" when its own basis is missing (issue 11 item 3).

Each provider is fed the data it rests on with one piece missing or unknown: findings of
unknown severity, a scan that could not assess everything, an open Art. 14 case, an empty
SBOM, a support period without its recorded basis, an overdue risk assessment, a CVD policy
with no report yet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rempart.core.evidence import AutoEvidence, EvidenceState
from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft
from rempart.core.risk.assessment import AssessmentDraft, RiskDraft
from rempart.services.assessment import providers as evidence_registry
from rempart.services.disclosure import settings as disclosure
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.services.risk import assessment as risk
from rempart.services.sboms import release_sboms as sboms
from rempart.store.models import Finding, Product, Release, Scan, VulnerabilityReport

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the operator fixture's clock
EMPTY_SBOM = b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": []}'


@pytest.fixture
def product(organization, operator, typical_answers) -> int:  # type: ignore[no-untyped-def]
    created = products.create_product(
        operator,
        ProductDraft(
            name="Gateway",
            scope_answers=typical_answers,
            support_months=120,
            support_justification="Expected use time of smart meter gateways.",
        ),
    )
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    return created.id


def evidence(operator, product_id: int, key: str) -> AutoEvidence:  # type: ignore[no-untyped-def]
    return next(e for e in evidence_registry.collect(operator, product_id) if e.key == key)


def _scan(not_assessed: list[dict[str, str]] | None = None, outcome: str = "findings") -> None:
    Scan.objects.create(
        release=Release.objects.get(version="3.0.0"), at=NOW, trigger="manual", components=120,
        identified=120, not_assessed=not_assessed or [], sources=[], findings=115,
        new_findings=0, outcome=outcome,
    )  # fmt: skip


def _findings(count: int, severity: str, first_seen: datetime) -> None:
    release = Release.objects.get(version="3.0.0")
    Finding.objects.bulk_create(
        Finding(
            release=release, vulnerability_id=f"RUSTSEC-2026-{n:04d}", severity=severity,
            component_bom_ref=f"c{n}", component_name=f"crate-{n}", first_seen=first_seen,
            last_seen=first_seen,
        )
        for n in range(count)
    )  # fmt: skip


def test_findings_of_unknown_severity_count_as_possibly_critical(product, operator) -> None:  # type: ignore[no-untyped-def]
    _scan()
    _findings(115, "unknown", NOW - timedelta(days=45))  # past the 30-day critical window
    found = evidence(operator, product, "findings.overdue")
    assert found.state is EvidenceState.ATTENTION, found.detail
    assert "115 open KEV/critical finding(s) past their due date" in found.detail
    assert "115 of unknown severity, counted as possibly critical" in found.detail


def test_unscored_findings_within_their_window_are_not_yet_late(product, operator) -> None:  # type: ignore[no-untyped-def]
    _scan()
    _findings(3, "unknown", NOW - timedelta(days=2))
    found = evidence(operator, product, "findings.overdue")
    assert found.state is EvidenceState.PRESENT, found.detail
    assert "3 open within their window" in found.detail


def test_a_scan_that_could_not_assess_everything_is_attention(product, operator) -> None:  # type: ignore[no-untyped-def]
    _scan([{"bom_ref": "x", "purl": "", "reason": "stale_source", "detail": "old"}], "not-assessed")
    found = evidence(operator, product, "findings.overdue")
    assert found.state is EvidenceState.ATTENTION
    assert "could not assess 1 component(s)" in found.detail


def test_an_open_art14_case_is_attention(product, operator) -> None:  # type: ignore[no-untyped-def]
    _scan()
    assert evidence(operator, product, "findings.overdue").state is EvidenceState.PRESENT
    case = reporting.open_case(
        operator, CaseDraft(kind="vulnerability", title="Exploited", products=("gateway",))
    )
    found = evidence(operator, product, "findings.overdue")
    assert found.state is EvidenceState.ATTENTION
    assert case.reference in found.detail


def test_never_scanned_is_missing(product, operator) -> None:  # type: ignore[no-untyped-def]
    found = evidence(operator, product, "findings.overdue")
    assert found.state is EvidenceState.MISSING
    assert "not assessed, not clean" in found.detail


def test_an_sbom_without_components_is_attention(product, operator) -> None:  # type: ignore[no-untyped-def]
    sboms.import_sbom(operator, "gateway", "3.0.0", EMPTY_SBOM, label="empty")
    found = evidence(operator, product, "sbom.current-release")
    assert found.state is EvidenceState.ATTENTION
    assert "list no component" in found.detail


def test_a_support_period_without_its_basis_is_attention(product, operator) -> None:  # type: ignore[no-untyped-def]
    assert evidence(operator, product, "support.period").state is EvidenceState.PRESENT
    # A product registered before the basis was always required has none recorded.
    Product.objects.filter(pk=product).update(support_justification="")
    found = evidence(operator, product, "support.period")
    assert found.state is EvidenceState.ATTENTION
    assert "Annex VII point 4" in found.detail


def test_treatments_of_an_overdue_risk_assessment_are_attention(product, operator) -> None:  # type: ignore[no-untyped-def]
    risk.start_assessment(
        operator, "gateway", "3.0.0", AssessmentDraft(next_review_due=date(2026, 1, 1))
    )
    risk.add_risk(
        operator, "gateway", "3.0.0",
        RiskDraft("Firmware tampering", "possible", "major", "mitigate",
                  requirement_ids=("AI-P1-2f",), residual_likelihood="rare", residual_impact="major"),
    )  # fmt: skip
    assessment = evidence(operator, product, "risk.assessment")
    assert assessment.state is EvidenceState.ATTENTION
    treatment = evidence(operator, product, "risk.treatment.AI-P1-2f")
    assert treatment.state is EvidenceState.ATTENTION
    assert "needs a look" in treatment.detail


def test_report_handling_needs_a_policy_and_a_report(product, operator) -> None:  # type: ignore[no-untyped-def]
    assert evidence(operator, product, "cvd.reports-handled").state is EvidenceState.MISSING
    disclosure.save_settings(operator, {"contacts": ["mailto:psirt@test.example"]})
    empty = evidence(operator, product, "cvd.reports-handled")
    assert empty.state is EvidenceState.MISSING  # no report yet: nothing shows the handling
    VulnerabilityReport.objects.create(
        reference="VR-0000-0000-0003", product_id=product, summary="s", details="d",
        channel="web", received_at=NOW - timedelta(days=20), acknowledged_at=NOW - timedelta(days=1),
        updated_at=NOW, status="acknowledged",
    )  # fmt: skip
    late = evidence(operator, product, "cvd.reports-handled")
    assert late.state is EvidenceState.ATTENTION  # acknowledged, but later than promised
    assert "1 were acknowledged later" in late.detail
