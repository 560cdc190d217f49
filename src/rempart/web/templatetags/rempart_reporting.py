"""``{% product_cases slug %}``: a product's reporting cases, for the product page (web layer)."""

from __future__ import annotations

from typing import Any

from django import template

from rempart.core.member_states import MEMBER_STATES
from rempart.services.accounts.authz import Action, allows
from rempart.services.products import availability
from rempart.services.reporting import cases as reporting
from rempart.services.reporting.views import case_dict
from rempart.web.session import ctx_of

register = template.Library()


@register.inclusion_tag("rempart/reporting/product_cases.html", takes_context=True)
def product_cases(context: dict[str, Any], slug: str) -> dict[str, Any]:
    ctx = ctx_of(context["request"])
    cases = []
    for state in reporting.list_cases(ctx, include_closed=True, product_slug=slug):
        row = case_dict(ctx, state)
        nxt = row["next_due"]
        row["next_stage"] = next(
            (s for s in row["stages"] if nxt and s["key"] == nxt["stage"]), None
        )
        cases.append(row)
    return {
        "cases": cases,
        "slug": slug,
        "member_states": availability.member_states(ctx, slug),
        "all_states": MEMBER_STATES,
        "can_write": allows(ctx.actor.role, Action.WRITE),
        "csrf_token": context.get("csrf_token"),
    }
