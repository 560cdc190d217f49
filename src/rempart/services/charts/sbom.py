"""SBOM quality per rule family, components by licence and by ecosystem (services layer)."""

from __future__ import annotations

from collections import Counter

from rempart.core.charts.bars import BarChart, bars
from rempart.core.sbom_quality import FAMILIES, RuleResult, family_scores
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.sboms import release_sboms

TOP = 8  # bars shown before the rest is summed as "other"


def quality(ctx: ServiceContext, slug: str, version: str) -> BarChart:
    """Each rule family's score out of 100, over the release's current SBOMs (weighted by
    their components: a large SBOM counts more than a stub)."""
    require(ctx, Action.READ)
    current = [s for s in release_sboms.list_sboms(ctx, slug, version) if s.current]
    totals: dict[str, float] = {key: 0.0 for key, _ in FAMILIES}
    weight = 0
    for sbom in current:
        rules = [
            RuleResult(r["rule"], r["weight"], r["passed"], r["checked"])
            for r in sbom.quality.get("rules", [])
        ]
        share = max(1, sbom.component_count)
        for key, score in family_scores(rules).items():
            totals[key] += score * share
        weight += share
    labels = dict(FAMILIES)
    return bars(
        f"SBOM quality per rule family: {slug} {version}",
        "The score out of 100 of each family of rules (CRA minimum, NTIA, BSI TR-03183-2) over "
        "the release's current SBOMs.",
        [(labels[key], round(totals[key] / weight) if weight else 0) for key, _ in FAMILIES],
        key="score",
        maximum=100,
        unit="/100",
    )


def _top(counter: Counter[str]) -> list[tuple[str, float]]:
    return [
        (label, float(count))
        for label, count in sorted(counter.items(), key=lambda i: (-i[1], i[0]))
    ]


def _purl_type(purl: str | None) -> str:
    """The package URL's type (``npm``, ``pypi``, ``maven``...), the ecosystem's short name."""
    if not purl or not purl.startswith("pkg:"):
        return "no purl"
    return purl[4:].lstrip("/").split("/", 1)[0].lower() or "no purl"


def components(ctx: ServiceContext, slug: str, version: str) -> tuple[BarChart, BarChart]:
    """The release's components by licence expression and by ecosystem (from the purl)."""
    require(ctx, Action.READ)
    merged = release_sboms.merged_release(ctx, slug, version)
    licences: Counter[str] = Counter()
    ecosystems: Counter[str] = Counter()
    for component in merged.components:
        licences[component.licenses or "no licence stated"] += 1
        ecosystems[_purl_type(component.purl)] += 1
    return (
        bars(
            f"Components by licence: {slug} {version}",
            "How many components state each licence expression.",
            _top(licences),
            key="licence",
            limit=TOP,
        ),
        bars(
            f"Components by ecosystem: {slug} {version}",
            "How many components come from each package ecosystem (from their package URL).",
            _top(ecosystems),
            key="ecosystem",
            limit=TOP,
        ),
    )
