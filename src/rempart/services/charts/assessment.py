"""Annex I progress per product and the portfolio heat map (services layer)."""

from __future__ import annotations

from rempart.core.charts.bars import BarChart, stacked_bars
from rempart.core.charts.heatmap import HeatMap, heat_map
from rempart.core.cra.assessment import RequirementStatus, annex_i_requirements
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.products import register as products
from rempart.store.repositories import assessments as repo

STATUSES: tuple[tuple[str, str], ...] = (
    ("met", "Met"),
    ("in-progress", "In progress"),
    ("not-met", "Not met"),
    ("not-started", "Not started"),
    ("not-applicable", "Not applicable"),
)


def _key(applicable: bool, status: str) -> str:
    return status if applicable else "not-applicable"


def _grid(
    ctx: ServiceContext,
) -> tuple[list[tuple[str, str]], list[str], dict[str, dict[str, str]]]:
    """(slug, name) of each product, the requirement ids, and each product's keys by id."""
    items = products.list_products(ctx)
    ids = [r.id for r in annex_i_requirements(ctx.catalog)]
    entries = repo.entries_of([p.id for p in items])
    keys = {
        p.slug: {
            rid: _key(*entries[p.id].get(rid, (True, RequirementStatus.NOT_STARTED.value)))
            for rid in ids
        }
        for p in items
    }
    return [(p.slug, p.name) for p in items], ids, keys


def short_label(requirement_id: str) -> str:
    """``AI-P1-2a`` -> ``I.2a``, ``AI-P2-3`` -> ``II.3`` (a column label that fits a cell)."""
    _, part, point = requirement_id.split("-", 2)
    return f"{'I' if part == 'P1' else 'II'}.{point}"


def progress(ctx: ServiceContext) -> BarChart:
    """Per product: how many Annex I requirements stand in each status."""
    require(ctx, Action.READ)
    names, ids, keys = _grid(ctx)
    rows = []
    for slug, name in names:
        counts: dict[str, float] = {}
        for rid in ids:
            counts[keys[slug][rid]] = counts.get(keys[slug][rid], 0) + 1
        rows.append((name, counts))
    return stacked_bars(
        "Annex I progress per product",
        "How many Annex I requirements each product has met, has in progress, has not met, "
        "has not started, or has found not applicable.",
        rows,
        STATUSES,
    )


def portfolio(ctx: ServiceContext) -> HeatMap:
    """Products × Annex I requirements, each cell coloured by its status."""
    require(ctx, Action.READ)
    names, ids, keys = _grid(ctx)
    labels = dict(STATUSES)
    short = {rid: short_label(rid) for rid in ids}
    values = {
        (name, short[rid]): (keys[slug][rid], f"{name}, {rid}: {labels[keys[slug][rid]]}")
        for slug, name in names
        for rid in ids
    }
    return heat_map(
        "Annex I portfolio",
        "Each row is a product, each column an Annex I requirement; the colour is its status.",
        [name for _, name in names],
        [short[rid] for rid in ids],
        values,
        keys=STATUSES,
        cell_height=22,
        row_title="product",
        column_title="requirement",
    )
