"""Cases proposed from exploited findings (services layer).

Every open finding in a released release whose vulnerability (or an alias) is listed in CISA
KEV, or rated "Exploitation: active" by CISA's SSVC decision points, proposes a case — one per
vulnerability, linking every affected release, also those past their end of support
(Art. 14(1) has no support-period limit; the case says their support ended). Running it again
only links newly affected releases. A person confirms awareness; nothing starts a clock by
itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from rempart.core.errors import Conflict
from rempart.core.reporting.case import TEXT_MAX, CaseSource, CaseStatus
from rempart.core.reporting.case_links import describe_links
from rempart.core.reporting.clocks import CaseKind
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.reporting import cases
from rempart.services.reporting.case_links import links_of, record_history
from rempart.store.repositories import reporting as repo


@dataclass(frozen=True, slots=True)
class ProposalOutcome:
    created: tuple[str, ...]
    extended: tuple[str, ...]  # existing proposals that gained releases


def propose_from_findings(ctx: ServiceContext) -> ProposalOutcome:
    """One proposed case per exploited vulnerability found in released releases
    (also those past their end of support: Art. 14(1) has no support-period limit).

    Exploited: listed in CISA KEV, or rated "Exploitation: active" by CISA's SSVC decision
    points (a CVE record's ADP container). A person confirms awareness; nothing starts a clock
    by itself.
    """
    require(ctx, Action.WRITE)
    created: list[str] = []
    extended: list[str] = []
    kev = repo.kev_candidates()
    kev_vulnerabilities = {c.vulnerability_id for c in kev}
    ssvc = [c for c in repo.ssvc_candidates() if c.vulnerability_id not in kev_vulnerabilities]
    for source, candidates in ((CaseSource.KEV_FINDING, kev), (CaseSource.SSVC_FINDING, ssvc)):
        grouped: dict[str, list[repo.KevCandidate]] = {}
        for candidate in candidates:
            grouped.setdefault(candidate.cve_id, []).append(candidate)
        for cve_id, group in sorted(grouped.items()):
            reference, is_new = _propose_one(ctx, source, cve_id, group)
            if reference is not None:
                (created if is_new else extended).append(reference)
    return ProposalOutcome(tuple(created), tuple(extended))


def _propose_one(
    ctx: ServiceContext, source: CaseSource, cve_id: str, candidates: list[repo.KevCandidate]
) -> tuple[str | None, bool]:
    """Create or extend the proposal for one vulnerability: (reference or None, created?)."""
    now = ctx.clock.now()
    with transaction.atomic():
        reference = repo.exploitation_case_for([cve_id])
        releases = {c.release_id for c in candidates}
        products = {c.product_id for c in candidates}
        if reference is not None:
            before = repo.get(reference, for_update=True)
            assert before is not None  # noqa: S101 - found just above
            repo.link(reference, products, releases)
            repo.link_findings(reference, {c.finding_id for c in candidates if c.finding_id})
            after = repo.get(reference)
            assert after is not None  # noqa: S101
            added = sorted(set(after.releases) - set(before.releases))
            if not added:
                return None, False
            labels = ", ".join(f"{slug} {version}" for slug, version in added)
            record_history(ctx, after.id, "extended", f"Releases: added {labels}.")
            audit.record(ctx, "case.extend", "case", reference, {"releases": added})
            return reference, False
        first = candidates[0]
        aliases = sorted(
            {a for c in candidates for a in (c.vulnerability_id, *c.aliases)} - {cve_id}
        )
        signal = (
            f"Listed in CISA KEV since {first.kev_date_added.isoformat()}"
            if source is CaseSource.KEV_FINDING
            else "CISA SSVC decision point Exploitation: active (CVE record, CISA ADP)"
        )
        title = (
            f"{cve_id} (listed as exploited in CISA KEV)"
            if source is CaseSource.KEV_FINDING
            else f"{cve_id} (CISA SSVC: exploitation active)"
        )
        fields = {
            "kind": CaseKind.VULNERABILITY.value,
            "status": CaseStatus.PROPOSED.value,
            "title": title,
            "summary": first.summary[:TEXT_MAX],
            "vulnerability_id": cve_id,
            "aliases": aliases,
            "severity": first.severity,
            "fixed_versions": sorted({v for c in candidates for v in c.fixed_versions}),
            "known_exploited": signal,
            "source": source.value,
            "detected_at": now,
            "member_states": cases.default_member_states(products),
        }
        reference = cases.new_reference(ctx)
        try:
            with transaction.atomic():
                case = repo.create(reference, fields, products, releases, now)
                repo.link_findings(reference, {c.finding_id for c in candidates if c.finding_id})
        except IntegrityError as exc:  # a concurrent run proposed the same vulnerability
            raise Conflict(f"a case for {cve_id} was proposed concurrently; run again") from exc
        proposed = repo.get(reference) or case
        why = (
            "is listed in CISA KEV"
            if source is CaseSource.KEV_FINDING
            else "is rated exploitation active by CISA (SSVC)"
        )
        record_history(
            ctx,
            proposed.id,
            "proposed",
            f"Proposed: {cve_id} {why}. " + describe_links(links_of(proposed)),
        )
        audit.record(
            ctx,
            "case.propose",
            "case",
            reference,
            {
                "vulnerability_id": cve_id,
                "aliases": aliases,
                "releases": case.releases,
                "signal": source.value,
            },
        )
        return reference, True
