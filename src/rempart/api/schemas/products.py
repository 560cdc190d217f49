"""Product register schemas: what the API accepts and returns for products and releases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from rempart.api.schemas.common import CitationOut

AnswerIn = Literal["yes", "no", "unsure"]


class ProductIn(Schema):
    name: str = Field(..., max_length=200, description="Product name")
    slug: str = Field("", max_length=80, description="Identifier; derived from the name if empty")
    description: str = Field("", max_length=20000)
    intended_purpose: str = Field("", max_length=20000)
    scope_answers: dict[str, AnswerIn] = Field(
        ..., description="Scope questionnaire: question id -> yes/no/unsure"
    )
    categories: list[str] = Field(
        default_factory=list, description="Annex III/IV category IDs, e.g. AIII-C1-3"
    )
    free_open_source_public_documentation: bool = False
    standards_applied: Literal["full", "partial", "none"] = "none"
    support_months: int = Field(
        ..., ge=1, le=1200, description="Support period in months (Art. 13(8))"
    )
    expected_use_months: int | None = Field(None, ge=1, le=1200)
    support_justification: str = Field("", max_length=20000)


class ScopeReasonOut(Schema):
    question_id: str
    message: str
    citations: list[CitationOut]


class ProcedureOut(Schema):
    id: str
    label: str
    allowed: bool
    notified_body: bool
    reason: str
    citations: list[CitationOut]


class AssessmentOut(Schema):
    scope_outcome: str
    scope_reasons: list[ScopeReasonOut]
    scope_notes: list[ScopeReasonOut]
    product_class: str
    product_class_label: str
    categories: list[CitationOut]
    route: CitationOut
    procedures: list[ProcedureOut]
    warnings: list[str]
    catalog_version: str


class ReleaseIn(Schema):
    version: str = Field(..., max_length=100)
    release_date: date | None = None
    end_of_support: date | None = Field(
        None, description="Defaults to release date + support period"
    )
    status: Literal["planned", "released", "withdrawn"] = "released"
    notes: str = Field("", max_length=10000)


class ReleaseUpdateIn(Schema):
    release_date: date | None = None
    end_of_support: date | None = None
    status: Literal["planned", "released", "withdrawn"] = "released"
    notes: str = Field("", max_length=10000)


class ReleaseOut(Schema):
    version: str
    uuid: str = Field(
        "", description="Stable identity; Dependency-Track clients upload to it as `project`"
    )
    release_date: date | None
    end_of_support: date | None
    end_of_support_label: str | None
    status: str
    support_status: str
    notes: str


class ProductOut(Schema):
    slug: str
    name: str
    description: str
    intended_purpose: str
    scope_outcome: str
    scope_answers: dict[str, str]
    categories: list[str]
    product_class: str
    allowed_procedures: list[str]
    free_open_source_public_documentation: bool
    standards_applied: str
    support_months: int
    expected_use_months: int | None
    support_justification: str
    catalog_version: str
    created_at: datetime
    updated_at: datetime
    releases: list[ReleaseOut]
