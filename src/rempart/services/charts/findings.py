"""Findings by severity (per release, per product) and their trend over scans (services layer)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rempart.core.charts.bars import BarChart, Trend, stacked_bars, trend
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.products import register as products
from rempart.store.repositories import findings as findings_repo
from rempart.store.repositories import release_summaries
from rempart.store.repositories.release_summaries import SummaryView

#: the summary's severity columns, worst first (CSS classes chart-<key>)
SEVERITIES: tuple[tuple[str, str], ...] = (
    ("critical", "Critical"),
    ("high", "High"),
    ("medium", "Medium"),
    ("low", "Low"),
    ("other", "Unknown or none"),
)


def _counts(summary: SummaryView | None) -> dict[str, float]:
    if summary is None:
        return {}
    return {key: getattr(summary, key) for key, _ in SEVERITIES}


def _add(total: dict[str, float], more: Mapping[str, float]) -> None:
    for key, value in more.items():
        total[key] = total.get(key, 0) + value


def by_release(ctx: ServiceContext, slug: str) -> BarChart:
    """Open findings by severity, one bar per release of a product."""
    require(ctx, Action.READ)
    product = products.get_product(ctx, slug)
    summaries = release_summaries.for_releases([r.id for r in product.releases])
    return stacked_bars(
        f"Open findings by severity: {product.name}",
        "One bar per release; each colour is a severity, the number is the release's open findings.",
        [(r.version, _counts(summaries.get(r.id))) for r in product.releases],
        SEVERITIES,
    )


def by_product(ctx: ServiceContext) -> BarChart:
    """Open findings by severity across each product's releases, one bar per product."""
    require(ctx, Action.READ)
    items = products.list_products(ctx)
    summaries = release_summaries.for_releases([r.id for p in items for r in p.releases])
    rows = []
    for product in items:
        total: dict[str, float] = {}
        for release in product.releases:
            _add(total, _counts(summaries.get(release.id)))
        rows.append((product.name, total))
    return stacked_bars(
        "Open findings by severity per product",
        "One bar per product, all its releases together; each colour is a severity.",
        rows,
        SEVERITIES,
    )


def trend_of(ctx: ServiceContext, slug: str) -> Trend:
    """Findings reported by each kept scan, one line per release of the product."""
    require(ctx, Action.READ)
    product = products.get_product(ctx, slug)
    versions = {r.id: r.version for r in product.releases}
    points: dict[int, list[tuple[datetime, float]]] = {pk: [] for pk in versions}
    for release_pk, at, count in findings_repo.scan_history(list(versions)):
        points[release_pk].append((at, count))
    return trend(
        f"Findings over time: {product.name}",
        "Findings each scan reported, one line per release (from the kept scan history).",
        [
            (f"series-{index % 6}", version, points[pk])
            for index, (pk, version) in enumerate(versions.items())
        ],
    )
