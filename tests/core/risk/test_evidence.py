"""Evidence states from risk assessments, answers, tests, training and audits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rempart.core.cra.catalog import load_catalog
from rempart.core.evidence import EvidenceState
from rempart.core.risk import evidence
from rempart.core.risk.assessment import Risk, RiskAssessment
from rempart.core.risk.questionnaire import load_questionnaire
from rempart.core.risk.records import (
    Answer,
    SecurityFinding,
    SecurityTest,
    ThirdPartyAudit,
    Training,
)

AT = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def risk(next_review: date | None = None) -> Risk:
    return Risk(
        1,
        "R-1",
        "x",
        "",
        None,
        "",
        "likely",
        "major",
        "high",
        "mitigate",
        "",
        ("AI-P1-2d",),
        None,
        None,
        None,
        "",
        next_review,
        AT,
    )


def assessment(due: date | None, *risks: Risk) -> RiskAssessment:
    return RiskAssessment(
        1, 1, "p", 1, "2.0", None, "", "", "", (), "", None, due, AT, AT, (), risks
    )


def test_risk_assessment_states() -> None:
    (none,) = evidence.risk_assessment("p", None, None, TODAY)
    assert none.state is EvidenceState.MISSING
    (missing,) = evidence.risk_assessment("p", "2.0", None, TODAY)
    assert missing.state is EvidenceState.MISSING
    assert missing.requirement_ids == ("ART13-2", "ART13-3", "AI-P1-1")
    current, treatment = evidence.risk_assessment(
        "p", "2.0", assessment(date(2027, 1, 1), risk()), TODAY
    )
    assert current.state is EvidenceState.PRESENT
    assert treatment.requirement_ids == ("AI-P1-2d",)
    assert "R-1" in treatment.detail
    overdue = evidence.risk_assessment("p", "2.0", assessment(date(2026, 11, 22), risk()), TODAY)
    assert overdue[0].state is EvidenceState.ATTENTION
    assert "2026-11-22" in overdue[0].detail
    risk_overdue = evidence.risk_assessment(
        "p", "2.0", assessment(date(2027, 1, 1), risk(date(2026, 1, 1))), TODAY
    )
    assert risk_overdue[0].state is EvidenceState.ATTENTION
    empty = evidence.risk_assessment("p", "2.0", assessment(date(2027, 1, 1)), TODAY)
    assert empty[0].state is EvidenceState.ATTENTION


def test_questionnaire_states_per_requirement() -> None:
    questions = load_questionnaire(load_catalog())

    def answer(qid: str, value: str) -> Answer:
        return Answer(qid, value, "", "user:a", AT)

    found = {
        e.requirement_ids[0]: e
        for e in evidence.questionnaire(
            "p",
            questions,
            {
                "SA-D1": answer("SA-D1", "yes"),
                "SA-D2": answer("SA-D2", "partly"),
                "SA-V1": answer("SA-V1", "yes"),
            },
        )
    }
    assert found["AI-P1-2b"].state is EvidenceState.PRESENT
    assert found["AI-P1-2d"].state is EvidenceState.ATTENTION
    assert found["AI-P2-3"].state is EvidenceState.ATTENTION  # SA-V3 still unanswered
    assert found["AI-P2-5"].state is EvidenceState.MISSING


def pentest(performed_on: date, *findings: SecurityFinding) -> SecurityTest:
    return SecurityTest(
        1, "penetration-test", performed_on, "Acme Red Team", "web UI", findings, ("AI-P2-3",)
    )


def test_security_test_within_twelve_months_without_open_high_findings() -> None:
    (none,) = evidence.security_tests("p", [], TODAY)
    assert none.state is EvidenceState.MISSING
    assert none.requirement_ids == ("AI-P2-3",)
    (old,) = evidence.security_tests("p", [pentest(date(2025, 11, 22))], TODAY)
    assert old.state is EvidenceState.MISSING
    fixed = pentest(
        date(2026, 6, 1), SecurityFinding("XSS", "high", "fixed"), SecurityFinding("Banner", "low")
    )
    (ok,) = evidence.security_tests("p", [fixed], TODAY)
    assert ok.state is EvidenceState.PRESENT
    open_critical = pentest(date(2026, 6, 1), SecurityFinding("RCE", "critical", "open"))
    (bad,) = evidence.security_tests("p", [open_critical], TODAY)
    assert bad.state is EvidenceState.ATTENTION
    assert "RCE" in bad.detail


def test_training_and_audits_per_requirement() -> None:
    items = [
        Training(1, date(2025, 1, 1), "dev team", "Secure coding", ("AI-P1-2j",)),
        Training(2, date(2026, 9, 1), "dev team", "Threat modelling", ("AI-P1-1",)),
    ]
    found = {e.key: e.state for e in evidence.trainings("p", items, TODAY)}
    assert found == {
        "training.AI-P1-1": EvidenceState.PRESENT,
        "training.AI-P1-2j": EvidenceState.ATTENTION,
    }
    audits = [
        ThirdPartyAudit(1, date(2025, 1, 1), "Cert AG", "ISMS", "passed", ("AI-P2-5",)),
        ThirdPartyAudit(2, date(2026, 1, 1), "Cert AG", "ISMS", "failed", ("AI-P2-5",)),
    ]
    (latest,) = evidence.audits("p", audits)
    assert latest.state is EvidenceState.ATTENTION
