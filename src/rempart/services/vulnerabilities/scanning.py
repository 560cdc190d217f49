"""Scanning stored releases against the workspace's advisories (services layer).

- ``scan_release``: every component of one release; the findings are written as a diff (new
  ones inserted, vanished ones resolved, the rest updated in place: rows keep their identity)
  with a ``Scan`` record of the coverage — what was not assessed and why, which sources were
  used and how fresh they were. Scans of one release are serialized by a lock on the release.
- ``rescan_touched``: after an OSV update, only the components of the updated packages (Go
  package paths inside an updated module included: the matcher's own key) are rematched, in
  every release holding them; a release's findings of other packages are left alone.
- ``scan_all``: every release, each in its own transaction; a release that fails is recorded
  and the others go on.

New findings are counted against the release's previous scan (``ReleaseSummary.baseline_at``):
a full scan counts what was not open at the scan before it; after an advisory update, what
the update opened since the latest scan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, transaction

from rempart.core.errors import NotFound, RempartError
from rempart.core.matching import (
    DEFAULT_MAX_SOURCE_AGE,
    MatchMemo,
    NotAssessedReason,
    ScanResult,
    match_components,
)
from rempart.core.paging import Page, PageRequest
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.vulnerabilities import advisories, triage
from rempart.store.repositories import finding_writes as writes
from rempart.store.repositories import findings as repo
from rempart.store.repositories import release_summaries as summaries
from rempart.store.repositories import sbom_components as component_repo
from rempart.store.repositories import sboms as sbom_repo
from rempart.store.repositories import scan_requests as requests
from rempart.store.repositories.findings import FindingView as FindingView
from rempart.store.repositories.findings import ScanView as ScanView
from rempart.store.repositories.release_summaries import SummaryView as SummaryView

log = logging.getLogger(__name__)

# One per process: a full rescan matches each distinct purl of the portfolio once (the memo
# forgets everything when the advisory index or a source's freshness changes).
_MEMO = MatchMemo()

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


@dataclass(frozen=True, slots=True)
class ScanAllOutcome:
    """A full rescan: how many releases were scanned, and which failed (and why)."""

    scanned: int
    failed: tuple[tuple[str, str, str], ...] = field(default=())  # (product, version, error)

    def __int__(self) -> int:  # older callers counted scanned releases
        return self.scanned


def outcome_of(result: ScanResult) -> str:
    """``findings``, ``clean`` (everything assessed, nothing found) or ``not-assessed``."""
    if result.findings:
        return "findings"
    return "clean" if result.clean else "not-assessed"


def _release_pk(product_slug: str, version: str) -> int:
    release_pk = sbom_repo.release_id(product_slug, version)
    if release_pk is None:
        raise NotFound(f"no release {version!r} of product {product_slug!r}")
    return release_pk


def scan_release(
    ctx: ServiceContext,
    product_slug: str,
    version: str,
    trigger: str = "manual",
    max_source_age: timedelta = DEFAULT_MAX_SOURCE_AGE,
) -> ScanView:
    """Scan one release; store the findings diff and the scan's coverage in one transaction."""
    require(ctx, Action.WRITE)
    release_pk = _release_pk(product_slug, version)
    index = advisories.workspace_index()
    with transaction.atomic():
        writes.lock_release(release_pk)  # a concurrent scan of this release waits here
        now = ctx.clock.now()
        result = match_components(
            component_repo.scan_components(release_pk),
            index,
            now=now,
            max_source_age=max_source_age,
            memo=_MEMO,
        )
        baseline = repo.previous_scan_at(release_pk)
        diff = writes.write_findings(release_pk, result.findings, now, baseline)
        new = repo.count_new(release_pk)
        scan, row = repo.store_scan(release_pk, result, now, trigger, new, outcome_of(result))
        summaries.record_scan(release_pk, row, baseline, now)
        summaries.set_scan_state([release_pk], "idle", now)
        triage.inherit_decisions(ctx, release_pk)  # decisions of unchanged components
        audit.record(
            ctx,
            "release.scan",
            "release",
            f"{product_slug}@{version}",
            {
                "trigger": trigger,
                "findings": diff.found,
                "new": new,
                "opened": diff.opened,
                "resolved": diff.resolved,
                "not_assessed": len(result.coverage.not_assessed),
                "outcome": scan.outcome,
            },
        )
    return scan


def rescan_touched(
    ctx: ServiceContext, touched: Collection[tuple[str, str]], trigger: str = "advisory-update"
) -> RescanOutcome:
    """Rematch the components of the touched (ecosystem, package) pairs wherever they appear."""
    require(ctx, Action.WRITE)
    if not touched:
        return RescanOutcome(0, 0, 0, 0)
    index = advisories.workspace_index()
    by_release = component_repo.components_with_packages(touched)
    total = new_total = resolved_total = 0
    with transaction.atomic():
        for release_pk in sorted(by_release):  # one order: two rescans never deadlock
            components, pairs = by_release[release_pk]
            writes.lock_release(release_pk)
            now = ctx.clock.now()
            result = match_components(components, index, now=now, memo=_MEMO)
            current = summaries.for_update(release_pk, now)
            baseline = current.baseline_at
            if current.scanned_at is not None and (
                baseline is None or baseline < current.scanned_at
            ):
                baseline = current.scanned_at  # new since the latest scan, from now on
                writes.move_baseline(release_pk, baseline)
            diff = writes.write_findings(release_pk, result.findings, now, baseline, scope=pairs)
            triage.inherit_decisions(ctx, release_pk)
            summaries.refresh(release_pk, now, baseline_at=baseline)
            total += diff.found
            new_total += diff.opened
            resolved_total += diff.resolved
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


def releases_to_scan(ctx: ServiceContext) -> list[tuple[str, str]]:
    """(product slug, version) of every release that has an SBOM (what a full rescan covers)."""
    require(ctx, Action.READ)
    return sbom_repo.releases_with_sboms()


def scan_all(
    ctx: ServiceContext,
    trigger: str = "schedule",
    progress: Callable[[int, int, str], None] | None = None,
) -> ScanAllOutcome:
    """Scan every release that has an SBOM; a failing release is recorded and skipped.

    ``progress(done, total, stage)`` is told before each release and once at the end.
    """
    require(ctx, Action.WRITE)
    scanned = 0
    failed: list[tuple[str, str, str]] = []
    releases = sbom_repo.releases_with_sboms()
    for done, (product_slug, version) in enumerate(releases):
        if progress is not None:
            progress(done, len(releases), f"{product_slug} {version}")
        error = scan_or_record_failure(ctx, product_slug, version, trigger)
        if error is None:
            scanned += 1
        else:
            failed.append((product_slug, version, error[:500]))
    if progress is not None:
        progress(len(releases), len(releases), "done")
    return ScanAllOutcome(scanned, tuple(failed))


def scan_or_record_failure(
    ctx: ServiceContext, product_slug: str, version: str, trigger: str
) -> str | None:
    """Scan one release; on failure record it on the release and return the reason.

    One per-release task of the nightly rescan: a failure stays with its release.
    """
    try:
        scan_release(ctx, product_slug, version, trigger)
    except (RempartError, DatabaseError) as error:
        message = error.message if isinstance(error, RempartError) else str(error)
        log.warning("scan of %s %s failed: %s", product_slug, version, message)
        record_scan_failure(ctx, product_slug, version, message)
        return message
    return None


def record_scan_failure(ctx: ServiceContext, product_slug: str, version: str, error: str) -> None:
    """Note on the release (its summary, the audit trail) that its scan failed, and why."""
    release_pk = sbom_repo.release_id(product_slug, version)
    if release_pk is None:
        return
    with transaction.atomic():
        summaries.set_scan_state([release_pk], "failed", ctx.clock.now(), error)
        audit.record(
            ctx,
            "release.scan-failed",
            "release",
            f"{product_slug}@{version}",
            {"error": error[:500]},
        )


def release_findings(
    ctx: ServiceContext, product_slug: str, version: str, include_resolved: bool = False
) -> list[FindingView]:
    require(ctx, Action.READ)
    return repo.for_release(_release_pk(product_slug, version), include_resolved)


def latest_scan(ctx: ServiceContext, product_slug: str, version: str) -> ScanView | None:
    require(ctx, Action.READ)
    release_pk = sbom_repo.release_id(product_slug, version)
    return repo.latest_scan(release_pk) if release_pk is not None else None


def release_summary(ctx: ServiceContext, product_slug: str, version: str) -> SummaryView | None:
    """The release's counts, new findings since its baseline, and its scan job's state."""
    require(ctx, Action.READ)
    return summaries.get(_release_pk(product_slug, version))


def where_is(
    ctx: ServiceContext, vulnerability_id: str, page: PageRequest | None = None
) -> Page[FindingView]:
    """Open findings of a vulnerability (by id or any alias) across all products, one page."""
    require(ctx, Action.READ)
    return repo.by_vulnerability(vulnerability_id.strip(), page or PageRequest())


def data_missing(reasons: Iterable[str]) -> bool:
    return any(reason in DATA_MISSING for reason in reasons)


def open_counts(ctx: ServiceContext, release_pks: Collection[int]) -> dict[int, dict[str, Any]]:
    """Open, known-exploited and per-severity counts and the latest outcome, from the summaries."""
    require(ctx, Action.READ)
    return {
        pk: {
            "open": s.open_findings,
            "kev": s.known_exploited,
            "critical": s.critical,
            "high": s.high,
            "medium": s.medium,
            "low": s.low,
            "other": s.other,
            "new": s.new_findings,
            "outcome": s.outcome or None,
            "scan_state": s.scan_state,
        }
        for pk, s in summaries.for_releases(release_pks).items()
    }


def prune_history(ctx: ServiceContext, keep: timedelta) -> int:
    """Delete scan records older than ``keep`` (each release's latest scan always stays)."""
    require(ctx, Action.WRITE)
    cutoff: datetime = ctx.clock.now() - keep
    with transaction.atomic():
        removed = repo.prune_scans(cutoff)
        if removed:
            audit.record(
                ctx,
                "scans.prune",
                "scan-history",
                "retention",
                {"removed": removed, "before": cutoff.isoformat()},
            )
    return removed


# ------------------------------------------------------------------- requested scans (jobs)

#: a claimed request whose worker has not finished after this long is taken over
CLAIM_TIMEOUT = timedelta(minutes=30)


def request_release_scan(release_pk: int, trigger: str, now: datetime) -> None:
    """Ask for a scan of one release, inside the caller's transaction (e.g. an SBOM import).

    The request is durable: if the process dies after the commit, the next worker runs it.
    """
    requests.add_release(release_pk, trigger, now)
    summaries.set_scan_state([release_pk], "queued", now)


def run_requested_scans(
    ctx: ServiceContext,
    worker: str,
    release: tuple[str, str] | None = None,
    packages_only: bool = False,
) -> RescanOutcome:
    """Carry out pending scan requests (all, one release's, or the advisory updates' only).

    Each request is claimed first (committed, so the release page says "running"), then run
    and removed in the scan's own transaction. A failed request is recorded on the release
    and removed: the nightly rescan tries again.
    """
    require(ctx, Action.WRITE)
    release_pk = _release_pk(*release) if release else None
    releases = found = new = resolved = 0
    while True:
        claimed = requests.claim(worker, ctx.clock.now(), CLAIM_TIMEOUT, release_pk, packages_only)
        if claimed is None:
            return RescanOutcome(releases, found, new, resolved)
        outcome = _run_request(ctx, claimed)
        releases += outcome.releases
        found += outcome.findings
        new += outcome.new_findings
        resolved += outcome.resolved


def _run_request(ctx: ServiceContext, claimed: requests.RequestView) -> RescanOutcome:
    started = ctx.clock.now()
    if claimed.release_id is None:
        with transaction.atomic():
            outcome = rescan_touched(ctx, set(claimed.packages), trigger=claimed.trigger)
            requests.finish(claimed.id, None, started)
        return outcome
    ref = sbom_repo.release_ref(claimed.release_id)
    if ref is None:  # the release was deleted meanwhile
        requests.finish(claimed.id, None, started)
        return RescanOutcome(0, 0, 0, 0)
    summaries.set_scan_state([claimed.release_id], "running", started)
    try:
        with transaction.atomic():
            scan = scan_release(ctx, ref[0], ref[1], claimed.trigger)
            requests.finish(claimed.id, claimed.release_id, started)
    except (RempartError, DatabaseError) as error:
        message = error.message if isinstance(error, RempartError) else str(error)
        log.warning("requested scan of %s %s failed: %s", ref[0], ref[1], message)
        record_scan_failure(ctx, ref[0], ref[1], message)
        requests.finish(claimed.id, None, started)
        return RescanOutcome(0, 0, 0, 0)
    return RescanOutcome(1, scan.findings, scan.new_findings, 0)


def pending_scan_requests(ctx: ServiceContext) -> int:
    """How many requested scans wait (the worker polls this)."""
    require(ctx, Action.READ)
    return requests.pending()
