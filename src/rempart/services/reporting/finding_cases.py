"""From a finding to an Art. 14 case in one step, and the links of a case (services layer).

- ``case_draft_for_finding``: what a case opened from a finding says: the vulnerability (with
  its aliases), the product, the affected releases (the finding's own release and every
  placed-on-market release of the product with an open finding of the same vulnerability)
  and the findings themselves as the detection signal.
- ``open_case_from_finding``: opens that case as *proposed* (a person confirms awareness on
  the case, Art. 14(2)(a)); when the product already has a proposed or open case about the
  vulnerability, the finding and its releases are linked to that case instead.
- ``change_links``: link or unlink releases and findings of a case later, each change in
  the case's audit history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rempart.core.errors import NotFound
from rempart.core.reporting.case import CaseDraft, CaseSource, ReleaseRef, check_reference
from rempart.core.reporting.clocks import CaseKind
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.reporting import case_links, cases
from rempart.services.vulnerabilities import workbench
from rempart.store.repositories import case_links as case_links_repo
from rempart.store.repositories import reporting as repo
from rempart.store.repositories import triage as triage_repo
from rempart.store.repositories.reporting import CaseView


@dataclass(frozen=True, slots=True)
class FindingCaseDraft:
    draft: CaseDraft
    finding_ids: tuple[int, ...]
    extra_fields: dict[str, object]
    existing: str | None  # a proposed or open case of the product about the same vulnerability


def case_draft_for_finding(ctx: ServiceContext, finding_id: int) -> FindingCaseDraft:
    """The prefilled case for a finding (read only)."""
    row = workbench.get_finding(ctx, finding_id)
    identity = triage_repo.identities([finding_id])[finding_id]
    names = (row.vulnerability_id, *row.aliases)
    matching = triage_repo.same_vulnerability(names, set())
    others = triage_repo.identities(matching)
    releases = {(row.product_slug, row.release_version)}
    findings = {finding_id}
    for other_id in matching:
        other = workbench.get_finding(ctx, other_id)
        if (
            others[other_id].product_id == identity.product_id
            and _placed_on_market(other_id)
            and other.status == "open"
        ):
            releases.add((other.product_slug, other.release_version))
            findings.add(other_id)
    cve = next((n for n in names if n.upper().startswith("CVE-")), row.vulnerability_id)
    signal = []
    if row.known_exploited:
        signal.append(f"Listed in CISA KEV since {row.kev_date_added}")
    if row.exploitation == "active":
        signal.append("CISA SSVC decision point Exploitation: active")
    draft = CaseDraft(
        kind=CaseKind.VULNERABILITY.value,
        title=f"{cve} in {row.product_name}"[:300],
        products=(row.product_slug,),
        releases=tuple(ReleaseRef(slug, version) for slug, version in sorted(releases)),
        vulnerability_id=cve,
        aliases=tuple(sorted({*names} - {cve})),
        summary=row.summary,
        source=CaseSource.FINDING.value,
        source_ref=f"finding {finding_id}",
    )
    extra: dict[str, object] = {
        "severity": row.severity,
        "fixed_versions": list(row.fixed_versions),
        "known_exploited": "; ".join(signal)[:300],
    }
    existing = repo.open_case_for_vulnerability({cve, *names}, identity.product_id)
    return FindingCaseDraft(draft, tuple(sorted(findings)), extra, existing)


def _placed_on_market(finding_id: int) -> bool:
    from rempart.store.models import Finding, Release

    return Finding.objects.filter(pk=finding_id, release__status=Release.Status.RELEASED).exists()


def open_case_from_finding(ctx: ServiceContext, finding_id: int) -> tuple[CaseView, bool]:
    """Open (as proposed) the case a finding calls for; returns (case, newly created?)."""
    require(ctx, Action.WRITE)
    prepared = case_draft_for_finding(ctx, finding_id)
    if prepared.existing is None:
        return cases.open_case(
            ctx, prepared.draft, prepared.finding_ids, prepared.extra_fields
        ), True
    releases = [(r.product_slug, r.version) for r in prepared.draft.releases]
    case = change_links(
        ctx, prepared.existing, add_releases=releases, add_findings=prepared.finding_ids
    )
    return case, False


def change_links(
    ctx: ServiceContext,
    reference: str,
    *,
    add_releases: Iterable[tuple[str, str]] = (),
    remove_releases: Iterable[tuple[str, str]] = (),
    add_findings: Iterable[int] = (),
    remove_findings: Iterable[int] = (),
) -> CaseView:
    """Link or unlink releases (product slug, version) and findings.

    A change of the case's selection through :func:`case_links.change_links` (one place for
    the rules, the audit event and the case history); the products of what is added join it.
    """
    require(ctx, Action.WRITE)
    case = repo.get(check_reference(reference))
    if case is None:
        raise NotFound(f"no reporting case {reference!r}")
    current = case_links.selection_of(case)
    adding = [ReleaseRef(slug, version) for slug, version in add_releases]
    removing = {ReleaseRef(slug, version) for slug, version in remove_releases}
    new_findings, old_findings = set(add_findings), set(remove_findings)
    found = case_links_repo.findings_by_id(new_findings)
    missing = new_findings - set(found)
    if missing:
        raise NotFound(f"no finding {min(missing)}")
    products = dict.fromkeys(current.products)
    products.update(dict.fromkeys(r.product_slug for r in adding))
    products.update(dict.fromkeys(row.finding.product_slug for row in found.values()))
    releases = [r for r in dict.fromkeys([*current.releases, *adding]) if r not in removing]
    findings = sorted((set(current.findings) | new_findings) - old_findings)
    selection = case_links.CaseSelection(
        tuple(products), tuple(releases), tuple(findings), current.vulnerability_reports
    )
    return case_links.change_links(ctx, case.reference, selection)


def cases_for_finding(ctx: ServiceContext, finding_id: int) -> list[CaseView]:
    require(ctx, Action.READ)
    return repo.cases_for_finding(finding_id)
