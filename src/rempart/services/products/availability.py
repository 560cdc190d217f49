"""Member States where each product is made available (services layer).

The Art. 14 early warnings name them "where applicable" (``RPT-AEV-EW-MS``, ``RPT-SI-EW-MS``);
recording them per product lets every new case start from the right list instead of one
organization-wide default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from rempart.core.errors import NotFound, ProblemCollector
from rempart.core.reporting.case import check_member_states
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import availability as repo
from rempart.store.repositories import products as products_repo


def _product_id(slug: str) -> int:
    product = products_repo.get(slug)
    if product is None:
        raise NotFound(f"no product with slug {slug!r}")
    return product.id


def member_states(ctx: ServiceContext, slug: str) -> list[str]:
    require(ctx, Action.READ)
    product_id = _product_id(slug)
    return repo.member_states_of([product_id]).get(product_id, [])


def set_member_states(ctx: ServiceContext, slug: str, codes: Sequence[str]) -> list[str]:
    """Replace the list; ISO codes of EU Member States only, stored sorted without repeats."""
    require(ctx, Action.WRITE)
    problems = ProblemCollector()
    cleaned = list(check_member_states(codes, problems, "member_states"))
    problems.raise_if_any("the Member States are invalid")
    with transaction.atomic():
        product_id = _product_id(slug)
        before = repo.member_states_of([product_id]).get(product_id, [])
        repo.save(product_id, cleaned, ctx.clock.now())
        audit.record(
            ctx, "product.availability", "product", slug, {"before": before, "after": cleaned}
        )
    return cleaned


def union_for_products(product_ids: Iterable[int]) -> list[str]:
    """Every Member State any of these products is made available in (no authorization: a
    helper for services that already authorized)."""
    found = repo.member_states_of(product_ids)
    return sorted({code for codes in found.values() for code in codes})
