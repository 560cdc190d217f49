"""What a case covers: its products, affected releases, findings and vulnerability reports (core).

A person picks them when opening a case and may change them later; each change is told in the
case's history as what was added and what was removed. This module holds the rules that need
no database: which releases to propose by default, whether a set of links hangs together, and
how a change reads.

The default affected releases (issue 18): every release **placed on the market** (released, or
withdrawn after having been on the market) that has an open finding of the case's vulnerability
or one of its aliases. Art. 14(1) has no support-period limit, so releases past their end of
support are proposed too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rempart.core.errors import ProblemCollector

PLACED_ON_MARKET = ("released", "withdrawn")
KINDS = ("products", "releases", "findings", "vulnerability_reports")
LABELS = {
    "products": "Products",
    "releases": "Releases",
    "findings": "Findings",
    "vulnerability_reports": "Vulnerability reports",
}


@dataclass(frozen=True, slots=True)
class CaseLinks:
    """The labels of what a case covers, each sorted: slugs, ``slug version``, ``#id ...``, refs."""

    products: tuple[str, ...] = ()
    releases: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    vulnerability_reports: tuple[str, ...] = ()

    def of(self, kind: str) -> tuple[str, ...]:
        value: tuple[str, ...] = getattr(self, kind)
        return value


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """A release as the default rule sees it."""

    product_slug: str
    version: str
    status: str
    matching_findings: int  # open findings of the case's vulnerability or an alias


def vulnerability_names(vulnerability_id: str, aliases: Iterable[str] = ()) -> frozenset[str]:
    """The names a finding may carry for the case's vulnerability, upper-cased for comparing."""
    return frozenset(n.strip().upper() for n in (vulnerability_id, *aliases) if n.strip())


def finding_matches(names: frozenset[str], finding_id: str, finding_aliases: Iterable[str]) -> bool:
    return bool(names) and bool(names & {n.upper() for n in (finding_id, *finding_aliases) if n})


def default_releases(releases: Iterable[ReleaseFacts]) -> list[tuple[str, str]]:
    """Placed-on-market releases with a matching open finding: the affected releases proposed."""
    return [
        (r.product_slug, r.version)
        for r in releases
        if r.status in PLACED_ON_MARKET and r.matching_findings > 0
    ]


def check_links(
    products: Sequence[str],
    release_products: Mapping[str, str],
    finding_products: Mapping[str, str],
    report_products: Mapping[str, str],
    problems: ProblemCollector,
) -> None:
    """Every release, finding and report must belong to one of the case's products.

    The mappings go from each linked item's label to its product's slug.
    """
    if not products:
        problems.add("products", "name at least one product concerned")
        return
    chosen = set(products)
    for field_name, mapping in (
        ("releases", release_products),
        ("findings", finding_products),
        ("vulnerability_reports", report_products),
    ):
        for label, slug in sorted(mapping.items()):
            if slug not in chosen:
                problems.add(
                    field_name,
                    f"{label} belongs to product {slug!r}, which the case does not name; "
                    "add the product or remove the link",
                )


def diff(before: CaseLinks, after: CaseLinks) -> dict[str, dict[str, list[str]]]:
    """What was added and removed, per kind of link; kinds that did not change are left out."""
    changes: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        old, new = set(before.of(kind)), set(after.of(kind))
        if old != new:
            changes[kind] = {"added": sorted(new - old), "removed": sorted(old - new)}
    return changes


def describe(changes: Mapping[str, Mapping[str, Sequence[str]]]) -> str:
    """One sentence per kind: "Releases: added router 1.1; removed router 1.0."."""
    parts = []
    for kind in KINDS:
        change = changes.get(kind)
        if not change:
            continue
        said = []
        if change.get("added"):
            said.append("added " + ", ".join(change["added"]))
        if change.get("removed"):
            said.append("removed " + ", ".join(change["removed"]))
        parts.append(f"{LABELS[kind]}: {'; '.join(said)}.")
    return " ".join(parts) or "No change."


def describe_links(links: CaseLinks) -> str:
    """What a case covers, as one line for its history when it is opened."""
    parts = []
    for kind in KINDS:
        items = links.of(kind)
        if items:
            parts.append(f"{LABELS[kind]}: {', '.join(items)}.")
    return " ".join(parts)
