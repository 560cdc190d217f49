"""Risk assessments, threats and risks: stored rows ↔ core values (store layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max, Prefetch

from rempart.core.risk import assessment as core
from rempart.core.risk.scale import RiskScale
from rempart.store.models import Product, Risk, RiskAssessment, Threat


def threat_to_core(row: Threat) -> core.Threat:
    return core.Threat(row.pk, f"T-{row.number}", row.title, row.description, row.asset, row.source)


def risk_to_core(row: Risk, scale: RiskScale, threats: dict[int, str]) -> core.Risk:
    residual = None
    if row.residual_likelihood and row.residual_impact:
        residual = scale.rate(row.residual_likelihood, row.residual_impact).key
    return core.Risk(
        id=row.pk,
        identifier=f"R-{row.number}",
        title=row.title,
        description=row.description,
        threat=threats.get(row.threat_id) if row.threat_id else None,
        asset=row.asset,
        likelihood=row.likelihood,
        impact=row.impact,
        rating=scale.rate(row.likelihood, row.impact).key,
        treatment=row.treatment,
        treatment_description=row.treatment_description,
        requirement_ids=tuple(row.requirement_ids),
        residual_likelihood=row.residual_likelihood or None,
        residual_impact=row.residual_impact or None,
        residual_rating=residual,
        owner=row.owner,
        next_review=row.next_review,
        updated_at=row.updated_at,
    )


def to_core(row: RiskAssessment, scale: RiskScale) -> core.RiskAssessment:
    threats = list(row.threats.all())
    by_id = {t.pk: f"T-{t.number}" for t in threats}
    release = row.release
    return core.RiskAssessment(
        id=row.pk,
        product_id=release.product_id,
        product_slug=release.product.slug,
        release_id=release.pk,
        release_version=release.version,
        based_on_version=row.based_on.release.version if row.based_on else None,
        intended_purpose=row.intended_purpose,
        foreseeable_use=row.foreseeable_use,
        operational_environment=row.operational_environment,
        assets=tuple(row.assets),
        owner=row.owner,
        last_reviewed=row.last_reviewed,
        next_review_due=row.next_review_due,
        created_at=row.created_at,
        updated_at=row.updated_at,
        threats=tuple(threat_to_core(t) for t in threats),
        risks=tuple(risk_to_core(r, scale, by_id) for r in row.risks.all()),
    )


def _query() -> Any:  # django-stubs types Prefetch by lookup string, not by model
    return RiskAssessment.objects.select_related(
        "release__product", "based_on__release"
    ).prefetch_related(
        Prefetch("threats", queryset=Threat.objects.order_by("number")),
        Prefetch("risks", queryset=Risk.objects.order_by("number")),
    )


def get_for_release(release_id: int, scale: RiskScale) -> core.RiskAssessment | None:
    row = _query().filter(release_id=release_id).first()
    return to_core(row, scale) if row else None


def for_releases(release_ids: list[int], scale: RiskScale) -> dict[int, core.RiskAssessment]:
    """The assessments of these releases, by release id (one query per relation, not per release)."""
    rows = _query().filter(release_id__in=release_ids)
    return {row.release_id: to_core(row, scale) for row in rows}


def list_for_product(product_id: int, scale: RiskScale) -> list[core.RiskAssessment]:
    """Every assessment of the product, newest release first."""
    rows = _query().filter(release__product_id=product_id)
    rows = rows.order_by("-release__release_date", "-release_id")
    return [to_core(row, scale) for row in rows]


def lock(assessment_id: int) -> None:
    """Serialize changes to one assessment (numbering, copies) for this transaction."""
    RiskAssessment.objects.select_for_update().filter(pk=assessment_id).first()


def create(release_id: int, fields: dict[str, object], now: datetime, based_on: int | None) -> int:
    row = RiskAssessment.objects.create(
        release_id=release_id, based_on_id=based_on, created_at=now, updated_at=now, **fields
    )
    return row.pk


def update(assessment_id: int, fields: dict[str, object], now: datetime) -> None:
    RiskAssessment.objects.filter(pk=assessment_id).update(updated_at=now, **fields)


def copy_contents(source_id: int, target_id: int, now: datetime) -> None:
    """Copy threats and risks with their numbers, so ``R-3`` stays ``R-3`` in the new release."""
    threat_ids: dict[int, int] = {}
    for threat in Threat.objects.filter(assessment_id=source_id).order_by("number"):
        old = threat.pk
        threat.pk = None
        threat.assessment_id = target_id
        threat.save()
        threat_ids[old] = threat.pk
    for risk in Risk.objects.filter(assessment_id=source_id).order_by("number"):
        risk.pk = None
        risk.assessment_id = target_id
        risk.threat_id = threat_ids.get(risk.threat_id) if risk.threat_id else None
        risk.updated_at = now
        risk.save()


def next_number(product_id: int, kind: type[Risk] | type[Threat]) -> int:
    """Numbers are never reused within a product, so an identifier keeps one meaning."""
    found = kind.objects.filter(product_id=product_id).aggregate(top=Max("number"))["top"]
    return int(found or 0) + 1


def threat_pk(assessment_id: int, number: int) -> int | None:
    row = Threat.objects.filter(assessment_id=assessment_id, number=number).first()
    return row.pk if row else None


def add_threat(assessment_id: int, product_id: int, number: int, fields: dict[str, object]) -> str:
    Threat.objects.create(
        assessment_id=assessment_id, product_id=product_id, number=number, **fields
    )
    return f"T-{number}"


def add_risk(
    assessment_id: int, product_id: int, number: int, fields: dict[str, object], now: datetime
) -> str:
    Risk.objects.create(
        assessment_id=assessment_id, product_id=product_id, number=number, updated_at=now, **fields
    )
    return f"R-{number}"


def update_risk(assessment_id: int, number: int, fields: dict[str, object], now: datetime) -> bool:
    changed = Risk.objects.filter(assessment_id=assessment_id, number=number).update(
        updated_at=now, **fields
    )
    return changed == 1


def delete_risk(assessment_id: int, number: int) -> bool:
    deleted, _ = Risk.objects.filter(assessment_id=assessment_id, number=number).delete()
    return deleted > 0


def product_slug(product_id: int) -> str | None:
    """The slug of a product given its id (evidence providers are called with ids)."""
    return Product.objects.filter(pk=product_id).values_list("slug", flat=True).first()
