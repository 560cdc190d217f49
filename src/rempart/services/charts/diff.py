"""Release diff: components added, removed and upgraded; findings introduced and fixed."""

from __future__ import annotations

from rempart.core.charts.bars import BarChart, stacked_bars
from rempart.core.sbom_diff import ChangeKind
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.sboms import release_sboms
from rempart.services.vulnerabilities import scanning

KEYS: tuple[tuple[str, str], ...] = (
    ("added", "Added or introduced"),
    ("removed", "Removed or fixed"),
    ("upgraded", "Upgraded"),
    ("downgraded", "Downgraded"),
    ("changed", "Otherwise changed"),
)


def _open(ctx: ServiceContext, slug: str, version: str) -> set[tuple[str, str]]:
    """(vulnerability, component) of the release's open findings."""
    return {
        (f.vulnerability_id, f.component_name)
        for f in scanning.release_findings(ctx, slug, version)
        if f.status == "open"
    }


def release_diff(ctx: ServiceContext, slug: str, old: str, new: str) -> BarChart:
    """Two bars: how the components changed from ``old`` to ``new``, and which open findings
    ``new`` introduced (open there, not in ``old``) and fixed (open in ``old`` only)."""
    require(ctx, Action.READ)
    result = release_sboms.diff_releases(ctx, slug, old, new)
    components: dict[str, float] = {
        "added": len(result.of(ChangeKind.ADDED)),
        "removed": len(result.of(ChangeKind.REMOVED)),
        "upgraded": len(result.of(ChangeKind.UPGRADED)),
        "downgraded": len(result.of(ChangeKind.DOWNGRADED)),
        "changed": len(result.of(ChangeKind.CHANGED)) + len(result.of(ChangeKind.UNORDERED)),
    }
    before, after = _open(ctx, slug, old), _open(ctx, slug, new)
    findings: dict[str, float] = {"added": len(after - before), "removed": len(before - after)}
    return stacked_bars(
        f"Changes from {old} to {new}",
        f"Components added, removed, upgraded, downgraded or otherwise changed from {old} to "
        f"{new}; open findings {new} introduced and fixed.",
        [("Components", components), ("Findings", findings)],
        KEYS,
    )
