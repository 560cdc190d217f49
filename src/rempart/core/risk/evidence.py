"""What the risk assessment and self-assessment records show for Annex I (core layer).

Pure functions from stored values to :class:`AutoEvidence`; the services layer feeds them and
registers them as providers. They never decide that a requirement is met.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from rempart.core.clock import add_months
from rempart.core.evidence import AutoEvidence, EvidenceState
from rempart.core.links import PageRef
from rempart.core.risk.assessment import RiskAssessment
from rempart.core.risk.questionnaire import Questionnaire
from rempart.core.risk.records import Answer, SecurityTest, ThirdPartyAudit, Training

# Art. 13(2)/(3) ask for the assessment; Annex I Part I (1) rests on it ("based on the risks").
RISK_ASSESSMENT_IDS = ("ART13-2", "ART13-3", "AI-P1-1")
TESTING_ID = "AI-P2-3"  # Annex I Part II (3): effective and regular tests and reviews
RECENT_MONTHS = 12


def risk_assessment(
    slug: str, version: str | None, assessment: RiskAssessment | None, today: date
) -> list[AutoEvidence]:
    """The current release's risk assessment, and the requirements its treatments name."""
    if version is None:
        return [
            AutoEvidence(
                "risk.assessment",
                RISK_ASSESSMENT_IDS,
                "Cybersecurity risk assessment",
                EvidenceState.MISSING,
                "No release is on the market yet, so no current risk assessment can be shown.",
                None,
            )
        ]
    link = PageRef("risk-assessment", (slug, version))
    if assessment is None:
        return [
            AutoEvidence(
                "risk.assessment",
                RISK_ASSESSMENT_IDS,
                f"Risk assessment of release {version}",
                EvidenceState.MISSING,
                f"Release {version} has no risk assessment; start one (it may copy the "
                "previous release's).",
                link,
            )
        ]
    overdue = assessment.overdue_risks(today)
    if assessment.review_overdue(today):
        state = EvidenceState.ATTENTION
        detail = f"The review was due on {assessment.next_review_due}; review and update it."
    elif not assessment.risks:
        state, detail = EvidenceState.ATTENTION, "The assessment lists no risks yet."
    elif overdue:
        state = EvidenceState.ATTENTION
        names = ", ".join(r.identifier for r in overdue)
        detail = f"Review overdue for {names}."
    elif assessment.next_review_due is None:
        state, detail = EvidenceState.ATTENTION, "No next review date is set."
    else:
        state = EvidenceState.PRESENT
        detail = (
            f"{len(assessment.risks)} risk(s) rated; next review due {assessment.next_review_due}."
        )
    found = [
        AutoEvidence(
            "risk.assessment",
            RISK_ASSESSMENT_IDS,
            f"Risk assessment of release {version}",
            state,
            detail,
            link,
        )
    ]
    found.extend(_treatments(assessment, link))
    return found


def _treatments(assessment: RiskAssessment, link: PageRef) -> list[AutoEvidence]:
    by_requirement: dict[str, list[str]] = defaultdict(list)
    for risk in assessment.risks:
        for rid in risk.requirement_ids:
            by_requirement[rid].append(risk.identifier)
    return [
        AutoEvidence(
            f"risk.treatment.{rid}",
            (rid,),
            f"Risk treatment names {rid}",
            EvidenceState.PRESENT,
            f"Treated by {', '.join(names)} in the risk assessment of release "
            f"{assessment.release_version}.",
            link,
        )
        for rid, names in sorted(by_requirement.items())
    ]


def questionnaire(
    slug: str, questions: Questionnaire, answers: dict[str, Answer]
) -> list[AutoEvidence]:
    """One item per requirement the questionnaire maps: answered yes/n.a. everywhere or not."""
    by_requirement: dict[str, list[str]] = defaultdict(list)
    for question in questions.question:
        for rid in question.requirement_ids:
            by_requirement[rid].append(question.id)
    found = []
    for rid, ids in sorted(by_requirement.items()):
        given = [answers[q] for q in ids if q in answers]
        weak = [a.question_id for a in given if a.answer in ("partly", "no")]
        if not given:
            state, detail = EvidenceState.MISSING, f"Questions {', '.join(ids)} are unanswered."
        elif weak:
            state, detail = EvidenceState.ATTENTION, f"Answered no or partly: {', '.join(weak)}."
        elif len(given) < len(ids):
            open_ids = [q for q in ids if q not in answers]
            state, detail = EvidenceState.ATTENTION, f"Still unanswered: {', '.join(open_ids)}."
        else:
            state, detail = EvidenceState.PRESENT, f"Answered yes: {', '.join(ids)}."
        found.append(
            AutoEvidence(
                f"selfassess.{rid}",
                (rid,),
                "Self-assessment answers",
                state,
                detail,
                PageRef("selfassessment", (slug,)),
            )
        )
    return found


def security_tests(slug: str, tests: Iterable[SecurityTest], today: date) -> list[AutoEvidence]:
    """A test within the last 12 months with no open high/critical finding (``AI-P2-3``)."""
    since = add_months(today, -RECENT_MONTHS)
    recent = sorted(
        (t for t in tests if since <= t.performed_on <= today), key=lambda t: t.performed_on
    )
    link = PageRef("security-records", (slug,))
    title = "Security test in the last 12 months"
    if not recent:
        detail = "No security test is recorded for the last 12 months."
        return [
            AutoEvidence(
                "security-test.recent", (TESTING_ID,), title, EvidenceState.MISSING, detail, link
            )
        ]
    blocking = [(t, f) for t in recent for f in t.open_blocking()]
    if blocking:
        detail = (
            f"{len(blocking)} high/critical finding(s) still open, e.g. "
            f"{blocking[0][1].title!r} ({blocking[0][0].performed_on})."
        )
        state = EvidenceState.ATTENTION
    else:
        latest = recent[-1]
        state = EvidenceState.PRESENT
        detail = f"{latest.kind} by {latest.tester} on {latest.performed_on}; no open high/critical findings."
    return [AutoEvidence("security-test.recent", (TESTING_ID,), title, state, detail, link)]


def trainings(slug: str, items: Iterable[Training], today: date) -> list[AutoEvidence]:
    """Per mapped requirement: the latest training, attention when older than 12 months."""
    latest: dict[str, Training] = {}
    for training in items:
        for rid in training.requirement_ids:
            if rid not in latest or latest[rid].held_on < training.held_on:
                latest[rid] = training
    since = add_months(today, -RECENT_MONTHS)
    found = []
    for rid, training in sorted(latest.items()):
        fresh = training.held_on >= since
        detail = f"{training.topic!r} on {training.held_on} ({training.people})" + (
            "." if fresh else "; older than 12 months, plan a refresher."
        )
        found.append(
            AutoEvidence(
                f"training.{rid}",
                (rid,),
                "Security training",
                EvidenceState.PRESENT if fresh else EvidenceState.ATTENTION,
                detail,
                PageRef("security-records", (slug,)),
            )
        )
    return found


def audits(slug: str, items: Iterable[ThirdPartyAudit]) -> list[AutoEvidence]:
    """Per mapped requirement: the latest third-party audit; a failed one needs attention."""
    latest: dict[str, ThirdPartyAudit] = {}
    for audit in items:
        for rid in audit.requirement_ids:
            if rid not in latest or latest[rid].performed_on < audit.performed_on:
                latest[rid] = audit
    return [
        AutoEvidence(
            f"audit.{rid}",
            (rid,),
            "Third-party audit",
            EvidenceState.ATTENTION if audit.result == "failed" else EvidenceState.PRESENT,
            f"{audit.auditor} on {audit.performed_on}: {audit.result}.",
            PageRef("security-records", (slug,)),
        )
        for rid, audit in sorted(latest.items())
    ]
