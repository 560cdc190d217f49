"""The guided self-assessment and its records: tests, training, audits (services layer).

Each function: authorize, validate in the core, store in one transaction with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction

from rempart.core.errors import InvalidInput, NotFound
from rempart.core.product import Product
from rempart.core.risk.questionnaire import Questionnaire, load_questionnaire
from rempart.core.risk.records import (
    FINDING_STATUSES,
    Answer,
    SecurityFinding,
    SecurityTest,
    ThirdPartyAudit,
    Training,
    check_answer,
    check_audit,
    check_security_test,
    check_training,
)
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import products as products_repo
from rempart.store.repositories import selfassessment as repo


@dataclass(frozen=True, slots=True)
class SelfAssessment:
    """Everything a reviewer reads on the self-assessment page of one product."""

    product: Product
    questionnaire: Questionnaire
    answers: dict[str, Answer]
    tests: list[SecurityTest]
    trainings: list[Training]
    audits: list[ThirdPartyAudit]

    def answered(self) -> int:
        return sum(1 for q in self.questionnaire.question if q.id in self.answers)


def questionnaire(ctx: ServiceContext) -> Questionnaire:
    require(ctx, Action.READ)
    return load_questionnaire(ctx.catalog)


def _product(slug: str, for_update: bool = False) -> Product:
    product = products_repo.get(slug, for_update=for_update)
    if product is None:
        raise NotFound(f"no product with slug {slug!r}")
    return product


def show(ctx: ServiceContext, slug: str) -> SelfAssessment:
    require(ctx, Action.READ)
    product = _product(slug)
    return SelfAssessment(
        product,
        load_questionnaire(ctx.catalog),
        repo.answers(product.id),
        repo.tests(product.id),
        repo.trainings(product.id),
        repo.audits(product.id),
    )


def answer(ctx: ServiceContext, slug: str, question_id: str, value: str, comment: str = "") -> None:
    require(ctx, Action.WRITE)
    questions = load_questionnaire(ctx.catalog)
    check_answer(questions, question_id, value, comment)
    with transaction.atomic():
        product = _product(slug, for_update=True)
        repo.save_answer(
            product.id, question_id, value, comment.strip(), ctx.actor.name, ctx.clock.now()
        )
        audit.record(
            ctx,
            "selfassessment.answer",
            "product",
            slug,
            {
                "question": question_id,
                "answer": value,
                "comment": comment.strip(),
                "requirement_ids": list(questions.get(question_id).requirement_ids),
            },
        )


def add_security_test(ctx: ServiceContext, slug: str, test: SecurityTest) -> SecurityTest:
    require(ctx, Action.WRITE)
    check_security_test(ctx.catalog, test, ctx.clock.now().date())
    with transaction.atomic():
        product = _product(slug, for_update=True)
        stored = repo.add_test(product.id, test, ctx.clock.now())
        audit.record(
            ctx,
            "security-test.create",
            "product",
            slug,
            {
                "id": stored.id,
                "kind": test.kind,
                "performed_on": test.performed_on.isoformat(),
                "tester": test.tester,
                "findings": len(test.findings),
                "requirement_ids": list(test.requirement_ids),
            },
        )
    return stored


def set_finding_status(
    ctx: ServiceContext, slug: str, test_id: int, index: int, status: str
) -> SecurityTest:
    require(ctx, Action.WRITE)
    if status not in FINDING_STATUSES:
        raise InvalidInput.single("status", f"must be one of {', '.join(FINDING_STATUSES)}")
    with transaction.atomic():
        product = _product(slug, for_update=True)
        test = repo.get_test(product.id, test_id, for_update=True)
        if test is None:
            raise NotFound(f"no security test {test_id} for {slug!r}")
        if not 0 <= index < len(test.findings):
            raise InvalidInput.single("finding", f"test {test_id} has no finding {index + 1}")
        findings = list(test.findings)
        findings[index] = replace(findings[index], status=status)
        repo.set_findings(test.id, tuple(findings))
        audit.record(
            ctx,
            "security-test.finding",
            "product",
            slug,
            {"test": test_id, "finding": index + 1, "status": status},
        )
        return replace(test, findings=tuple(findings))


def add_training(ctx: ServiceContext, slug: str, training: Training) -> int:
    require(ctx, Action.WRITE)
    check_training(ctx.catalog, training, ctx.clock.now().date())
    with transaction.atomic():
        product = _product(slug, for_update=True)
        new_id = repo.add_training(product.id, training, ctx.clock.now())
        audit.record(
            ctx,
            "training.create",
            "product",
            slug,
            {
                "id": new_id,
                "held_on": training.held_on.isoformat(),
                "people": training.people,
                "topic": training.topic,
                "requirement_ids": list(training.requirement_ids),
            },
        )
    return new_id


def add_audit(ctx: ServiceContext, slug: str, record: ThirdPartyAudit) -> int:
    require(ctx, Action.WRITE)
    check_audit(ctx.catalog, record, ctx.clock.now().date())
    with transaction.atomic():
        product = _product(slug, for_update=True)
        new_id = repo.add_audit(product.id, record, ctx.clock.now())
        audit.record(
            ctx,
            "third-party-audit.create",
            "product",
            slug,
            {
                "id": new_id,
                "performed_on": record.performed_on.isoformat(),
                "auditor": record.auditor,
                "result": record.result,
                "requirement_ids": list(record.requirement_ids),
            },
        )
    return new_id


def finding(title: str, severity: str, status: str = "open") -> SecurityFinding:
    return SecurityFinding(title.strip(), severity, status)


def new_test(
    kind: str,
    performed_on: date,
    tester: str,
    scope: str,
    findings: tuple[SecurityFinding, ...] = (),
    requirement_ids: tuple[str, ...] = ("AI-P2-3",),
) -> SecurityTest:
    """A test record to pass to :func:`add_security_test` (the id is assigned on storing)."""
    return SecurityTest(
        0, kind, performed_on, tester.strip(), scope.strip(), findings, requirement_ids
    )
