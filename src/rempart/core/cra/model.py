"""The shape of the CRA catalog data files, as typed dataclasses (core layer).

These classes are the schema of ``data/*.toml`` (see ``schema.build``): one class per table
kind. ``provisions.toml``, ``categories.toml`` and ``tables.toml`` are generated from the
reference by ``tools/build_catalog.py``; ``rules.toml`` and ``scope.toml`` are curated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ProductClassId = Literal["default", "important-class-i", "important-class-ii", "critical"]
Answer = Literal["yes", "no", "unsure"]


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Quote:
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Provision:
    """One article paragraph, annex point or scope entry, with its quoted legal text."""

    id: str
    section: str
    ref: str = ""
    summary: str = ""
    title: str | None = None
    note: str | None = None
    text: str | None = None
    quotes: tuple[Quote, ...] = ()
    commentary: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """An Annex III or Annex IV product category with its IR (EU) 2025/2392 description."""

    id: str
    product_class: ProductClassId = field(metadata={"key": "class"})
    point: int
    title: str
    ref: str
    summary: str
    technical_description: str
    technical_description_id: str
    examples: tuple[str, ...]
    errata: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProvisionsFile:
    source: Source
    provision: tuple[Provision, ...]


@dataclass(frozen=True, slots=True)
class CategoriesFile:
    source: Source
    category: tuple[Category, ...]


@dataclass(frozen=True, slots=True)
class IdentificationRow:
    id: str
    field: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class DateRow:
    id: str
    date: str
    what: str
    legal_basis: str


@dataclass(frozen=True, slots=True)
class DefinitionRow:
    id: str
    term: str
    text: str
    plain: str


@dataclass(frozen=True, slots=True)
class NumericRuleRow:
    id: str
    rule: str
    value: str
    ref: str


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    id: str
    trigger: str
    report: str
    deadline: str
    anchor: str
    ref: str


@dataclass(frozen=True, slots=True)
class ContentRow:
    id: str
    report: str
    item: str
    qualifier: str


@dataclass(frozen=True, slots=True)
class ImplementingRegulationRow:
    id: str
    item: str
    content: str


@dataclass(frozen=True, slots=True)
class ConformityRow:
    id: str
    product_class: str
    module_a: str
    module_b_c: str
    module_h: str
    eu_certification: str
    ref: str


@dataclass(frozen=True, slots=True)
class PenaltyRow:
    id: str
    infringement: str
    maximum_fine: str
    ref: str


@dataclass(frozen=True, slots=True)
class SbomGuidanceRow:
    id: str
    item: str
    requirement: str
    tr_section: str


@dataclass(frozen=True, slots=True)
class StandardRow:
    id: str
    deliverable: str
    cra_link: str
    deadline: str
    also: str | None = None  # the last ID of a range row ("STD-2 … STD-14")


@dataclass(frozen=True, slots=True)
class ActRow:
    id: str
    empowerment: str
    status: str
    also: str | None = None


@dataclass(frozen=True, slots=True)
class NoteRow:
    id: str
    section: str
    text: str


@dataclass(frozen=True, slots=True)
class TablesFile:
    source: Source
    acts: tuple[ActRow, ...]
    conformity_matrix: tuple[ConformityRow, ...]
    dates: tuple[DateRow, ...]
    definitions: tuple[DefinitionRow, ...]
    identification: tuple[IdentificationRow, ...]
    implementing_regulation: tuple[ImplementingRegulationRow, ...]
    notes: tuple[NoteRow, ...]
    numeric_rules: tuple[NumericRuleRow, ...]
    penalties: tuple[PenaltyRow, ...]
    reporting_contents: tuple[ContentRow, ...]
    reporting_deadlines: tuple[DeadlineRow, ...]
    sbom_guidance: tuple[SbomGuidanceRow, ...]
    standards: tuple[StandardRow, ...]


# ------------------------------------------------------------------ curated rules.toml


@dataclass(frozen=True, slots=True)
class Status:
    harmonised_standards_published: bool
    harmonised_standards_citations: tuple[str, ...]
    common_specifications_adopted: bool
    common_specifications_citations: tuple[str, ...]
    certification_schemes_specified: bool
    certification_schemes_citations: tuple[str, ...]
    art8_delegated_act_adopted: bool
    art8_delegated_act_citations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductClassRule:
    id: ProductClassId
    label: str
    rank: int
    citations: tuple[str, ...]


ProcedureId = Literal["module-a", "module-b-c", "module-h", "eu-certification"]


@dataclass(frozen=True, slots=True)
class ProcedureRule:
    id: ProcedureId
    label: str
    notified_body: bool
    citations: tuple[str, ...]


Anchor = Literal["awareness", "measure-available", "notification-submitted", "csirt-request"]


@dataclass(frozen=True, slots=True)
class ReportStageRule:
    id: str
    case_kind: Literal["vulnerability", "incident", "any"]
    stage: Literal[
        "early-warning", "notification", "final-report", "intermediate-report", "user-notice"
    ]
    label: str
    order: int
    anchor: Anchor
    citations: tuple[str, ...]
    contents: tuple[str, ...]
    hours: int | None = None
    days: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class RoutingRule:
    citations: tuple[str, ...]
    with_main_establishment: tuple[str, ...]
    without_main_establishment: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SupportRule:
    minimum_months: int
    minimum_citations: tuple[str, ...]
    # The information taken into account is always recorded (Art. 13(8), Annex VII point 4).
    justification_citations: tuple[str, ...]
    security_update_retention_years: int
    security_update_retention_citations: tuple[str, ...]
    documentation_retention_years: int
    documentation_retention_citations: tuple[str, ...]
    user_information_retention_years: int
    user_information_retention_citations: tuple[str, ...]
    end_date_granularity: Literal["month"]
    end_date_citations: tuple[str, ...]
    ending_soon_months: int


@dataclass(frozen=True, slots=True)
class MilestoneRule:
    date_id: str
    label: str
    applies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RequirementGroup:
    id: str
    prefix: str
    title: str
    assessed: bool


@dataclass(frozen=True, slots=True)
class RulesFile:
    catalog_version: str
    schema_version: int
    regulation: str
    short_name: str
    as_of: date
    status: Status
    product_class: tuple[ProductClassRule, ...]
    procedure: tuple[ProcedureRule, ...]
    report_stage: tuple[ReportStageRule, ...]
    routing: RoutingRule
    support: SupportRule
    milestone: tuple[MilestoneRule, ...]
    requirement_group: tuple[RequirementGroup, ...]


# ------------------------------------------------------------------ curated scope.toml


@dataclass(frozen=True, slots=True)
class Condition:
    question: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    help: str
    citations: tuple[str, ...]
    ask_if: Condition | None = None
    excludes_when: Literal["yes", "no"] | None = None
    decided_by: str | None = None
    note_when: Literal["yes", "no"] | None = None
    note: str | None = None
    note_citations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictRule:
    when: tuple[Condition, ...]
    reason: str
    citations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScopeFile:
    question: tuple[Question, ...]
    conflict: tuple[ConflictRule, ...]
