"""Risk assessment and self-assessment schemas (api layer)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AssessmentIn(Schema):
    intended_purpose: str = Field("", max_length=10000)
    foreseeable_use: str = Field("", max_length=10000)
    operational_environment: str = Field("", max_length=10000)
    assets: list[str] = Field(default_factory=list, max_length=100)
    owner: str = Field("", max_length=200)
    last_reviewed: dt.date | None = None
    next_review_due: dt.date | None = None


class StartIn(Schema):
    copy_from: str | None = Field(None, description="Start as a copy of this release's assessment")
    assessment: AssessmentIn | None = Field(
        None, description="The parts; default: the copied ones, or the product's intended purpose"
    )


class ThreatIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=10000)
    asset: str = Field("", max_length=200)
    source: str = Field("", max_length=200)


class ThreatOut(ThreatIn):
    identifier: str


class RiskIn(Schema):
    title: str = Field(..., max_length=200)
    likelihood: str = Field(
        ..., description="A likelihood level key of the scale (GET /risk/scale)"
    )
    impact: str = Field(..., description="An impact level key of the scale")
    treatment: str = Field(..., description="mitigate | accept | transfer | avoid")
    description: str = Field("", max_length=10000)
    threat: str | None = Field(None, description="A threat identifier of the assessment, e.g. T-2")
    asset: str = Field("", max_length=200)
    treatment_description: str = Field("", max_length=10000)
    requirement_ids: list[str] = Field(
        default_factory=list, max_length=50, description="Annex I IDs (AI-P1-*, AI-P2-*)"
    )
    residual_likelihood: str | None = None
    residual_impact: str | None = None
    owner: str = Field("", max_length=200)
    next_review: dt.date | None = None


class RiskOut(Schema):
    identifier: str
    title: str
    description: str
    threat: str | None
    asset: str
    likelihood: str
    impact: str
    rating: str
    treatment: str
    treatment_description: str
    requirement_ids: list[str]
    residual_likelihood: str | None
    residual_impact: str | None
    residual_rating: str | None
    owner: str
    next_review: dt.date | None
    review_overdue: bool
    updated_at: dt.datetime


class RiskAssessmentOut(Schema):
    product: str
    release: str
    based_on: str | None
    citations: list[str]
    intended_purpose: str
    foreseeable_use: str
    operational_environment: str
    assets: list[str]
    owner: str
    last_reviewed: dt.date | None
    next_review_due: dt.date | None
    review_overdue: bool
    threats: list[ThreatOut]
    risks: list[RiskOut]


class ImportOut(Schema):
    threats: list[str]
    risks: list[str]


class LevelOut(Schema):
    key: str
    value: int
    label: str
    description: str


class RatingOut(Schema):
    key: str
    label: str
    description: str


class ScaleOut(Schema):
    version: str
    citations: list[str]
    likelihood: list[LevelOut]
    impact: list[LevelOut]
    ratings: list[RatingOut]
    matrix: list[list[str]] = Field(
        ..., description="rows: likelihood ascending; columns: impact ascending; cells: rating keys"
    )


class AnswerIn(Schema):
    answer: str = Field(..., description="yes | partly | no | not-applicable")
    comment: str = Field("", max_length=10000)


class QuestionOut(Schema):
    id: str
    area: str
    text: str
    requirement_ids: list[str]
    answer: str | None
    comment: str


class FindingIn(Schema):
    title: str = Field(..., max_length=200)
    severity: str = Field(..., description="low | medium | high | critical")
    status: str = "open"


class SecurityTestIn(Schema):
    kind: str = Field(..., description="penetration-test | code-review | fuzzing | ...")
    date: dt.date
    tester: str = Field(..., max_length=1000)
    scope: str = Field(..., max_length=10000)
    findings: list[FindingIn] = Field(default_factory=list, max_length=500)
    requirement_ids: list[str] = Field(default_factory=lambda: ["AI-P2-3"], max_length=50)


class SecurityTestOut(SecurityTestIn):
    id: int


class TrainingIn(Schema):
    date: dt.date
    people: str = Field(..., max_length=1000)
    topic: str = Field(..., max_length=1000)
    requirement_ids: list[str] = Field(..., max_length=50)


class AuditIn(Schema):
    date: dt.date
    auditor: str = Field(..., max_length=1000)
    scope: str = Field(..., max_length=10000)
    result: str = Field(..., description="passed | passed-with-findings | failed")
    requirement_ids: list[str] = Field(..., max_length=50)


class CreatedOut(Schema):
    id: int


class SelfAssessmentOut(Schema):
    product: str
    questionnaire_version: str
    answered: int
    questions: list[QuestionOut]
    security_tests: list[SecurityTestOut]
    trainings: list[TrainingIn]
    audits: list[AuditIn]
