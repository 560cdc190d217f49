"""Self-assessment answers and records, and the evidence providers they feed."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.errors import InvalidInput
from rempart.core.evidence import EvidenceState
from rempart.core.register import ProductDraft
from rempart.core.risk.assessment import RiskDraft
from rempart.core.risk.records import ThirdPartyAudit, Training
from rempart.services.assessment import providers as evidence_registry
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.risk import assessment as risk
from rempart.services.risk import selfassessment
from rempart.store.models import AuditEvent, SecurityTest, SelfAssessmentAnswer


@pytest.fixture
def camera(organization, operator, typical_answers):  # type: ignore[no-untyped-def]
    product = products.create_product(
        operator,
        ProductDraft(
            name="Camera",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "camera", ReleaseDraft("1.0", date(2026, 1, 1)))
    return product


def states(operator, product_id: int) -> dict[str, EvidenceState]:  # type: ignore[no-untyped-def]
    return {e.key: e.state for e in evidence_registry.collect(operator, product_id)}


def test_answers_are_stored_replaced_and_audited(camera, operator) -> None:
    selfassessment.answer(operator, "camera", "SA-D1", "partly", "Reset exists, defaults weak")
    selfassessment.answer(operator, "camera", "SA-D1", "yes")
    shown = selfassessment.show(operator, "camera")
    assert shown.answers["SA-D1"].answer == "yes"
    assert shown.answered() == 1
    assert AuditEvent.objects.filter(action="selfassessment.answer").count() == 2
    with pytest.raises(InvalidInput):
        selfassessment.answer(operator, "camera", "SA-D1", "maybe")
    assert SelfAssessmentAnswer.objects.get().answer == "yes"


def test_records_refuse_unknown_requirements_and_future_dates(camera, operator) -> None:
    bad = selfassessment.new_test(
        "penetration-test", date(2026, 5, 1), "Red Team", "web", (), ("AI-P2-99",)
    )
    with pytest.raises(InvalidInput) as caught:
        selfassessment.add_security_test(operator, "camera", bad)
    assert caught.value.problems[0].field == "requirement_ids"
    future = selfassessment.new_test("fuzzing", date(2027, 1, 1), "QA", "parser")
    with pytest.raises(InvalidInput, match="future"):
        selfassessment.add_security_test(operator, "camera", future)
    bad_finding = selfassessment.new_test(
        "fuzzing", date(2026, 1, 1), "QA", "parser", (selfassessment.finding("x", "urgent"),)
    )
    with pytest.raises(InvalidInput) as caught:
        selfassessment.add_security_test(operator, "camera", bad_finding)
    assert caught.value.problems[0].field == "findings[0].severity"
    assert SecurityTest.objects.count() == 0


def test_providers_follow_the_records(camera, operator) -> None:
    found = states(operator, camera.id)
    assert found["risk.assessment"] is EvidenceState.MISSING
    assert found["security-test.recent"] is EvidenceState.MISSING
    assert found["selfassess.AI-P2-3"] is EvidenceState.MISSING

    risk.start_assessment(operator, "camera", "1.0")
    risk.add_risk(
        operator,
        "camera",
        "1.0",
        RiskDraft("Stream hijack", "possible", "major", "mitigate", requirement_ids=("AI-P1-2e",)),
    )
    assert (
        states(operator, camera.id)["risk.assessment"] is EvidenceState.ATTENTION
    )  # no review date
    current = risk.require_assessment(operator, "camera", "1.0")
    from rempart.core.risk.assessment import AssessmentDraft

    risk.update_assessment(
        operator, "camera", "1.0", AssessmentDraft(next_review_due=date(2027, 1, 1))
    )
    found = states(operator, camera.id)
    assert found["risk.assessment"] is EvidenceState.PRESENT
    assert found["risk.treatment.AI-P1-2e"] is EvidenceState.PRESENT
    risk.update_assessment(
        operator, "camera", "1.0", AssessmentDraft(next_review_due=date(2026, 11, 1))
    )
    assert states(operator, camera.id)["risk.assessment"] is EvidenceState.ATTENTION
    assert current.release_version == "1.0"

    test = selfassessment.add_security_test(
        operator,
        "camera",
        selfassessment.new_test(
            "penetration-test",
            date(2026, 6, 1),
            "Red Team",
            "web UI",
            (selfassessment.finding("RCE in upload", "critical"),),
        ),
    )
    assert states(operator, camera.id)["security-test.recent"] is EvidenceState.ATTENTION
    selfassessment.set_finding_status(operator, "camera", test.id, 0, "fixed")
    assert states(operator, camera.id)["security-test.recent"] is EvidenceState.PRESENT

    selfassessment.add_training(
        operator, "camera", Training(0, date(2026, 3, 1), "all devs", "OWASP Top 10", ("AI-P1-2j",))
    )
    selfassessment.add_audit(
        operator,
        "camera",
        ThirdPartyAudit(0, date(2026, 4, 1), "Cert AG", "CVD process", "failed", ("AI-P2-5",)),
    )
    found = states(operator, camera.id)
    assert found["training.AI-P1-2j"] is EvidenceState.PRESENT
    assert found["audit.AI-P2-5"] is EvidenceState.ATTENTION
    assert {
        "security-test.create",
        "security-test.finding",
        "training.create",
        "third-party-audit.create",
    } <= set(AuditEvent.objects.values_list("action", flat=True))


def test_review_dates_become_deadlines(camera, operator) -> None:
    from rempart.core.risk.assessment import AssessmentDraft
    from rempart.services.notifications import deadlines as deadline_registry
    from rempart.services.risk import deadlines as risk_deadlines

    assert risk_deadlines.review_deadlines(operator) == []
    risk.start_assessment(
        operator, "camera", "1.0", AssessmentDraft(next_review_due=date(2027, 2, 1))
    )
    risk.add_risk(
        operator,
        "camera",
        "1.0",
        RiskDraft(
            "Stream hijack",
            "possible",
            "major",
            "mitigate",
            requirement_ids=("AI-P1-2e",),
            next_review=date(2027, 1, 1),
        ),
    )
    # Other capabilities may register sources too: look at ours only.
    found = {d.key: d for d in deadline_registry.collect(operator) if d.key.startswith("risk-")}
    assert set(found) == {"risk-review:camera@1.0", "risk-review:camera@1.0:R-1"}
    assert found["risk-review:camera@1.0"].due_at.date() == date(2027, 2, 1)
    assert found["risk-review:camera@1.0:R-1"].citation == "ART13-3"
