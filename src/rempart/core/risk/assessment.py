"""The cybersecurity risk assessment of a release, and the rules its parts obey (core layer).

Art. 13(2) asks for an assessment of the cybersecurity risks (``ART13-2``); Art. 13(3) says what
it comprises: intended purpose and reasonably foreseeable use, conditions of use such as the
operational environment and the assets to be protected, and how Annex I Part I (2) and Part II
are applied (``ART13-3``). Each release has its own assessment (a new one may start as a copy of
the previous release's), so the history stays readable release by release.

Risks and threats carry stable identifiers (``R-3``, ``T-2``) numbered per product and kept
when an assessment is copied, so a justification elsewhere can point at ``R-3`` for good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from rempart.core.cra.catalog import Catalog
from rempart.core.errors import InvalidInput, ProblemCollector
from rempart.core.risk.scale import RiskScale

TREATMENTS = ("mitigate", "accept", "transfer", "avoid")
# Treatments map onto Annex I: Part I (properties) and Part II (vulnerability handling).
REQUIREMENT_PREFIXES = ("AI-P1-", "AI-P2-")
TITLE_MAX = 200
TEXT_MAX = 10_000
ASSETS_MAX = 100
CITATIONS = ("ART13-2", "ART13-3")
_IDENTIFIER = re.compile(r"^\s*([RT])-(\d{1,6})\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Threat:
    id: int
    identifier: str  # "T-2"
    title: str
    description: str = ""
    asset: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Risk:
    id: int
    identifier: str  # "R-3"
    title: str
    description: str
    threat: str | None  # the identifier of a threat of the same assessment
    asset: str
    likelihood: str
    impact: str
    rating: str
    treatment: str
    treatment_description: str
    requirement_ids: tuple[str, ...]
    residual_likelihood: str | None
    residual_impact: str | None
    residual_rating: str | None
    owner: str
    next_review: date | None
    updated_at: datetime

    def review_overdue(self, today: date) -> bool:
        return self.next_review is not None and self.next_review < today


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    id: int
    product_id: int
    product_slug: str
    release_id: int
    release_version: str
    based_on_version: str | None
    intended_purpose: str
    foreseeable_use: str
    operational_environment: str
    assets: tuple[str, ...]
    owner: str
    last_reviewed: date | None
    next_review_due: date | None
    created_at: datetime
    updated_at: datetime
    threats: tuple[Threat, ...] = field(default=())
    risks: tuple[Risk, ...] = field(default=())

    def review_overdue(self, today: date) -> bool:
        return self.next_review_due is not None and self.next_review_due < today

    def overdue_risks(self, today: date) -> list[Risk]:
        return [r for r in self.risks if r.review_overdue(today)]


@dataclass(frozen=True, slots=True)
class AssessmentDraft:
    intended_purpose: str = ""
    foreseeable_use: str = ""
    operational_environment: str = ""
    assets: tuple[str, ...] = ()
    owner: str = ""
    last_reviewed: date | None = None
    next_review_due: date | None = None


@dataclass(frozen=True, slots=True)
class ThreatDraft:
    title: str
    description: str = ""
    asset: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class RiskDraft:
    title: str
    likelihood: str
    impact: str
    treatment: str
    description: str = ""
    threat: str | None = None
    asset: str = ""
    treatment_description: str = ""
    requirement_ids: tuple[str, ...] = ()
    residual_likelihood: str | None = None
    residual_impact: str | None = None
    owner: str = ""
    next_review: date | None = None


def parse_identifier(text: str, kind: str = "R") -> int:
    """``"R-3"`` → 3; anything else is refused, naming the expected form."""
    match = _IDENTIFIER.match(text or "")
    if match is None or match.group(1).upper() != kind:
        raise InvalidInput.single("identifier", f"{text!r} is not of the form {kind}-<number>")
    return int(match.group(2))


def _text(problems: ProblemCollector, name: str, value: str, limit: int, required: bool) -> None:
    if required and not value.strip():
        problems.add(name, "is required")
    if len(value) > limit:
        problems.add(name, f"at most {limit:,} characters")
    if "\x00" in value:
        problems.add(name, "contains a NUL character")


def check_assessment(draft: AssessmentDraft) -> None:
    problems = ProblemCollector()
    _text(problems, "intended_purpose", draft.intended_purpose, TEXT_MAX, False)
    _text(problems, "foreseeable_use", draft.foreseeable_use, TEXT_MAX, False)
    _text(problems, "operational_environment", draft.operational_environment, TEXT_MAX, False)
    _text(problems, "owner", draft.owner, TITLE_MAX, False)
    if len(draft.assets) > ASSETS_MAX:
        problems.add("assets", f"at most {ASSETS_MAX} assets")
    for i, asset in enumerate(draft.assets):
        _text(problems, f"assets[{i}]", asset, TITLE_MAX, True)
    if (
        draft.last_reviewed is not None
        and draft.next_review_due is not None
        and draft.next_review_due < draft.last_reviewed
    ):
        problems.add("next_review_due", "is before the last review")
    problems.raise_if_any("the risk assessment is invalid")


def check_threat(draft: ThreatDraft, field_prefix: str = "") -> ProblemCollector:
    problems = ProblemCollector()
    _text(problems, f"{field_prefix}title", draft.title, TITLE_MAX, True)
    _text(problems, f"{field_prefix}description", draft.description, TEXT_MAX, False)
    _text(problems, f"{field_prefix}asset", draft.asset, TITLE_MAX, False)
    _text(problems, f"{field_prefix}source", draft.source, TITLE_MAX, False)
    return problems


def check_requirement_ids(
    problems: ProblemCollector, catalog: Catalog, ids: tuple[str, ...], name: str
) -> None:
    """Only Annex I IDs (``AI-P1-*``, ``AI-P2-*``) that exist in the catalog are accepted."""
    for rid in ids:
        if not rid.startswith(REQUIREMENT_PREFIXES) or not catalog.has(rid):
            problems.add(
                name, f"{rid!r} is not an Annex I requirement ID (AI-P1-1 … AI-P1-2m, AI-P2-1 … 8)"
            )
    if len(set(ids)) != len(ids):
        problems.add(name, "lists a requirement twice")


def check_risk(
    draft: RiskDraft, scale: RiskScale, catalog: Catalog, threats: frozenset[str]
) -> None:
    """Refuse a risk that breaks a rule, naming every offending field at once."""
    problems = ProblemCollector()
    _text(problems, "title", draft.title, TITLE_MAX, True)
    _text(problems, "description", draft.description, TEXT_MAX, False)
    _text(problems, "asset", draft.asset, TITLE_MAX, False)
    _text(problems, "owner", draft.owner, TITLE_MAX, False)
    _text(problems, "treatment_description", draft.treatment_description, TEXT_MAX, False)
    levels = {
        "likelihood": (draft.likelihood, [lv.key for lv in scale.likelihood]),
        "impact": (draft.impact, [lv.key for lv in scale.impact]),
        "residual_likelihood": (draft.residual_likelihood, [lv.key for lv in scale.likelihood]),
        "residual_impact": (draft.residual_impact, [lv.key for lv in scale.impact]),
    }
    for name, (value, known) in levels.items():
        if value is not None and value not in known:
            problems.add(name, f"unknown level {value!r}; use one of: {', '.join(known)}")
    if draft.treatment not in TREATMENTS:
        problems.add("treatment", f"must be one of {', '.join(TREATMENTS)}")
    if draft.threat is not None and draft.threat not in threats:
        problems.add("threat", f"no threat {draft.threat!r} in this assessment")
    check_requirement_ids(problems, catalog, draft.requirement_ids, "requirement_ids")
    if draft.treatment == "mitigate" and not draft.requirement_ids:
        problems.add(
            "requirement_ids",
            "a mitigated risk names the Annex I requirements that mitigate it",
            "ART13-3",
        )
    if draft.treatment in ("accept", "transfer", "avoid") and not draft.treatment_description:
        problems.add("treatment_description", f"say why and how the risk is {draft.treatment}ed")
    if (draft.residual_likelihood is None) != (draft.residual_impact is None):
        problems.add("residual_impact", "give both residual likelihood and impact, or neither")
    problems.raise_if_any("the risk is invalid")
    if draft.residual_likelihood is not None and draft.residual_impact is not None:
        inherent = scale.rate(draft.likelihood, draft.impact)
        residual = scale.rate(draft.residual_likelihood, draft.residual_impact)
        if scale.rating_rank(residual.key) > scale.rating_rank(inherent.key):
            raise InvalidInput.single(
                "residual_impact",
                f"residual risk ({residual.label}) is higher than the risk before treatment "
                f"({inherent.label})",
            )
