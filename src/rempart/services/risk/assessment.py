"""The cybersecurity risk assessment of each release (services layer).

Art. 13(2)-(3) (``ART13-2``, ``ART13-3``). Each function: authorize, validate in the core
(every problem naming its field, or its row and column for CSV), store in one transaction and
append the audit event in that same transaction. History is kept by the versioning: each
release has its own assessment, which may start as a copy of an earlier release's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.db import IntegrityError, transaction

from rempart.core.errors import Conflict, InvalidInput, NotFound, Problem
from rempart.core.product import Product, Release
from rempart.core.risk.assessment import (
    AssessmentDraft,
    Risk,
    RiskAssessment,
    RiskDraft,
    ThreatDraft,
    check_assessment,
    check_risk,
    check_threat,
    parse_identifier,
)
from rempart.core.risk.scale import RiskScale, load_scale
from rempart.formats import risk_csv
from rempart.formats.limits import THREAT_CSV_MAX_BYTES as THREAT_CSV_MAX_BYTES
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.models import Risk as RiskRow
from rempart.store.models import Threat as ThreatRow
from rempart.store.repositories import products as products_repo
from rempart.store.repositories import risk as repo


@dataclass(frozen=True, slots=True)
class ImportResult:
    threats: tuple[str, ...]
    risks: tuple[str, ...]


def scale(ctx: ServiceContext) -> RiskScale:
    require(ctx, Action.READ)
    return load_scale()


def _release(slug: str, version: str) -> tuple[Product, Release]:
    product = products_repo.get(slug)
    release = products_repo.get_release(slug, version) if product else None
    if product is None or release is None:
        raise NotFound(f"no release {version!r} of product {slug!r}")
    return product, release


def get_assessment(ctx: ServiceContext, slug: str, version: str) -> RiskAssessment | None:
    """The release's assessment, or ``None`` when none was started."""
    require(ctx, Action.READ)
    _, release = _release(slug, version)
    return repo.get_for_release(release.id, load_scale())


def require_assessment(ctx: ServiceContext, slug: str, version: str) -> RiskAssessment:
    found = get_assessment(ctx, slug, version)
    if found is None:
        raise NotFound(f"release {version!r} of {slug!r} has no risk assessment yet")
    return found


def list_assessments(ctx: ServiceContext, slug: str) -> list[RiskAssessment]:
    """Every release's assessment of a product, newest release first."""
    require(ctx, Action.READ)
    product = products_repo.get(slug)
    if product is None:
        raise NotFound(f"no product with slug {slug!r}")
    return repo.list_for_product(product.id, load_scale())


def find_risk(ctx: ServiceContext, product_id: int, identifier: str) -> Risk | None:
    """The risk ``identifier`` (``"R-3"``) of a product, as its newest assessment states it.

    Identifiers are never reused within a product, so a justification that names ``R-3``
    keeps pointing at the same risk across releases. ``None`` when no assessment holds it.
    """
    require(ctx, Action.READ)
    wanted = f"R-{parse_identifier(identifier)}"
    for assessment in repo.list_for_product(product_id, load_scale()):
        for risk in assessment.risks:
            if risk.identifier == wanted:
                return risk
    return None


def _assessment_fields(draft: AssessmentDraft) -> dict[str, object]:
    return {
        "intended_purpose": draft.intended_purpose.strip(),
        "foreseeable_use": draft.foreseeable_use.strip(),
        "operational_environment": draft.operational_environment.strip(),
        "assets": [a.strip() for a in draft.assets],
        "owner": draft.owner.strip(),
        "last_reviewed": draft.last_reviewed,
        "next_review_due": draft.next_review_due,
    }


def _jsonable(fields: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}


def start_assessment(
    ctx: ServiceContext,
    slug: str,
    version: str,
    draft: AssessmentDraft | None = None,
    copy_from: str | None = None,
) -> RiskAssessment:
    """Start the release's assessment, empty or as a copy of ``copy_from``'s (a version)."""
    require(ctx, Action.WRITE)
    product, release = _release(slug, version)
    source = None
    if copy_from is not None:
        if copy_from == version:
            raise InvalidInput.single("copy_from", "a release cannot copy its own assessment")
        _, source_release = _release(slug, copy_from)
        source = repo.get_for_release(source_release.id, load_scale())
        if source is None:
            raise InvalidInput.single("copy_from", f"release {copy_from!r} has no risk assessment")
    if draft is None:
        draft = (
            AssessmentDraft(
                source.intended_purpose,
                source.foreseeable_use,
                source.operational_environment,
                source.assets,
                source.owner,
                None,
                source.next_review_due,
            )
            if source
            else AssessmentDraft(intended_purpose=product.intended_purpose)
        )
    check_assessment(draft)
    fields = _assessment_fields(draft)
    with transaction.atomic():
        products_repo.get(slug, for_update=True)
        if repo.get_for_release(release.id, load_scale()) is not None:
            raise Conflict(f"release {version!r} of {slug!r} already has a risk assessment")
        try:
            new_id = repo.create(release.id, fields, ctx.clock.now(), source.id if source else None)
        except IntegrityError as exc:  # a concurrent start won
            raise Conflict(
                f"release {version!r} of {slug!r} already has a risk assessment"
            ) from exc
        if source is not None:
            repo.copy_contents(source.id, new_id, ctx.clock.now())
        data = {**_jsonable(fields), "copied_from": copy_from, "citations": ["ART13-2", "ART13-3"]}
        audit.record(ctx, "risk.assessment.create", "risk-assessment", f"{slug}@{version}", data)
    return require_assessment(ctx, slug, version)


def update_assessment(
    ctx: ServiceContext, slug: str, version: str, draft: AssessmentDraft
) -> RiskAssessment:
    require(ctx, Action.WRITE)
    check_assessment(draft)
    fields = _assessment_fields(draft)
    with transaction.atomic():
        current = require_assessment(ctx, slug, version)
        repo.lock(current.id)
        repo.update(current.id, fields, ctx.clock.now())
        audit.record(
            ctx, "risk.assessment.update", "risk-assessment", f"{slug}@{version}", _jsonable(fields)
        )
    return require_assessment(ctx, slug, version)


def _threat_fields(draft: ThreatDraft) -> dict[str, object]:
    return {
        "title": draft.title.strip(),
        "description": draft.description.strip(),
        "asset": draft.asset.strip(),
        "source": draft.source.strip(),
    }


def add_threat(ctx: ServiceContext, slug: str, version: str, draft: ThreatDraft) -> str:
    require(ctx, Action.WRITE)
    check_threat(draft).raise_if_any("the threat is invalid")
    with transaction.atomic():
        current = require_assessment(ctx, slug, version)
        repo.lock(current.id)
        number = repo.next_number(current.product_id, ThreatRow)
        fields = _threat_fields(draft)
        identifier = repo.add_threat(current.id, current.product_id, number, fields)
        audit.record(
            ctx,
            "risk.threat.create",
            "risk-assessment",
            f"{slug}@{version}",
            {"identifier": identifier, **fields},
        )
    return identifier


def _risk_fields(assessment_id: int, draft: RiskDraft) -> dict[str, object]:
    threat_pk = None
    if draft.threat is not None:
        threat_pk = repo.threat_pk(assessment_id, parse_identifier(draft.threat, "T"))
    return {
        "title": draft.title.strip(),
        "description": draft.description.strip(),
        "threat_id": threat_pk,
        "asset": draft.asset.strip(),
        "likelihood": draft.likelihood,
        "impact": draft.impact,
        "treatment": draft.treatment,
        "treatment_description": draft.treatment_description.strip(),
        "requirement_ids": list(draft.requirement_ids),
        "residual_likelihood": draft.residual_likelihood or "",
        "residual_impact": draft.residual_impact or "",
        "owner": draft.owner.strip(),
        "next_review": draft.next_review,
    }


def _risk_audit(identifier: str, draft: RiskDraft, found: RiskScale) -> dict[str, object]:
    data = _jsonable(asdict(draft))
    data["requirement_ids"] = list(draft.requirement_ids)
    return {
        "identifier": identifier,
        **data,
        "rating": found.rate(draft.likelihood, draft.impact).key,
        "scale_version": found.version,
    }


def _check(ctx: ServiceContext, current: RiskAssessment, draft: RiskDraft) -> None:
    threats = frozenset(t.identifier for t in current.threats)
    check_risk(draft, load_scale(), ctx.catalog, threats)


def add_risk(ctx: ServiceContext, slug: str, version: str, draft: RiskDraft) -> Risk:
    require(ctx, Action.WRITE)
    with transaction.atomic():
        current = require_assessment(ctx, slug, version)
        _check(ctx, current, draft)
        repo.lock(current.id)
        number = repo.next_number(current.product_id, RiskRow)
        fields = _risk_fields(current.id, draft)
        identifier = repo.add_risk(current.id, current.product_id, number, fields, ctx.clock.now())
        audit.record(
            ctx,
            "risk.create",
            "risk-assessment",
            f"{slug}@{version}",
            _risk_audit(identifier, draft, load_scale()),
        )
    return _risk_of(ctx, slug, version, identifier)


def _risk_of(ctx: ServiceContext, slug: str, version: str, identifier: str) -> Risk:
    for risk in require_assessment(ctx, slug, version).risks:
        if risk.identifier == identifier:
            return risk
    raise NotFound(f"no risk {identifier} in the assessment of {slug} {version}")


def update_risk(
    ctx: ServiceContext, slug: str, version: str, identifier: str, draft: RiskDraft
) -> Risk:
    require(ctx, Action.WRITE)
    number = parse_identifier(identifier)
    with transaction.atomic():
        current = require_assessment(ctx, slug, version)
        _check(ctx, current, draft)
        repo.lock(current.id)
        if not repo.update_risk(
            current.id, number, _risk_fields(current.id, draft), ctx.clock.now()
        ):
            raise NotFound(f"no risk R-{number} in the assessment of {slug} {version}")
        audit.record(
            ctx,
            "risk.update",
            "risk-assessment",
            f"{slug}@{version}",
            _risk_audit(f"R-{number}", draft, load_scale()),
        )
    return _risk_of(ctx, slug, version, f"R-{number}")


def delete_risk(ctx: ServiceContext, slug: str, version: str, identifier: str) -> None:
    """Remove a risk from this release's assessment; earlier releases keep theirs."""
    require(ctx, Action.WRITE)
    number = parse_identifier(identifier)
    with transaction.atomic():
        current = require_assessment(ctx, slug, version)
        repo.lock(current.id)
        if not repo.delete_risk(current.id, number):
            raise NotFound(f"no risk R-{number} in the assessment of {slug} {version}")
        audit.record(
            ctx,
            "risk.delete",
            "risk-assessment",
            f"{slug}@{version}",
            {"identifier": f"R-{number}"},
        )


def import_threats(ctx: ServiceContext, slug: str, version: str, data: bytes) -> ImportResult:
    """Import a threat list (docs/risk-csv.md): every row or none, errors by row and column."""
    require(ctx, Action.WRITE)
    rows = risk_csv.parse_threats(data)
    found = load_scale()
    threats: list[str] = []
    risks: list[str] = []
    with transaction.atomic():
        current = require_assessment(ctx, slug, version)
        _check_rows(ctx, rows, found)
        repo.lock(current.id)
        threat_number = repo.next_number(current.product_id, ThreatRow)
        risk_number = repo.next_number(current.product_id, RiskRow)
        for row in rows:
            identifier = repo.add_threat(
                current.id, current.product_id, threat_number, _threat_fields(row.threat)
            )
            threat_number += 1
            threats.append(identifier)
            if row.risk is not None:
                fields = {**_risk_fields(current.id, row.risk), "threat_id": None}
                fields["threat_id"] = repo.threat_pk(current.id, threat_number - 1)
                risks.append(
                    repo.add_risk(
                        current.id, current.product_id, risk_number, fields, ctx.clock.now()
                    )
                )
                risk_number += 1
        audit.record(
            ctx,
            "risk.import",
            "risk-assessment",
            f"{slug}@{version}",
            {"threats": threats, "risks": risks, "rows": len(rows), "bytes": len(data)},
        )
    return ImportResult(tuple(threats), tuple(risks))


def _check_rows(ctx: ServiceContext, rows: list[risk_csv.ThreatRow], found: RiskScale) -> None:
    problems: list[Problem] = []
    for row in rows:
        for error_source in (
            check_threat(row.threat).problems,
            _risk_problems(ctx, row.risk, found),
        ):
            problems.extend(
                Problem(risk_csv.where(row.row, p.field), p.message, p.citation)
                for p in error_source
            )
    if problems:
        raise InvalidInput(f"the threat list is invalid: {problems[0]}", problems)


def _risk_problems(ctx: ServiceContext, draft: RiskDraft | None, found: RiskScale) -> list[Problem]:
    if draft is None:
        return []
    try:
        check_risk(draft, found, ctx.catalog, frozenset())
    except InvalidInput as error:
        return list(error.problems)
    return []


def export_risks(ctx: ServiceContext, slug: str, version: str) -> bytes:
    """The risks of a release as CSV (formula-escaped), in the documented export columns."""
    current = require_assessment(ctx, slug, version)
    return risk_csv.write_risks(
        (
            r.identifier,
            r.title,
            r.threat or "",
            r.asset,
            r.likelihood,
            r.impact,
            r.rating,
            r.treatment,
            r.treatment_description,
            " ".join(r.requirement_ids),
            r.residual_likelihood or "",
            r.residual_impact or "",
            r.residual_rating or "",
            r.owner,
            r.next_review.isoformat() if r.next_review else "",
            r.description,
        )
        for r in current.risks
    )
