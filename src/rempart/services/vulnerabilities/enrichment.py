"""Severity and exploitation of vulnerabilities from every source held (services layer).

- ``import_cve``: store CVE records (CVE JSON 5) as an advisory source of kind ``cve``;
  records whose ``dateUpdated`` did not move are left alone.
- ``import_cve_path`` / ``sync_cve``: a local file, archive or directory; the configured CVE
  records URL (``REMPART_CVE_RECORDS_URL``), fetched conditionally.
- ``refresh``: resolve every vulnerability id's severity by tier (advisory, alias records,
  CVE records; :mod:`rempart.core.severity`) and its SSVC exploitation, and store the result
  per vulnerability id. Findings join it when they are read, so an enrichment update changes
  no finding row and needs no rescan. Called after every OSV or CVE import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction

from rempart.core.errors import InvalidInput
from rempart.core.severity import AliasGraph, CveFacts, Enrichment, Rating, Tier, resolve
from rempart.formats.cve import CveImport, read_cve_path, read_cve_records
from rempart.net.client import HttpClient
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import advisories as advisory_repo
from rempart.store.repositories import enrichment as repo
from rempart.store.repositories.enrichment import EnrichmentView as EnrichmentView

CVE_SOURCE = "cve"
MAX_CVE_DOWNLOAD = 2 << 30  # the whole CVE list as a zip is about 500 MB


@dataclass(frozen=True, slots=True)
class CveImportOutcome:
    source: str
    records: int
    added: int
    updated: int
    unchanged: int
    removed: int
    skipped: int
    enriched: int  # vulnerability ids whose enrichment changed


def refresh(now: datetime) -> tuple[int, int, int]:
    """Recompute every vulnerability id's enrichment; return (added, updated, removed) rows."""
    own: dict[str, list[Rating]] = {}
    aliases: dict[str, list[str]] = {}
    for osv_id, record_aliases, ratings in repo.advisory_ratings():
        own.setdefault(osv_id, []).extend(ratings)
        aliases.setdefault(osv_id, []).extend(record_aliases)
    graph = AliasGraph.build(aliases.items())
    cves = repo.all_cve_facts()
    items: list[Enrichment] = []
    for osv_id in sorted(own):
        neighbours = graph.of(osv_id)
        alias_ratings = [
            Rating(Tier.ALIAS, r.record, r.type, r.vector, r.score, r.label)
            for other in sorted(neighbours)
            for r in own.get(other, ())
        ]
        cve_ids = {i.upper() for i in (osv_id, *neighbours) if i.upper().startswith("CVE-")}
        for other in neighbours:
            cve_ids.update(
                a.upper() for a in aliases.get(other, ()) if a.upper().startswith("CVE-")
            )
        records: list[CveFacts] = [cves[c] for c in sorted(cve_ids) if c in cves]
        items.append(resolve(osv_id, own[osv_id], alias_ratings, records))
    return repo.replace_enrichments(items, now)


def import_cve(
    ctx: ServiceContext,
    imported: CveImport,
    *,
    retrieved_at: datetime,
    location: str = "",
    sha256: str = "",
    etag: str = "",
    last_modified: str = "",
    replace_all: bool = False,
) -> CveImportOutcome:
    """Store CVE records (one transaction) and refresh the enrichment they feed.

    ``replace_all`` removes records absent from the input (a complete snapshot); the default
    keeps them, since CVE releases and subsets often carry only some records.
    """
    require(ctx, Action.WRITE)
    if not imported.records:
        raise InvalidInput.single(
            "records", f"no CVE record found in {location or 'the input'}; nothing was changed"
        )
    with transaction.atomic():
        source_id = advisory_repo.save_source(
            CVE_SOURCE,
            "cve",
            {
                "location": location[:2000],
                "sha256": sha256,
                "etag": etag[:500],
                "last_modified": last_modified[:100],
                "retrieved_at": retrieved_at,
                "record_count": len(imported.records),
                "skipped": {"not_a_cve_record": len(imported.skipped)} if imported.skipped else {},
                "newest_modified": max(
                    (r.date_updated for r in imported.records if r.date_updated), default=None
                ),
            },
        )
        change = repo.replace_cve_records(source_id, imported.records, replace_all)
        added, updated, _removed = refresh(ctx.clock.now())
        outcome = CveImportOutcome(
            CVE_SOURCE,
            len(imported.records),
            change.added,
            change.updated,
            change.unchanged,
            change.removed,
            len(imported.skipped),
            added + updated,
        )
        audit.record(
            ctx,
            "advisories.import",
            "advisory-source",
            CVE_SOURCE,
            {
                "records": outcome.records,
                "added": outcome.added,
                "updated": outcome.updated,
                "removed": outcome.removed,
                "skipped": outcome.skipped,
                "sha256": sha256,
                "location": location,
            },
        )
    return outcome


def import_cve_path(ctx: ServiceContext, path: Path) -> CveImportOutcome:
    """Import CVE records from a file, archive or directory (its mtime is the snapshot time)."""
    if not path.exists():
        raise InvalidInput.single("path", f"{path}: no such file or directory")
    retrieved_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return import_cve(ctx, read_cve_path(path), retrieved_at=retrieved_at, location=str(path))


def sync_cve(ctx: ServiceContext, url: str | None = None) -> CveImportOutcome | None:
    """Fetch the configured CVE records URL; ``None`` when unchanged since the last sync."""
    require(ctx, Action.WRITE)
    target = url or ctx.settings.cve_records_url
    if not target:
        raise InvalidInput.single(
            "REMPART_CVE_RECORDS_URL", "no CVE records URL is configured; nothing to sync"
        )
    known = advisory_repo.source(CVE_SOURCE)
    same = known is not None and known.location == target
    client = HttpClient(
        partial_dir=ctx.settings.require_data_dir() / "feeds", max_bytes=MAX_CVE_DOWNLOAD
    )
    download = client.fetch(
        target,
        etag=known.etag if same and known else "",
        last_modified=known.last_modified if same and known else "",
    )
    if download.status == "not-modified":
        return None
    return import_cve(
        ctx,
        read_cve_records(download.data, name=target),
        retrieved_at=ctx.clock.now(),
        location=target,
        sha256=download.sha256,
        etag=download.etag,
        last_modified=download.last_modified,
    )


def refresh_all(ctx: ServiceContext) -> tuple[int, int, int]:
    """Recompute the enrichment now (after an advisory import); audited."""
    require(ctx, Action.WRITE)
    with transaction.atomic():
        counts = refresh(ctx.clock.now())
        audit.record(
            ctx,
            "advisories.enrich",
            "advisory-source",
            "enrichment",
            {"added": counts[0], "updated": counts[1], "removed": counts[2]},
        )
    return counts


def enrichment_of(ctx: ServiceContext, vulnerability_id: str) -> EnrichmentView | None:
    require(ctx, Action.READ)
    return repo.enrichment_of(vulnerability_id)


def cve_record(ctx: ServiceContext, cve_id: str) -> CveFacts | None:
    require(ctx, Action.READ)
    return repo.cve_record(cve_id)
