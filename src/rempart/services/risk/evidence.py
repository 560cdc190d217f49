"""Evidence for the Annex I assessment from risk assessments and self-assessment records.

Providers of automatic evidence (each ``(ctx, product_id) -> list[AutoEvidence]``, read only),
listed with every other feature's in ``services/assessment/providers.py``.
"""

from __future__ import annotations

from rempart.core.evidence import AutoEvidence
from rempart.core.risk import evidence
from rempart.core.risk.questionnaire import load_questionnaire
from rempart.core.risk.scale import load_scale
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import products as products_repo
from rempart.store.repositories import risk as risk_repo
from rempart.store.repositories import selfassessment as records


def _slug(product_id: int) -> str | None:
    return risk_repo.product_slug(product_id)


def risk_assessment_evidence(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    """The current release's risk assessment (ART13-2, ART13-3, AI-P1-1) and its treatments."""
    require(ctx, Action.READ)
    slug = _slug(product_id)
    product = products_repo.get(slug) if slug else None
    if product is None:
        return []
    current = product.latest_release()
    found = risk_repo.get_for_release(current.id, load_scale()) if current else None
    today = ctx.clock.now().date()
    return evidence.risk_assessment(
        product.slug, current.version if current else None, found, today
    )


def selfassessment_evidence(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    """Questionnaire answers per mapped requirement."""
    require(ctx, Action.READ)
    slug = _slug(product_id)
    if slug is None:
        return []
    return evidence.questionnaire(
        slug, load_questionnaire(ctx.catalog), records.answers(product_id)
    )


def records_evidence(ctx: ServiceContext, product_id: int) -> list[AutoEvidence]:
    """Security tests (AI-P2-3), training and third-party audits per mapped requirement."""
    require(ctx, Action.READ)
    slug = _slug(product_id)
    if slug is None:
        return []
    today = ctx.clock.now().date()
    return [
        *evidence.security_tests(slug, records.tests(product_id), today),
        *evidence.trainings(slug, records.trainings(product_id), today),
        *evidence.audits(slug, records.audits(product_id)),
    ]
