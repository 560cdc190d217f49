"""The findings workbench: find, group and open findings (services layer, read only).

One query shape for the web page, the API and ``rempart finding list``: a scope (portfolio,
a product, a release) and filters (:class:`FindingQuery`), sorted and paged in the database.
A finding's page (:func:`finding_detail`) adds where each value came from, the paths through
the dependency graph that bring the component in, the decision with its origin, comments
and the history.
"""

from __future__ import annotations

from dataclasses import dataclass

from rempart.core.dependency_paths import paths_to
from rempart.core.errors import NotFound
from rempart.core.severity import CveFacts
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import enrichment as enrichment_repo
from rempart.store.repositories import sbom_components
from rempart.store.repositories import triage as triage_repo
from rempart.store.repositories import workbench as repo
from rempart.store.repositories.enrichment import EnrichmentView
from rempart.store.repositories.triage import CommentView, DecisionView, EventView
from rempart.store.repositories.workbench import FindingGroup as FindingGroup
from rempart.store.repositories.workbench import FindingPage as FindingPage
from rempart.store.repositories.workbench import FindingQuery as FindingQuery
from rempart.store.repositories.workbench import FindingRow as FindingRow

SORTS = repo.SORTS
GROUPS = repo.GROUPS


@dataclass(frozen=True, slots=True)
class DependencyPath:
    sbom_label: str
    steps: tuple[str, ...]  # "name version" from the root down to the component


@dataclass(frozen=True, slots=True)
class FindingDetail:
    row: FindingRow
    enrichment: EnrichmentView | None
    cve_records: tuple[CveFacts, ...]
    decision: DecisionView | None
    comments: tuple[CommentView, ...]
    history: tuple[EventView, ...]
    paths: tuple[DependencyPath, ...]
    policy_rule: str


def find(ctx: ServiceContext, query: FindingQuery) -> FindingPage:
    """One page of findings for the query, with the total and the counts by severity."""
    require(ctx, Action.READ)
    return repo.page(query, triage_repo.remediation_windows(), ctx.clock.now())


def count(ctx: ServiceContext, query: FindingQuery, limit: int | None = None) -> int:
    """How many findings a query selects, counting no further than ``limit`` (a dashboard's
    "1,000+": the count stops early when there are many)."""
    require(ctx, Action.READ)
    return repo.count(query, triage_repo.remediation_windows(), ctx.clock.now(), limit)


def find_ids(ctx: ServiceContext, query: FindingQuery) -> list[int]:
    """Every finding id a query selects (bulk actions on "all that match")."""
    require(ctx, Action.READ)
    return repo.ids(query, triage_repo.remediation_windows(), ctx.clock.now())


def group(ctx: ServiceContext, query: FindingQuery, by: str) -> list[FindingGroup]:
    require(ctx, Action.READ)
    if by not in ("component", "vulnerability"):
        from rempart.core.errors import InvalidInput

        raise InvalidInput.single("group", "group by 'component' or 'vulnerability'")
    return repo.groups(query, by, triage_repo.remediation_windows(), ctx.clock.now())


def get_finding(ctx: ServiceContext, finding_id: int) -> FindingRow:
    require(ctx, Action.READ)
    row = repo.one(finding_id, triage_repo.remediation_windows(), ctx.clock.now())
    if row is None:
        raise NotFound(f"no finding {finding_id}")
    return row


def finding_detail(ctx: ServiceContext, finding_id: int) -> FindingDetail:
    """Everything the finding's page shows."""
    row = get_finding(ctx, finding_id)
    enrichment = enrichment_repo.enrichment_of(row.vulnerability_id)
    cve_ids = sorted(
        {
            *(enrichment.cve_ids if enrichment else ()),
            *(
                a.upper()
                for a in (row.vulnerability_id, *row.aliases)
                if a.upper().startswith("CVE-")
            ),
        }
    )
    records = tuple(r for r in (enrichment_repo.cve_record(c) for c in cve_ids) if r is not None)
    return FindingDetail(
        row,
        enrichment,
        records,
        triage_repo.decision(finding_id),
        tuple(triage_repo.comments(finding_id)),
        tuple(triage_repo.history(finding_id)),
        tuple(_paths(finding_id, row.component_bom_ref)),
        triage_repo.remediation_windows().rule,
    )


def _paths(finding_id: int, bom_ref: str) -> list[DependencyPath]:
    identity = triage_repo.identities([finding_id]).get(finding_id)
    if identity is None:
        return []
    found: list[DependencyPath] = []
    for sbom_id, label, root, edges in sbom_components.dependency_graphs(identity.release_id):
        chains = paths_to(bom_ref, edges, [root] if root else [])
        if not chains:
            continue
        names = sbom_components.names(sbom_id, {ref for chain in chains for ref in chain})
        found.extend(
            DependencyPath(label, tuple(names.get(ref, ref) for ref in chain)) for chain in chains
        )
    return found
