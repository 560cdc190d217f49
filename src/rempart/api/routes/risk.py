"""Risk assessments per release and the guided self-assessment (api layer).

Art. 13(2)-(3) (ART13-2, ART13-3); records for Annex I Part II (3) (AI-P2-3).
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Status
from ninja.files import UploadedFile

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.api.schemas.risk import (
    AnswerIn,
    AssessmentIn,
    AuditIn,
    CreatedOut,
    FindingIn,
    ImportOut,
    LevelOut,
    QuestionOut,
    RatingOut,
    RiskAssessmentOut,
    RiskIn,
    RiskOut,
    ScaleOut,
    SecurityTestIn,
    SecurityTestOut,
    SelfAssessmentOut,
    StartIn,
    ThreatIn,
    ThreatOut,
    TrainingIn,
)
from rempart.core.errors import InvalidInput, NotFound
from rempart.core.risk.assessment import (
    CITATIONS,
    AssessmentDraft,
    Risk,
    RiskAssessment,
    RiskDraft,
    ThreatDraft,
)
from rempart.core.risk.records import ThirdPartyAudit, Training
from rempart.services.risk import assessment as risk
from rempart.services.risk import selfassessment

router = Router(tags=["risk"])
scale_router = Router(tags=["risk"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}
PATH = "/{slug}/releases/{version}/risk-assessment"


def risk_out(found: Risk, today: date) -> RiskOut:
    return RiskOut(
        identifier=found.identifier,
        title=found.title,
        description=found.description,
        threat=found.threat,
        asset=found.asset,
        likelihood=found.likelihood,
        impact=found.impact,
        rating=found.rating,
        treatment=found.treatment,
        treatment_description=found.treatment_description,
        requirement_ids=list(found.requirement_ids),
        residual_likelihood=found.residual_likelihood,
        residual_impact=found.residual_impact,
        residual_rating=found.residual_rating,
        owner=found.owner,
        next_review=found.next_review,
        review_overdue=found.review_overdue(today),
        updated_at=found.updated_at,
    )


def assessment_out(found: RiskAssessment, today: date) -> RiskAssessmentOut:
    return RiskAssessmentOut(
        product=found.product_slug,
        release=found.release_version,
        based_on=found.based_on_version,
        citations=list(CITATIONS),
        intended_purpose=found.intended_purpose,
        foreseeable_use=found.foreseeable_use,
        operational_environment=found.operational_environment,
        assets=list(found.assets),
        owner=found.owner,
        last_reviewed=found.last_reviewed,
        next_review_due=found.next_review_due,
        review_overdue=found.review_overdue(today),
        threats=[
            ThreatOut(
                identifier=t.identifier,
                title=t.title,
                description=t.description,
                asset=t.asset,
                source=t.source,
            )
            for t in found.threats
        ],
        risks=[risk_out(r, today) for r in found.risks],
    )


def _draft(payload: AssessmentIn) -> AssessmentDraft:
    return AssessmentDraft(**{**payload.dict(), "assets": tuple(payload.assets)})


def _risk_draft(payload: RiskIn) -> RiskDraft:
    return RiskDraft(**{**payload.dict(), "requirement_ids": tuple(payload.requirement_ids)})


@scale_router.get("/scale", response={200: ScaleOut, **ERRORS}, summary="The risk scale and matrix")
def get_scale(request: HttpRequest) -> ScaleOut:
    found = risk.scale(context(request))

    def levels(items: tuple[object, ...]) -> list[LevelOut]:
        return [LevelOut.model_validate(item, from_attributes=True) for item in items]

    return ScaleOut(
        version=found.version,
        citations=list(found.citations),
        likelihood=levels(found.likelihood),
        impact=levels(found.impact),
        ratings=[RatingOut.model_validate(r, from_attributes=True) for r in found.rating],
        matrix=[list(row) for row in found.matrix.rows],
    )


@router.get(
    PATH, response={200: RiskAssessmentOut, **ERRORS}, summary="A release's risk assessment"
)
def get_assessment(request: HttpRequest, slug: str, version: str) -> RiskAssessmentOut:
    ctx = context(request)
    return assessment_out(risk.require_assessment(ctx, slug, version), ctx.clock.now().date())


@router.post(PATH, response={201: RiskAssessmentOut, **ERRORS}, summary="Start a risk assessment")
def start_assessment(
    request: HttpRequest, slug: str, version: str, payload: StartIn
) -> Status[RiskAssessmentOut]:
    ctx = context(request)
    draft = _draft(payload.assessment) if payload.assessment else None
    started = risk.start_assessment(ctx, slug, version, draft, payload.copy_from)
    return Status(201, assessment_out(started, ctx.clock.now().date()))


@router.put(
    PATH, response={200: RiskAssessmentOut, **ERRORS}, summary="Change the assessment's parts"
)
def update_assessment(
    request: HttpRequest, slug: str, version: str, payload: AssessmentIn
) -> RiskAssessmentOut:
    ctx = context(request)
    updated = risk.update_assessment(ctx, slug, version, _draft(payload))
    return assessment_out(updated, ctx.clock.now().date())


@router.post(f"{PATH}/threats", response={201: ThreatOut, **ERRORS}, summary="Add a threat")
def add_threat(
    request: HttpRequest, slug: str, version: str, payload: ThreatIn
) -> Status[ThreatOut]:
    identifier = risk.add_threat(context(request), slug, version, ThreatDraft(**payload.dict()))
    return Status(201, ThreatOut(identifier=identifier, **payload.dict()))


@router.post(f"{PATH}/risks", response={201: RiskOut, **ERRORS}, summary="Add a risk")
def add_risk(request: HttpRequest, slug: str, version: str, payload: RiskIn) -> Status[RiskOut]:
    ctx = context(request)
    added = risk.add_risk(ctx, slug, version, _risk_draft(payload))
    return Status(201, risk_out(added, ctx.clock.now().date()))


@router.put(
    f"{PATH}/risks/{{identifier}}", response={200: RiskOut, **ERRORS}, summary="Change a risk"
)
def update_risk(
    request: HttpRequest, slug: str, version: str, identifier: str, payload: RiskIn
) -> RiskOut:
    ctx = context(request)
    updated = risk.update_risk(ctx, slug, version, identifier, _risk_draft(payload))
    return risk_out(updated, ctx.clock.now().date())


@router.delete(
    f"{PATH}/risks/{{identifier}}", response={204: None, **ERRORS}, summary="Remove a risk"
)
def delete_risk(request: HttpRequest, slug: str, version: str, identifier: str) -> Status[None]:
    risk.delete_risk(context(request), slug, version, identifier)
    return Status(204, None)


@router.post(
    f"{PATH}/import",
    response={201: ImportOut, **ERRORS},
    summary="Import a threat list (CSV, multipart field 'file'; docs/risk-csv.md)",
)
def import_threats(
    request: HttpRequest, slug: str, version: str, file: File[UploadedFile]
) -> Status[ImportOut]:
    if file.size is not None and file.size > risk.THREAT_CSV_MAX_BYTES:
        raise InvalidInput.single("file", f"larger than {risk.THREAT_CSV_MAX_BYTES:,} bytes")
    result = risk.import_threats(
        context(request), slug, version, file.read(risk.THREAT_CSV_MAX_BYTES + 1)
    )
    return Status(201, ImportOut(threats=list(result.threats), risks=list(result.risks)))


@router.get(f"{PATH}/export", summary="The risks as CSV (formula cells escaped)")
def export_risks(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    data = risk.export_risks(context(request), slug, version)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-risks.csv"'
    return response


@router.get(
    "/{slug}/risks/{identifier}",
    response={200: RiskOut, **ERRORS},
    summary="Find a risk by its stable identifier (newest assessment holding it)",
)
def find_risk(request: HttpRequest, slug: str, identifier: str) -> RiskOut:
    ctx = context(request)
    product = selfassessment.show(ctx, slug).product
    found = risk.find_risk(ctx, product.id, identifier)
    if found is None:
        raise NotFound(f"no risk {identifier!r} in any risk assessment of {slug!r}")
    return risk_out(found, ctx.clock.now().date())


@router.get(
    "/{slug}/selfassessment",
    response={200: SelfAssessmentOut, **ERRORS},
    summary="Questionnaire answers and security test, training and audit records",
)
def get_selfassessment(request: HttpRequest, slug: str) -> SelfAssessmentOut:
    shown = selfassessment.show(context(request), slug)
    return SelfAssessmentOut(
        product=slug,
        questionnaire_version=shown.questionnaire.version,
        answered=shown.answered(),
        questions=[
            QuestionOut(
                id=q.id,
                area=q.area,
                text=q.text,
                requirement_ids=list(q.requirement_ids),
                answer=shown.answers[q.id].answer if q.id in shown.answers else None,
                comment=shown.answers[q.id].comment if q.id in shown.answers else "",
            )
            for q in shown.questionnaire.question
        ],
        security_tests=[
            SecurityTestOut(
                id=t.id,
                kind=t.kind,
                date=t.performed_on,
                tester=t.tester,
                scope=t.scope,
                findings=[
                    FindingIn(title=f.title, severity=f.severity, status=f.status)
                    for f in t.findings
                ],
                requirement_ids=list(t.requirement_ids),
            )
            for t in shown.tests
        ],
        trainings=[
            TrainingIn(
                date=t.held_on,
                people=t.people,
                topic=t.topic,
                requirement_ids=list(t.requirement_ids),
            )
            for t in shown.trainings
        ],
        audits=[
            AuditIn(
                date=a.performed_on,
                auditor=a.auditor,
                scope=a.scope,
                result=a.result,
                requirement_ids=list(a.requirement_ids),
            )
            for a in shown.audits
        ],
    )


@router.put(
    "/{slug}/selfassessment/answers/{question_id}",
    response={204: None, **ERRORS},
    summary="Answer a self-assessment question",
)
def answer(request: HttpRequest, slug: str, question_id: str, payload: AnswerIn) -> Status[None]:
    selfassessment.answer(context(request), slug, question_id, payload.answer, payload.comment)
    return Status(204, None)


@router.post(
    "/{slug}/security-tests", response={201: CreatedOut, **ERRORS}, summary="Record a security test"
)
def add_security_test(
    request: HttpRequest, slug: str, payload: SecurityTestIn
) -> Status[CreatedOut]:
    record = selfassessment.new_test(
        payload.kind,
        payload.date,
        payload.tester,
        payload.scope,
        tuple(selfassessment.finding(f.title, f.severity, f.status) for f in payload.findings),
        tuple(payload.requirement_ids),
    )
    stored = selfassessment.add_security_test(context(request), slug, record)
    return Status(201, CreatedOut(id=stored.id))


@router.post(
    "/{slug}/trainings", response={201: CreatedOut, **ERRORS}, summary="Record a security training"
)
def add_training(request: HttpRequest, slug: str, payload: TrainingIn) -> Status[CreatedOut]:
    record = Training(
        0, payload.date, payload.people, payload.topic, tuple(payload.requirement_ids)
    )
    return Status(201, CreatedOut(id=selfassessment.add_training(context(request), slug, record)))


@router.post(
    "/{slug}/third-party-audits",
    response={201: CreatedOut, **ERRORS},
    summary="Record a third-party audit",
)
def add_audit(request: HttpRequest, slug: str, payload: AuditIn) -> Status[CreatedOut]:
    record = ThirdPartyAudit(
        0,
        payload.date,
        payload.auditor,
        payload.scope,
        payload.result,
        tuple(payload.requirement_ids),
    )
    return Status(201, CreatedOut(id=selfassessment.add_audit(context(request), slug, record)))
