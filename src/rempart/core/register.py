"""What the product register decides for a product: scope, class, route, support (core layer).

A :class:`ProductDraft` is what a user enters in the wizard, the API or the CLI. ``assess``
validates it completely — collecting every problem with its field — and returns the
decisions with their citations. Services store the draft together with the decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.classification import (
    Classification,
    RouteQuestion,
    StandardsApplied,
    check_foss_route,
    classify,
)
from rempart.core.cra.scope import ScopeDecision, ScopeOutcome, evaluate_scope
from rempart.core.cra.support import SupportCheck, SupportPolicy, validate_support_policy
from rempart.core.errors import InvalidInput, Problem, ProblemCollector
from rempart.core.product import slugify, validate_product_basics


@dataclass(frozen=True, slots=True)
class ProductDraft:
    name: str
    scope_answers: Mapping[str, str]
    support_months: int
    slug: str = ""
    description: str = ""
    intended_purpose: str = ""
    categories: Sequence[str] = ()
    free_open_source_public_documentation: bool = False
    standards_applied: str = StandardsApplied.NONE.value
    expected_use_months: int | None = None
    support_justification: str = ""

    @property
    def effective_slug(self) -> str:
        return self.slug.strip().lower() or slugify(self.name)


@dataclass(frozen=True, slots=True)
class ProductAssessment:
    scope: ScopeDecision
    classification: Classification
    support: SupportCheck
    warnings: tuple[str, ...] = field(default=())

    @property
    def in_scope(self) -> bool:
        return self.scope.outcome is ScopeOutcome.IN_SCOPE


def assess(catalog: Catalog, draft: ProductDraft, *, registered: bool = False) -> ProductAssessment:
    """Validate a draft and decide; every problem of every step is reported at once.

    ``registered=True`` assesses a product already in the register, to show it: rules it may
    predate (the support period's recorded basis, the free and open-source route only for
    open-source software) become warnings instead of refusals. Every change is assessed
    strictly.
    """
    problems: list[Problem] = []
    scope: ScopeDecision | None = None
    classification: Classification | None = None
    support: SupportCheck | None = None
    try:
        validate_product_basics(draft.name, draft.effective_slug)
    except InvalidInput as error:
        problems.extend(error.problems)
    try:
        scope = evaluate_scope(catalog, draft.scope_answers)
    except InvalidInput as error:
        problems.extend(error.problems)
    try:
        standards = StandardsApplied(draft.standards_applied)
    except ValueError:
        problems.append(Problem("standards_applied", "must be one of full, partial, none"))
        standards = StandardsApplied.NONE
    route_problems = ProblemCollector()
    check_foss_route(
        draft.scope_answers, draft.free_open_source_public_documentation, route_problems
    )
    late_warnings = tuple(f"{p.message} ({p.citation})" for p in route_problems.problems)
    if not registered:
        problems.extend(route_problems.problems)
        late_warnings = ()
    try:
        question = RouteQuestion(
            tuple(draft.categories), draft.free_open_source_public_documentation, standards
        )
        classification = classify(catalog, question)
    except InvalidInput as error:
        problems.extend(error.problems)
    try:
        support = validate_support_policy(catalog, policy_of(draft), require_basis=not registered)
    except InvalidInput as error:
        problems.extend(error.problems)
    if problems or scope is None or classification is None or support is None:
        summary = problems[0] if len(problems) == 1 else f"{len(problems)} problems"
        raise InvalidInput(f"the product is invalid: {summary}", problems)
    warnings = classification.warnings + support.warnings + late_warnings
    if scope.outcome is not ScopeOutcome.IN_SCOPE and draft.categories:
        warnings += (
            f"The scope decision is '{scope.outcome.value}'; the class and route only matter "
            "for products in scope.",
        )
    return ProductAssessment(scope, classification, support, warnings)


def policy_of(draft: ProductDraft) -> SupportPolicy:
    return SupportPolicy(
        support_months=draft.support_months,
        expected_use_months=draft.expected_use_months,
        justification=draft.support_justification,
    )
