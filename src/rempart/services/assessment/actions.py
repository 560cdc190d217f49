"""Open actions of the gap report and the secure default configuration (services layer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db import IntegrityError, transaction

from rempart.core.cra.assessment import ActionStatus, annex_i_requirements, validate_action
from rempart.core.deadlines import Deadline
from rempart.core.errors import Conflict, InvalidInput, NotFound, ProblemCollector
from rempart.core.links import PageRef
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import assessments as repo
from rempart.store.repositories.assessments import ActionView as ActionView
from rempart.store.repositories.assessments import SecureDefaultView


@dataclass(frozen=True, slots=True)
class ActionDraft:
    title: str
    requirement_id: str | None = None
    owner: str | None = None
    due_on: date | None = None
    status: str = ActionStatus.OPEN.value


def _product(slug: str) -> int:
    pk = repo.product_pk(slug)
    if pk is None:
        raise NotFound(f"no product with slug {slug!r}")
    return pk


def list_actions(ctx: ServiceContext, slug: str | None = None) -> list[ActionView]:
    require(ctx, Action.READ)
    return repo.actions(_product(slug) if slug else None)


def save_action(
    ctx: ServiceContext, slug: str, draft: ActionDraft, action_id: int | None = None
) -> ActionView:
    """Create an action (``action_id`` None) or replace one of the product's actions."""
    require(ctx, Action.WRITE)
    validate_action(
        draft.title,
        draft.requirement_id,
        draft.owner,
        draft.status,
        [r.id for r in annex_i_requirements(ctx.catalog)],
        repo.user_names(),
    )
    fields = {
        "title": draft.title.strip(),
        "requirement_id": draft.requirement_id or "",
        "owner": draft.owner,
        "due_on": draft.due_on,
        "status": draft.status,
    }
    with transaction.atomic():
        product = _product(slug)
        if action_id is not None:
            before = repo.get_action(action_id, for_update=True)
            if before is None or before.product_slug != slug:
                raise NotFound(f"no action {action_id} for product {slug!r}")
        view = repo.save_action(action_id, product, fields, ctx.clock.now())
        audit.record(
            ctx,
            "assessment.action.create" if action_id is None else "assessment.action.update",
            "assessment-action",
            str(view.id),
            {
                "product": slug,
                **fields,
                "due_on": draft.due_on.isoformat() if draft.due_on else None,
            },
        )
    return view


def list_secure_defaults(ctx: ServiceContext, slug: str) -> list[SecureDefaultView]:
    require(ctx, Action.READ)
    return repo.secure_defaults(_product(slug))


def add_secure_default(
    ctx: ServiceContext, slug: str, setting: str, default_value: str, rationale: str = ""
) -> SecureDefaultView:
    """Record one item of the secure default configuration (Annex I Part I (2)(b), AI-P1-2b)."""
    require(ctx, Action.WRITE)
    problems = ProblemCollector()
    setting, default_value = setting.strip(), default_value.strip()
    if not setting or len(setting) > 200:
        problems.add("setting", "name the setting (1–200 characters)", "AI-P1-2b")
    if not default_value or len(default_value) > 500:
        problems.add("default_value", "give its default value (1–500 characters)", "AI-P1-2b")
    if len(rationale) > 10_000:
        problems.add("rationale", "at most 10,000 characters")
    problems.raise_if_any("the secure default is invalid")
    with transaction.atomic():
        product = _product(slug)
        if repo.secure_default_exists(product, setting):
            raise Conflict(f"{setting!r} is recorded already; remove it first")
        fields = {
            "setting": setting,
            "default_value": default_value,
            "rationale": rationale.strip(),
            "recorded_at": ctx.clock.now(),
            "recorded_by": ctx.actor.name,
        }
        try:
            repo.add_secure_default(product, fields)
        except IntegrityError as exc:
            raise Conflict(f"{setting!r} is recorded already") from exc
        audit.record(
            ctx,
            "assessment.secure-default.add",
            "product",
            slug,
            {"setting": setting, "default_value": default_value},
        )
    return next(s for s in repo.secure_defaults(product) if s.setting == setting)


def remove_secure_default(ctx: ServiceContext, slug: str, item_id: int) -> None:
    require(ctx, Action.WRITE)
    with transaction.atomic():
        setting = repo.remove_secure_default(_product(slug), item_id)
        if setting is None:
            raise NotFound(f"no secure default {item_id} for product {slug!r}")
        audit.record(ctx, "assessment.secure-default.remove", "product", slug, {"setting": setting})


def parse_action_status(value: str) -> str:
    if value not in set(ActionStatus):
        raise InvalidInput.single("status", f"use one of {', '.join(ActionStatus)}")
    return value


def action_deadlines(ctx: ServiceContext) -> list[Deadline]:  # noqa: ARG001
    """Open assessment actions with a due date, for the reminders (due at 00:00 UTC that day)."""
    return [
        Deadline(
            key=f"assessment-action:{action.id}",
            title=f"{action.title} ({action.product_slug}"
            + (f", {action.requirement_id})" if action.requirement_id else ")"),
            due_at=datetime.combine(action.due_on, time(0, 0), tzinfo=UTC),
            done=False,
            citation=action.requirement_id or None,
            link=PageRef("assessment", (action.product_slug,), fragment="actions"),
        )
        for action in repo.actions(only_open=True)
        if action.due_on is not None
    ]
