"""What an Art. 14 case covers, chosen by a person and changed later, with the case history.

- ``link_choices``: the products, releases, findings and vulnerability reports a person picks
  from, the affected releases proposed by default (every placed-on-market release with an open
  finding of the case's vulnerability or an alias: ``core.reporting.case_links``);
- ``change_links``: replace what a case covers; the change is an audit event (``case.links``)
  and a case-history entry naming what was added and removed;
- ``resolve_links``: used by ``cases.open_case`` to check the findings and reports a new case
  names (from a person, a finding, or a vulnerability report);
- ``record_history`` / ``history``: the case's readable history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from rempart.core.errors import Conflict, NotFound, ProblemCollector
from rempart.core.reporting.case import CaseStatus, ReleaseRef, check_reference
from rempart.core.reporting.case_links import (
    PLACED_ON_MARKET,
    CaseLinks,
    ReleaseFacts,
    check_links,
    default_releases,
    describe,
    diff,
    finding_matches,
    vulnerability_names,
)
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import case_links as repo
from rempart.store.repositories import reporting as cases_repo
from rempart.store.repositories.case_links import FindingRow, HistoryEntry, ReportRow
from rempart.store.repositories.reporting import CaseView, LinkedFinding, LinkedReport

__all__ = [
    "CaseSelection",
    "HistoryEntry",
    "LinkChoices",
    "LinkedFinding",
    "LinkedReport",
    "ReleaseChoice",
    "change_links",
    "finding_label",
    "history",
    "link_choices",
    "links_of",
    "record_history",
    "resolve_links",
    "selection_of",
]


@dataclass(frozen=True, slots=True)
class CaseSelection:
    """What a person chose the case to cover."""

    products: tuple[str, ...]
    releases: tuple[ReleaseRef, ...] = ()
    findings: tuple[int, ...] = ()
    vulnerability_reports: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReleaseChoice:
    product_slug: str
    product_name: str
    version: str
    status: str
    release_date: date | None
    end_of_support: date | None
    matching: tuple[LinkedFinding, ...]  # open findings of the case's vulnerability
    suggested: bool  # the default rule proposes it
    chosen: bool

    @property
    def placed_on_market(self) -> bool:
        return self.status in PLACED_ON_MARKET

    @property
    def key(self) -> str:
        return f"{self.product_slug}@{self.version}"


@dataclass(frozen=True, slots=True)
class LinkChoices:
    products: list[tuple[str, str, bool]]  # (slug, name, chosen), every product
    releases: list[ReleaseChoice]
    findings: list[tuple[LinkedFinding, bool]]
    reports: list[tuple[LinkedReport, bool]]
    selection: CaseSelection
    names: tuple[str, ...] = field(default=())  # the vulnerability names matched


def finding_label(finding: LinkedFinding) -> str:
    return (
        f"#{finding.id} {finding.vulnerability_id} in {finding.component} "
        f"({finding.product_slug} {finding.release_version})"
    )


def selection_of(case: CaseView) -> CaseSelection:
    return CaseSelection(
        tuple(slug for slug, _ in case.products),
        tuple(ReleaseRef(slug, version) for slug, version in case.releases),
        tuple(f.id for f in case.findings),
        tuple(r.reference for r in case.vulnerability_reports),
    )


def links_of(case: CaseView) -> CaseLinks:
    return CaseLinks(
        tuple(sorted(slug for slug, _ in case.products)),
        tuple(sorted(f"{slug} {version}" for slug, version in case.releases)),
        tuple(sorted(finding_label(f) for f in case.findings)),
        tuple(sorted(r.reference for r in case.vulnerability_reports)),
    )


def link_choices(
    ctx: ServiceContext,
    products: Sequence[str],
    vulnerability_id: str = "",
    aliases: Sequence[str] = (),
    chosen: CaseSelection | None = None,
    defaults_for: Sequence[str] = (),
) -> LinkChoices:
    """What a person may link, with the defaults when ``chosen`` is None (nothing picked yet).

    ``defaults_for``: products just added to a selection; their proposed releases and matching
    findings are added to ``chosen``.
    """
    require(ctx, Action.READ)
    everything = repo.products()
    known = {slug for _, slug, _ in everything}
    picked = [s for s in dict.fromkeys(products) if s in known]
    names = vulnerability_names(vulnerability_id, aliases)
    releases = repo.releases_of(picked)
    findings = [
        row
        for row in repo.open_findings_of([r.id for r in releases])
        if names and finding_matches(names, row.finding.vulnerability_id, row.aliases)
    ]
    by_release: dict[int, list[LinkedFinding]] = {}
    for row in findings:
        by_release.setdefault(row.release_id, []).append(row.finding)
    suggested = set(
        default_releases(
            ReleaseFacts(r.product_slug, r.version, r.status, len(by_release.get(r.id, [])))
            for r in releases
        )
    )
    fresh = set(picked) if chosen is None else set(defaults_for)
    default_refs = tuple(ReleaseRef(s, v) for s, v in sorted(suggested) if s in fresh)
    default_findings = tuple(
        f.id
        for f in (row.finding for row in findings)
        if (f.product_slug, f.release_version) in suggested and f.product_slug in fresh
    )
    if chosen is None:
        # Unknown slugs stay in the selection, so opening the case names them as refused.
        chosen = CaseSelection(tuple(dict.fromkeys(products)), default_refs, default_findings)
    elif fresh:
        chosen = CaseSelection(
            chosen.products,
            tuple(dict.fromkeys((*chosen.releases, *default_refs))),
            tuple(dict.fromkeys((*chosen.findings, *default_findings))),
            chosen.vulnerability_reports,
        )
    chosen_releases = {(r.product_slug, r.version) for r in chosen.releases}
    release_choices = [
        ReleaseChoice(
            r.product_slug,
            r.product_name,
            r.version,
            r.status,
            r.release_date,
            r.end_of_support,
            tuple(by_release.get(r.id, ())),
            (r.product_slug, r.version) in suggested,
            (r.product_slug, r.version) in chosen_releases,
        )
        for r in releases
    ]
    shown = {row.finding.id: row.finding for row in findings}
    for finding_id, row in repo.findings_by_id(chosen.findings).items():
        shown.setdefault(finding_id, row.finding)  # linked earlier; may be resolved by now
    reports = {row.report.reference: row.report for row in repo.reports_of(picked)}
    for reference, report_row in repo.reports_by_reference(chosen.vulnerability_reports).items():
        reports.setdefault(reference, report_row.report)
    return LinkChoices(
        products=[(slug, name, slug in picked) for _, slug, name in everything],
        releases=release_choices,
        findings=[(f, f.id in chosen.findings) for f in shown.values()],
        reports=[(r, r.reference in chosen.vulnerability_reports) for r in reports.values()],
        selection=chosen,
        names=tuple(sorted(names)),
    )


@dataclass(frozen=True, slots=True)
class ResolvedLinks:
    product_ids: dict[str, int]
    release_ids: dict[tuple[str, str], tuple[int, int]]  # -> (release id, product id)
    findings: dict[int, FindingRow]
    reports: dict[str, ReportRow]


def resolve_links(
    selection: CaseSelection, problems: ProblemCollector, *, strict: bool
) -> ResolvedLinks:
    """Look up what ``selection`` names; unknown items are problems.

    ``strict``: every release, finding and report must belong to a named product (a change of
    links); otherwise their products are added to the case (opening a case from a release).
    """
    product_ids = cases_repo.product_ids(selection.products)
    releases = cases_repo.release_ids((r.product_slug, r.version) for r in selection.releases)
    findings = repo.findings_by_id(selection.findings)
    reports = repo.reports_by_reference(selection.vulnerability_reports)
    for slug in selection.products:
        if slug not in product_ids:
            problems.add("products", f"no product with slug {slug!r}")
    for ref in selection.releases:
        if (ref.product_slug, ref.version) not in releases:
            problems.add("releases", f"no release {ref.version!r} of product {ref.product_slug!r}")
    for finding_id in selection.findings:
        if finding_id not in findings:
            problems.add("findings", f"no finding #{finding_id}")
    for reference in selection.vulnerability_reports:
        if reference not in reports:
            problems.add("vulnerability_reports", f"no vulnerability report {reference!r}")
    if strict:
        check_links(
            selection.products,
            {f"{s} {v}": s for s, v in releases},
            {finding_label(f.finding): f.finding.product_slug for f in findings.values()},
            {r.report.reference: r.report.product_slug for r in reports.values()},
            problems,
        )
    return ResolvedLinks(product_ids, releases, findings, reports)


def record_history(
    ctx: ServiceContext,
    case_id: int,
    action: str,
    summary: str,
    changes: Mapping[str, object] | None = None,
    note: str = "",
) -> None:
    """One line of the case's history, in the caller's transaction, beside its audit event."""
    repo.add_history(case_id, ctx.clock.now(), ctx.actor.name, action, summary, changes, note)


def history(ctx: ServiceContext, case: CaseView) -> list[HistoryEntry]:
    require(ctx, Action.READ)
    return repo.history(case.id)


def history_records(ctx: ServiceContext, reference: str) -> list[dict[str, object]]:
    """A case's history as the API and ``rempart case history`` give it (UTC, to the second)."""
    case = cases_repo.get(check_reference(reference))
    if case is None:
        raise NotFound(f"no reporting case {reference!r}")
    return [
        {
            "at": e.at.isoformat(timespec="seconds"),
            "actor": e.actor,
            "action": e.action,
            "summary": e.summary,
            "changes": e.changes,
            "note": e.note,
        }
        for e in history(ctx, case)
    ]


def change_links(
    ctx: ServiceContext, reference: str, selection: CaseSelection, note: str = ""
) -> CaseView:
    """Replace what a case covers; the change goes to the audit trail and the case history."""
    require(ctx, Action.WRITE)
    problems = ProblemCollector()
    if len(note) > 2000:
        problems.add("note", "at most 2000 characters")
    resolved = resolve_links(selection, problems, strict=True)
    problems.raise_if_any("the case's links are refused")
    with transaction.atomic():
        case = cases_repo.get(check_reference(reference), for_update=True)
        if case is None:
            raise NotFound(f"no reporting case {reference!r}")
        if case.status not in (CaseStatus.PROPOSED, CaseStatus.OPEN):
            raise Conflict(f"{case.reference} is {case.status}; its links are frozen")
        after = CaseLinks(
            tuple(sorted(resolved.product_ids)),
            tuple(sorted(f"{s} {v}" for s, v in resolved.release_ids)),
            tuple(sorted(finding_label(f.finding) for f in resolved.findings.values())),
            tuple(sorted(resolved.reports)),
        )
        changes = diff(links_of(case), after)
        if not changes:
            return case
        repo.set_links(
            case.reference,
            resolved.product_ids.values(),
            [release_id for release_id, _ in resolved.release_ids.values()],
            resolved.findings,
            [r.id for r in resolved.reports.values()],
        )
        record_history(ctx, case.id, "links-changed", describe(changes), changes, note.strip())
        audit.record(
            ctx, "case.links", "case", case.reference, {"changes": changes, "note": note.strip()}
        )
        updated = cases_repo.get(case.reference)
        assert updated is not None  # noqa: S101 - held above
    return updated
