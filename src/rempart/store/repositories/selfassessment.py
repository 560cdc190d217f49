"""Self-assessment answers and security test, training and audit records (store layer)."""

from __future__ import annotations

from datetime import datetime

from rempart.core.risk import records as core
from rempart.store.models import (
    SecurityTest,
    SecurityTraining,
    SelfAssessmentAnswer,
    ThirdPartyAudit,
)


def answers(product_id: int) -> dict[str, core.Answer]:
    rows = SelfAssessmentAnswer.objects.filter(product_id=product_id)
    return {
        r.question_id: core.Answer(r.question_id, r.answer, r.comment, r.answered_by, r.answered_at)
        for r in rows
    }


def save_answer(
    product_id: int, question_id: str, answer: str, comment: str, by: str, now: datetime
) -> None:
    SelfAssessmentAnswer.objects.update_or_create(
        product_id=product_id,
        question_id=question_id,
        defaults={"answer": answer, "comment": comment, "answered_by": by, "answered_at": now},
    )


def _test(row: SecurityTest) -> core.SecurityTest:
    return core.SecurityTest(
        id=row.pk,
        kind=row.kind,
        performed_on=row.performed_on,
        tester=row.tester,
        scope=row.scope,
        findings=tuple(core.SecurityFinding(**f) for f in row.findings),
        requirement_ids=tuple(row.requirement_ids),
    )


def tests(product_id: int) -> list[core.SecurityTest]:
    return [_test(r) for r in SecurityTest.objects.filter(product_id=product_id)]


def get_test(product_id: int, test_id: int, for_update: bool = False) -> core.SecurityTest | None:
    query = SecurityTest.objects.filter(product_id=product_id, pk=test_id)
    if for_update:
        query = query.select_for_update()
    row = query.first()
    return _test(row) if row else None


def add_test(product_id: int, test: core.SecurityTest, now: datetime) -> core.SecurityTest:
    row = SecurityTest.objects.create(
        product_id=product_id,
        kind=test.kind,
        performed_on=test.performed_on,
        tester=test.tester,
        scope=test.scope,
        findings=[
            {"title": f.title, "severity": f.severity, "status": f.status} for f in test.findings
        ],
        requirement_ids=list(test.requirement_ids),
        created_at=now,
    )
    return _test(row)


def set_findings(test_id: int, findings: tuple[core.SecurityFinding, ...]) -> None:
    SecurityTest.objects.filter(pk=test_id).update(
        findings=[{"title": f.title, "severity": f.severity, "status": f.status} for f in findings]
    )


def trainings(product_id: int) -> list[core.Training]:
    return [
        core.Training(r.pk, r.held_on, r.people, r.topic, tuple(r.requirement_ids))
        for r in SecurityTraining.objects.filter(product_id=product_id)
    ]


def add_training(product_id: int, training: core.Training, now: datetime) -> int:
    row = SecurityTraining.objects.create(
        product_id=product_id,
        held_on=training.held_on,
        people=training.people,
        topic=training.topic,
        requirement_ids=list(training.requirement_ids),
        created_at=now,
    )
    return row.pk


def audits(product_id: int) -> list[core.ThirdPartyAudit]:
    return [
        core.ThirdPartyAudit(
            r.pk, r.performed_on, r.auditor, r.scope, r.result, tuple(r.requirement_ids)
        )
        for r in ThirdPartyAudit.objects.filter(product_id=product_id)
    ]


def add_audit(product_id: int, audit: core.ThirdPartyAudit, now: datetime) -> int:
    row = ThirdPartyAudit.objects.create(
        product_id=product_id,
        performed_on=audit.performed_on,
        auditor=audit.auditor,
        scope=audit.scope,
        result=audit.result,
        requirement_ids=list(audit.requirement_ids),
        created_at=now,
    )
    return row.pk
