"""Every product's support period on one timeline against the CRA's dates (services layer)."""

from __future__ import annotations

from datetime import date

from rempart.core.charts.timeline import LaneIn, MarkIn, SpanIn, Timeline, timeline
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.products import register as products

#: the application dates drawn (ids of the catalog's dates table, Art. 71(2))
CRA_DATES: tuple[tuple[str, str], ...] = (
    ("DATE-NB-CHAPTER-IV", "notified bodies"),
    ("DATE-ART14", "Art. 14 reporting"),
    ("DATE-FULL", "CRA applies"),
)

KEYS: tuple[tuple[str, str], ...] = (
    ("support", "Supported"),
    ("ended", "Support ended"),
    ("legal", "CRA date"),
    ("today", "Today"),
)


def support_timeline(ctx: ServiceContext) -> Timeline:
    """One lane per product: from its first release date to the latest end of support of its
    releases (open-ended when a release states none)."""
    require(ctx, Action.READ)
    today = ctx.clock.now().date()
    lanes = []
    starts: list[date] = [today]
    ends_known: list[date] = []
    for product in products.list_products(ctx):
        dated = [r for r in product.releases if r.release_date is not None]
        if not dated:
            lanes.append(LaneIn(product.name))
            continue
        start = min(r.release_date for r in dated if r.release_date is not None)
        starts.append(start)
        ends = [r.end_of_support for r in dated]
        end: date | None = None if any(e is None for e in ends) else max(e for e in ends if e)
        key = "ended" if end is not None and end < today else "support"
        if end is not None:
            ends_known.append(end)
        label = (
            f"{product.name}: {start.isoformat()} – {end.isoformat() if end else 'no end stated'}"
        )
        lanes.append(LaneIn(product.name, spans=[SpanIn(label, start, end, key)]))
    references = [
        MarkIn(
            f"{label} {ctx.catalog.date_of(date_id).isoformat()}",
            ctx.catalog.date_of(date_id),
            "legal",
        )
        for date_id, label in CRA_DATES
    ]
    references.append(MarkIn(f"today {today.isoformat()}", today, "today"))
    first = min([ctx.catalog.date_of(CRA_DATES[0][0]), *starts])
    # Up to the year after the latest stated end: the end of support is what the chart is for.
    last = max([ctx.catalog.date_of("DATE-FULL"), today, *ends_known])
    return timeline(
        "Support periods",
        "Each product's support period, from its first release to the latest end of support of "
        "its releases, against the CRA's application dates and today.",
        lanes,
        references=references,
        keys=KEYS,
        start=date(first.year, 1, 1),
        end=date(last.year + 1, 1, 1),
    )
