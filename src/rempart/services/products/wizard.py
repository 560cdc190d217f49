"""The product wizard: drafts kept per user, and each step's check (services layer).

A person registers (or edits) a product in steps: basics -> scope -> category -> support ->
review. The answers so far are a **draft** stored for that person, so they can leave and come
back from any device; completing the draft saves the product and records ``wizard.complete``.
Each step checks its part with the same core rules the API and CLI use (``core.cra.scope``,
``core.cra.classification``, ``core.cra.support``), so a step refuses exactly what the final
save would refuse. The web edge calls these functions, never the core directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from rempart.core.cra.citation import Citation
from rempart.core.cra.classification import (
    Classification,
    RouteQuestion,
    StandardsApplied,
    classify,
)
from rempart.core.cra.model import Question
from rempart.core.cra.scope import ScopeDecision, asked_questions, evaluate_scope
from rempart.core.cra.support import validate_support_policy
from rempart.core.errors import NotFound, PermissionDenied
from rempart.core.product import Product
from rempart.core.register import ProductDraft, policy_of
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.products import register
from rempart.store.repositories import wizard_drafts as repo
from rempart.store.repositories.wizard_drafts import DraftView

STEPS = ("basics", "scope", "category", "support", "review")

__all__ = [
    "STEPS",
    "DraftView",
    "QuestionView",
    "StandardsApplied",
    "check_route",
    "check_support",
    "complete_draft",
    "decide_scope",
    "discard_draft",
    "get_draft",
    "list_drafts",
    "product_draft",
    "product_draft_data",
    "save_step",
    "scope_questions",
    "start_draft",
]


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A scope question as the wizard shows it: asked only when its condition holds."""

    question: Question
    answer: str
    citations: tuple[Citation, ...]
    follows: Question | None  # the question whose answer made this one apply
    root: str  # the top-level question this one follows, through any chain (itself if none)
    opens: bool  # another question depends on this one's answer

    @property
    def id(self) -> str:
        return self.question.id


def _user(ctx: ServiceContext) -> int:
    if ctx.actor.user_id is None:
        raise PermissionDenied("wizard drafts belong to a signed-in user")
    return ctx.actor.user_id


def _months(value: object, default: int | None) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else default
    except ValueError:  # a draft saved mid-way may hold what the person typed
        return default


def product_draft(data: Mapping[str, Any]) -> ProductDraft:
    """The product a draft's answers describe (missing parts take their defaults)."""
    return ProductDraft(
        name=str(data.get("name", "")),
        slug=str(data.get("slug", "") or ""),
        description=str(data.get("description", "")),
        intended_purpose=str(data.get("intended_purpose", "")),
        scope_answers=dict(data.get("scope_answers", {})),
        categories=tuple(data.get("categories", ())),
        free_open_source_public_documentation=bool(
            data.get("free_open_source_public_documentation")
        ),
        standards_applied=str(data.get("standards_applied", StandardsApplied.NONE.value)),
        support_months=_months(data.get("support_months"), 60) or 60,
        expected_use_months=_months(data.get("expected_use_months"), None),
        support_justification=str(data.get("support_justification", "")),
    )


def _data_of(draft: ProductDraft) -> dict[str, Any]:
    return {
        "name": draft.name,
        "slug": draft.slug,
        "description": draft.description,
        "intended_purpose": draft.intended_purpose,
        "scope_answers": dict(draft.scope_answers),
        "categories": list(draft.categories),
        "free_open_source_public_documentation": draft.free_open_source_public_documentation,
        "standards_applied": draft.standards_applied,
        "support_months": draft.support_months,
        "expected_use_months": draft.expected_use_months,
        "support_justification": draft.support_justification,
    }


def product_draft_data(ctx: ServiceContext, slug: str) -> dict[str, Any]:
    """A stored product's answers, as the first step shows them before a draft exists."""
    require(ctx, Action.WRITE)
    return _data_of(register.draft_from_product(register.get_product(ctx, slug)))


def start_draft(ctx: ServiceContext, slug: str | None = None) -> int:
    """A new draft: empty to register a product, or the product's answers to edit it."""
    require(ctx, Action.WRITE)
    user = _user(ctx)
    data: dict[str, Any] = {}
    if slug is not None:
        data = _data_of(register.draft_from_product(register.get_product(ctx, slug)))
    with transaction.atomic():
        return repo.create(user, "edit" if slug else "create", slug or "", data, ctx.clock.now())


def get_draft(ctx: ServiceContext, draft_id: int) -> DraftView:
    """One of the person's own drafts; anyone else's is not found."""
    require(ctx, Action.WRITE)
    draft = repo.get(draft_id, _user(ctx))
    if draft is None:
        raise NotFound(f"no product wizard draft {draft_id} of yours; start again")
    return draft


def list_drafts(ctx: ServiceContext) -> list[DraftView]:
    """The person's unfinished drafts, the most recent first (none for a reader)."""
    require(ctx, Action.READ)
    if ctx.actor.user_id is None:
        return []
    return repo.of_user(ctx.actor.user_id)


def save_step(
    ctx: ServiceContext, draft_id: int, values: Mapping[str, Any], step: str
) -> DraftView:
    """Merge a step's values into the draft; ``step`` is remembered if it is further on."""
    require(ctx, Action.WRITE)
    with transaction.atomic():
        draft = repo.get(draft_id, _user(ctx), for_update=True)
        if draft is None:
            raise NotFound(f"no product wizard draft {draft_id} of yours; start again")
        furthest = max(draft.step, step, key=lambda s: STEPS.index(s) if s in STEPS else 0)
        repo.save(draft.id, {**draft.data, **values}, furthest, ctx.clock.now())
    return get_draft(ctx, draft_id)


def discard_draft(ctx: ServiceContext, draft_id: int) -> None:
    draft = get_draft(ctx, draft_id)
    with transaction.atomic():
        repo.delete(draft.id)


def complete_draft(ctx: ServiceContext, draft_id: int) -> Product:
    """Save the product the draft describes; the draft is done (``wizard.complete``)."""
    require(ctx, Action.WRITE)
    with transaction.atomic():
        draft = repo.get(draft_id, _user(ctx), for_update=True)
        if draft is None:
            raise NotFound(f"no product wizard draft {draft_id} of yours; start again")
        described = product_draft(draft.data)
        if draft.mode == "edit":
            product = register.update_product(ctx, draft.product_slug, described)
        else:
            product = register.create_product(ctx, described)
        repo.delete(draft.id)
        audit.record(
            ctx,
            "wizard.complete",
            "product",
            product.slug,
            {
                "mode": draft.mode,
                "draft": draft.id,
                "started_at": draft.created_at.isoformat(),
                "scope_answers": dict(described.scope_answers),
            },
        )
    return product


def scope_questions(ctx: ServiceContext, answers: Mapping[str, str]) -> list[QuestionView]:
    """The questions that apply given ``answers`` (each ``ask_if`` holds), in order."""
    require(ctx, Action.READ)
    catalog = ctx.catalog
    by_id = {q.id: q for q in catalog.scope.question}
    parents = {q.ask_if.question for q in catalog.scope.question if q.ask_if}

    def root(question: Question) -> str:
        while question.ask_if is not None:
            question = by_id[question.ask_if.question]
        return question.id

    return [
        QuestionView(
            q,
            str(answers.get(q.id, "")),
            catalog.citations(q.citations),
            by_id.get(q.ask_if.question) if q.ask_if else None,
            root(q),
            q.id in parents,
        )
        for q in asked_questions(catalog, answers)
    ]


def decide_scope(ctx: ServiceContext, answers: Mapping[str, str]) -> ScopeDecision:
    """In scope, excluded or needs legal review; refuses unanswered questions that apply."""
    require(ctx, Action.READ)
    return evaluate_scope(ctx.catalog, answers)


def check_route(
    ctx: ServiceContext, categories: tuple[str, ...], free_open_source: bool, standards: str
) -> Classification:
    require(ctx, Action.READ)
    question = RouteQuestion(categories, free_open_source, StandardsApplied(standards))
    return classify(ctx.catalog, question)


def check_support(ctx: ServiceContext, data: Mapping[str, Any]) -> None:
    """Refuses a support period the core refuses (Art. 13(8), Annex VII point 4)."""
    require(ctx, Action.READ)
    validate_support_policy(ctx.catalog, policy_of(product_draft(data)))
