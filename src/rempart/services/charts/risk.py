"""The likelihood × impact heat map with each risk placed, inherent → residual (services layer)."""

from __future__ import annotations

from rempart.core.charts.heatmap import HeatMap, heat_map
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.risk import assessment as risk


def matrix(ctx: ServiceContext, slug: str, version: str) -> HeatMap | None:
    """The release's risk matrix (``None`` without a risk assessment): rows are likelihood
    (highest first), columns impact; each risk is marked where it starts (its id) and where
    treatment leaves it (its id with a prime), with an arrow between the two."""
    require(ctx, Action.READ)
    found = risk.get_assessment(ctx, slug, version)
    if found is None:
        return None
    scale = risk.scale(ctx)
    likelihood = {level.key: level.label for level in scale.likelihood}
    impact = {level.key: level.label for level in scale.impact}
    rows = [level.label for level in reversed(scale.likelihood)]
    columns = [level.label for level in scale.impact]
    values = {
        (likelihood[lk.key], impact[ik.key]): (
            scale.rate(lk.key, ik.key).key,
            f"{likelihood[lk.key]} × {impact[ik.key]}: {scale.rate(lk.key, ik.key).label}",
        )
        for lk in scale.likelihood
        for ik in scale.impact
    }
    marks: dict[tuple[str, str], list[str]] = {}
    moves = []
    for item in found.risks:
        start = (likelihood[item.likelihood], impact[item.impact])
        marks.setdefault(start, []).append(item.identifier)
        if item.residual_likelihood and item.residual_impact:
            end = (likelihood[item.residual_likelihood], impact[item.residual_impact])
            if end != start:
                marks.setdefault(end, []).append(f"{item.identifier}′")
                moves.append((item.identifier, start, end))
    return heat_map(
        f"Risk matrix: {slug} {version}",
        "Rows are likelihood (highest first), columns impact; the colour is the rating. Each "
        "risk is marked at its inherent rating (R-n) and, after treatment, at its residual "
        "rating (R-n′), with an arrow from one to the other.",
        rows,
        columns,
        values,
        keys=[(r.key, r.label) for r in scale.rating],
        marks=marks,
        moves=moves,
        cell_height=40,
        row_title="likelihood",
        column_title="impact",
    )
