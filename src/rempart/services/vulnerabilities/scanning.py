"""Scanning stored releases against the workspace's advisories (services layer).

- ``scan_release``: every component of one release; stores the findings (new ones flagged,
  vanished ones resolved) and a ``Scan`` record with the coverage — what was not assessed
  and why, and which sources were used and how fresh they were.
- ``rescan_touched``: after an advisory update, only the releases containing the updated
  packages, and only those packages' findings are recomputed.
- ``scan_all``: every release (the nightly job).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction

from rempart.core.errors import NotFound
from rempart.core.matching import (
    DEFAULT_MAX_SOURCE_AGE,
    NotAssessedReason,
    ScanResult,
    match_components,
)
from rempart.core.versions.purls import PackageKey
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.vulnerabilities import advisories, triage
from rempart.store.repositories import findings as repo
from rempart.store.repositories import sbom_components as component_repo
from rempart.store.repositories import sboms as sbom_repo
from rempart.store.repositories.findings import FindingView as FindingView
from rempart.store.repositories.findings import ScanView as ScanView

# Missing or stale advisory data: the scan is "not assessed" for those components.
DATA_MISSING = frozenset(
    {
        NotAssessedReason.NO_SOURCE,
        NotAssessedReason.STALE_SOURCE,
        NotAssessedReason.UNREADABLE_ADVISORY,
    }
)


@dataclass(frozen=True, slots=True)
class RescanOutcome:
    releases: int
    findings: int
    new_findings: int
    resolved: int


def outcome_of(result: ScanResult) -> str:
    """``findings``, ``clean`` (everything assessed, nothing found) or ``not-assessed``."""
    if result.findings:
        return "findings"
    return "clean" if result.clean else "not-assessed"


def scan_release(
    ctx: ServiceContext,
    product_slug: str,
    version: str,
    trigger: str = "manual",
    max_source_age: timedelta = DEFAULT_MAX_SOURCE_AGE,
) -> ScanView:
    """Scan one release; store findings and the scan's coverage in one transaction."""
    require(ctx, Action.WRITE)
    release_pk = sbom_repo.release_id(product_slug, version)
    if release_pk is None:
        raise NotFound(f"no release {version!r} of product {product_slug!r}")
    index = advisories.workspace_index()
    now = ctx.clock.now()
    result = match_components(
        component_repo.release_components(release_pk), index, now=now, max_source_age=max_source_age
    )
    with transaction.atomic():
        new, resolved = repo.store_findings(release_pk, result.findings, now, only=None)
        scan = repo.store_scan(release_pk, result, now, trigger, new, outcome_of(result))
        triage.inherit_decisions(ctx, release_pk)  # decisions of unchanged components
        audit.record(
            ctx,
            "release.scan",
            "release",
            f"{product_slug}@{version}",
            {
                "trigger": trigger,
                "findings": len(result.findings),
                "new": new,
                "resolved": resolved,
                "not_assessed": len(result.coverage.not_assessed),
                "outcome": scan.outcome,
            },
        )
    return scan


def rescan_touched(
    ctx: ServiceContext, touched: Collection[tuple[str, str]], trigger: str = "advisory-update"
) -> RescanOutcome:
    """Recompute the findings of the touched (ecosystem, package) pairs in every release holding them."""
    require(ctx, Action.WRITE)
    if not touched:
        return RescanOutcome(0, 0, 0, 0)
    index = advisories.workspace_index()
    now = ctx.clock.now()
    keys = {_key(ecosystem, package) for ecosystem, package in touched}
    by_release = component_repo.components_with_packages(touched)
    total = new_total = resolved_total = 0
    with transaction.atomic():
        for release_pk, components in by_release.items():
            result = match_components(components, index, now=now, only=keys)
            new, resolved = repo.store_findings(release_pk, result.findings, now, only=touched)
            triage.inherit_decisions(ctx, release_pk)
            total += len(result.findings)
            new_total += new
            resolved_total += resolved
        audit.record(
            ctx,
            "releases.rescan",
            "advisory-update",
            trigger,
            {
                "packages": len(touched),
                "releases": len(by_release),
                "findings": total,
                "new": new_total,
                "resolved": resolved_total,
            },
        )
    return RescanOutcome(len(by_release), total, new_total, resolved_total)


def _key(ecosystem: str, package: str) -> PackageKey:
    base, _, release = ecosystem.partition(":")
    return PackageKey(base, release or None, package)


def scan_all(ctx: ServiceContext, trigger: str = "schedule") -> int:
    """Scan every release that has an SBOM; return how many were scanned."""
    require(ctx, Action.WRITE)
    scanned = 0
    for product_slug, version in sbom_repo.releases_with_sboms():
        scan_release(ctx, product_slug, version, trigger)
        scanned += 1
    return scanned


def release_findings(
    ctx: ServiceContext, product_slug: str, version: str, include_resolved: bool = False
) -> list[FindingView]:
    require(ctx, Action.READ)
    release_pk = sbom_repo.release_id(product_slug, version)
    if release_pk is None:
        raise NotFound(f"no release {version!r} of product {product_slug!r}")
    return repo.for_release(release_pk, include_resolved)


def latest_scan(ctx: ServiceContext, product_slug: str, version: str) -> ScanView | None:
    require(ctx, Action.READ)
    release_pk = sbom_repo.release_id(product_slug, version)
    return repo.latest_scan(release_pk) if release_pk is not None else None


def where_is(ctx: ServiceContext, vulnerability_id: str) -> list[FindingView]:
    """Every open finding of a vulnerability (by id or alias), across all products."""
    require(ctx, Action.READ)
    return repo.by_vulnerability(vulnerability_id.strip())


def data_missing(reasons: Iterable[str]) -> bool:
    return any(reason in DATA_MISSING for reason in reasons)


def open_counts(ctx: ServiceContext, release_pks: Collection[int]) -> dict[int, dict[str, Any]]:
    """Open, known-exploited and critical finding counts per release (for the product list)."""
    require(ctx, Action.READ)
    counts: dict[int, dict[str, Any]] = {
        k: dict(v) for k, v in repo.open_counts(release_pks).items()
    }
    for release_pk, outcome in repo.latest_outcomes(release_pks).items():
        counts.setdefault(release_pk, {"open": 0, "kev": 0, "critical": 0})["outcome"] = outcome
    return counts
