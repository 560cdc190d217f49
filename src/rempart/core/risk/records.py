"""Self-assessment answers and the records behind them: tests, training, audits (core layer).

Annex I Part II (3) asks for effective and regular tests and reviews of the security of the
product (``AI-P2-3``); training and third-party audits show how other requirements are met.
Every record names the Annex I requirement IDs it gives evidence for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rempart.core.cra.catalog import Catalog
from rempart.core.errors import ProblemCollector
from rempart.core.risk.assessment import TEXT_MAX, TITLE_MAX, check_requirement_ids
from rempart.core.risk.questionnaire import ANSWERS, Questionnaire

TEST_KINDS = ("penetration-test", "code-review", "fuzzing", "vulnerability-scan", "other")
SEVERITIES = ("low", "medium", "high", "critical")
FINDING_STATUSES = ("open", "fixed", "accepted")
AUDIT_RESULTS = ("passed", "passed-with-findings", "failed")
FINDINGS_MAX = 500
BLOCKING_SEVERITIES = frozenset({"high", "critical"})


@dataclass(frozen=True, slots=True)
class Answer:
    question_id: str
    answer: str
    comment: str
    answered_by: str
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class SecurityFinding:
    title: str
    severity: str
    status: str = "open"


@dataclass(frozen=True, slots=True)
class SecurityTest:
    id: int
    kind: str
    performed_on: date
    tester: str
    scope: str
    findings: tuple[SecurityFinding, ...]
    requirement_ids: tuple[str, ...]

    def open_blocking(self) -> list[SecurityFinding]:
        """Open findings of high or critical severity."""
        return [
            f for f in self.findings if f.status == "open" and f.severity in BLOCKING_SEVERITIES
        ]


@dataclass(frozen=True, slots=True)
class Training:
    id: int
    held_on: date
    people: str
    topic: str
    requirement_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThirdPartyAudit:
    id: int
    performed_on: date
    auditor: str
    scope: str
    result: str
    requirement_ids: tuple[str, ...]


def check_answer(questionnaire: Questionnaire, question_id: str, answer: str, comment: str) -> None:
    problems = ProblemCollector()
    if question_id not in {q.id for q in questionnaire.question}:
        problems.add("question", f"unknown question {question_id!r}")
    if answer not in ANSWERS:
        problems.add("answer", f"must be one of {', '.join(ANSWERS)}")
    if len(comment) > TEXT_MAX:
        problems.add("comment", f"at most {TEXT_MAX:,} characters")
    if answer in ("partly", "not-applicable") and not comment.strip():
        problems.add("comment", f"explain the answer {answer!r}")
    problems.raise_if_any("the answer is invalid")


def _common(
    problems: ProblemCollector,
    catalog: Catalog,
    when: date,
    today: date,
    texts: dict[str, str],
    requirement_ids: tuple[str, ...],
) -> None:
    if when > today:
        problems.add("date", "is in the future")
    for name, value in texts.items():
        if not value.strip():
            problems.add(name, "is required")
        if len(value) > (TEXT_MAX if name == "scope" else TITLE_MAX * 5):
            problems.add(name, "is too long")
    if not requirement_ids:
        problems.add("requirement_ids", "name at least one Annex I requirement")
    check_requirement_ids(problems, catalog, requirement_ids, "requirement_ids")


def check_security_test(catalog: Catalog, test: SecurityTest, today: date) -> None:
    problems = ProblemCollector()
    if test.kind not in TEST_KINDS:
        problems.add("kind", f"must be one of {', '.join(TEST_KINDS)}")
    texts = {"tester": test.tester, "scope": test.scope}
    _common(problems, catalog, test.performed_on, today, texts, test.requirement_ids)
    if len(test.findings) > FINDINGS_MAX:
        problems.add("findings", f"at most {FINDINGS_MAX} findings")
    for i, finding in enumerate(test.findings):
        if not finding.title.strip() or len(finding.title) > TITLE_MAX:
            problems.add(f"findings[{i}].title", f"is required, at most {TITLE_MAX} characters")
        if finding.severity not in SEVERITIES:
            problems.add(f"findings[{i}].severity", f"must be one of {', '.join(SEVERITIES)}")
        if finding.status not in FINDING_STATUSES:
            problems.add(f"findings[{i}].status", f"must be one of {', '.join(FINDING_STATUSES)}")
    problems.raise_if_any("the security test record is invalid")


def check_training(catalog: Catalog, training: Training, today: date) -> None:
    problems = ProblemCollector()
    texts = {"people": training.people, "topic": training.topic}
    _common(problems, catalog, training.held_on, today, texts, training.requirement_ids)
    problems.raise_if_any("the training record is invalid")


def check_audit(catalog: Catalog, audit: ThirdPartyAudit, today: date) -> None:
    problems = ProblemCollector()
    if audit.result not in AUDIT_RESULTS:
        problems.add("result", f"must be one of {', '.join(AUDIT_RESULTS)}")
    texts = {"auditor": audit.auditor, "scope": audit.scope}
    _common(problems, catalog, audit.performed_on, today, texts, audit.requirement_ids)
    problems.raise_if_any("the audit record is invalid")
