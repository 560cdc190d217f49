"""Advisory data in the workspace: import OSV, KEV and EPSS, and the index built from it.

``import_osv`` replaces a source's records in one transaction (an interrupted import leaves
the previous data as it was), keeps the original OSV documents so the index can be rebuilt
exactly, and answers which (ecosystem, package) pairs the update touched — those, and only
those, are rescanned: the rescan is requested in the import's own transaction
(``store.repositories.scan_requests``), so an import that dies after its commit still gets
its rescan from the next worker.

``import_kev`` and ``import_epss`` need no matching: the findings' exploitation facts and
scores are updated with set-based statements in the import's transaction
(``store.repositories.exploitation``), and the summaries of the releases that changed are
recounted.

Every import is guarded (:mod:`rempart.core.snapshots`): input in which nothing is readable
is refused, and so is a snapshot that is empty or would remove more than half of the
source's records, unless ``allow_shrink``. The check runs in the import's transaction, so
a refusal leaves the previous data, and registers no new source.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from rempart.core.advisory import Vulnerability
from rempart.core.finding import EpssTable, KevCatalog
from rempart.core.index import AdvisoryIndex
from rempart.core.matching import packages_touched
from rempart.core.snapshots import check_snapshot
from rempart.core.versions.purls import PackageKey
from rempart.formats.osv import InvalidOsvRecord, OsvImport, parse_record
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.vulnerabilities import enrichment
from rempart.store.repositories import advisories as repo
from rempart.store.repositories import exploitation, release_summaries, scan_requests
from rempart.store.repositories.advisories import SourceView


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    source: str
    records: int
    added: int
    updated: int
    unchanged: int
    removed: int
    skipped: dict[str, int]
    touched: frozenset[tuple[str, str]]  # (ecosystem, package) pairs the update names


def key_text(key: PackageKey) -> tuple[str, str]:
    """(ecosystem, package) as stored with components (``Debian:12``, ``PyPI``)."""
    return (f"{key.ecosystem}:{key.release}" if key.release else key.ecosystem, key.name)


def import_osv(
    ctx: ServiceContext,
    name: str,
    imported: OsvImport,
    *,
    retrieved_at: datetime,
    location: str = "",
    sha256: str = "",
    etag: str = "",
    last_modified: str = "",
    replace_all: bool = True,
    allow_shrink: bool = False,
) -> ImportOutcome:
    """Store an OSV import as source ``name``; with ``replace_all`` records absent now are removed.

    ``imported`` must be read with ``keep_documents=True``: the original objects are stored.
    Refused (nothing changed): input with nothing readable; a snapshot that is empty or
    removes more than half of the source's records, unless ``allow_shrink``.
    """
    require(ctx, Action.WRITE)
    imported.require_readable(location or name)
    description = imported.source(name, retrieved_at=retrieved_at)
    with transaction.atomic():
        source_id = repo.save_source(
            name,
            "osv",
            {
                "location": location[:2000],
                "etag": etag[:500],
                "last_modified": last_modified[:100],
                "sha256": sha256,
                "retrieved_at": retrieved_at,
                "record_count": len(imported.vulnerabilities),
                "skipped": {str(k): v for k, v in imported.skip_counts.items()},
                "unreadable": [
                    [key.ecosystem, key.release, key.name, record_id]
                    for key, ids in sorted(imported.unreadable_packages().items())
                    for record_id in ids
                ],
                "newest_modified": description.newest_modified,
                "ecosystems": sorted(description.ecosystems),
            },
        )
        before = repo.existing_modified(source_id)
        current = {record.id: record for record in imported.vulnerabilities}
        changed = [
            r for r in imported.vulnerabilities if r.id not in before or before[r.id] != r.modified
        ]
        removed = sorted(set(before) - set(current)) if replace_all else []
        check_snapshot(name, len(before), len(current), len(removed), allow_shrink=allow_shrink)
        missing = [r.id for r in changed if r.id not in imported.documents]
        if missing:
            raise ValueError(
                f"read the OSV input with keep_documents=True (no document for {missing[0]})"
            )
        rows = [
            (
                r.id,
                list(r.aliases),
                r.summary,
                r.modified,
                r.withdrawn is not None,
                imported.documents[r.id],
                [key_text(PackageKey(*a.package.identity())) for a in r.affected],
            )
            for r in changed
        ]
        # Packages named before the update count too: a narrowed or removed record clears findings.
        touched = {key_text(k) for k in packages_touched(changed)}
        touched |= repo.packages_of(source_id, [r.id for r in changed] + removed)
        repo.replace_records(source_id, rows, removed)
        scan_requests.add_packages(touched, "advisory-update", ctx.clock.now())
        # Severity by tier (advisory, alias records, CVE records) per vulnerability id.
        enrichment.refresh(ctx.clock.now())
        outcome = ImportOutcome(
            source=name,
            records=len(current),
            added=sum(1 for r in changed if r.id not in before),
            updated=sum(1 for r in changed if r.id in before),
            unchanged=len(current) - len(changed),
            removed=len(removed),
            skipped={str(k): v for k, v in imported.skip_counts.items()},
            touched=frozenset(touched),
        )
        audit.record(
            ctx,
            "advisories.import",
            "advisory-source",
            name,
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
    invalidate_index()
    return outcome


def import_kev(
    ctx: ServiceContext,
    catalog: KevCatalog,
    *,
    retrieved_at: datetime,
    location: str = "",
    sha256: str = "",
    allow_shrink: bool = False,
) -> int:
    """Replace the KEV catalog (refused when it is empty or drops more than half, unless allowed)."""
    require(ctx, Action.WRITE)
    with transaction.atomic():
        held = repo.kev_ids()
        removed = len(held.difference(catalog.entries))
        check_snapshot("kev", len(held), len(catalog), removed, allow_shrink=allow_shrink)
        count = repo.replace_kev(catalog.entries.values())
        repo.save_source(
            "kev",
            "kev",
            {
                "location": location[:2000],
                "sha256": sha256,
                "retrieved_at": retrieved_at,
                "record_count": count,
                "version": catalog.version,
                "newest_modified": catalog.data_date,  # the catalog's own date
            },
        )
        audit.record(
            ctx,
            "advisories.import",
            "advisory-source",
            "kev",
            {"entries": count, "version": catalog.version, "sha256": sha256},
        )
        _enriched(ctx, exploitation.apply_kev())
    invalidate_index()
    return count


def import_epss(
    ctx: ServiceContext,
    table: EpssTable,
    *,
    retrieved_at: datetime,
    location: str = "",
    sha256: str = "",
    allow_shrink: bool = False,
) -> int:
    """Replace the EPSS scores (refused when empty or dropping more than half, unless allowed)."""
    require(ctx, Action.WRITE)
    version = f"{table.model_version}@{table.score_date.isoformat() if table.score_date else ''}"
    with transaction.atomic():
        held = repo.epss_ids()
        removed = len(held.difference(table.scores))
        check_snapshot("epss", len(held), len(table), removed, allow_shrink=allow_shrink)
        count = repo.replace_epss(table.scores.values())
        repo.save_source(
            "epss",
            "epss",
            {
                "location": location[:2000],
                "sha256": sha256,
                "retrieved_at": retrieved_at,
                "record_count": count,
                "version": version[:100],
                "newest_modified": table.score_date,  # the scores' own date
            },
        )
        audit.record(
            ctx,
            "advisories.import",
            "advisory-source",
            "epss",
            {"scores": count, "version": version, "sha256": sha256},
        )
        _enriched(ctx, exploitation.apply_epss())
    invalidate_index()
    return count


def _enriched(ctx: ServiceContext, releases: set[int]) -> None:
    """Recount the summaries of the releases whose findings the enrichment changed."""
    if releases:
        release_summaries.refresh_many(releases, ctx.clock.now())


def list_sources(ctx: ServiceContext) -> list[SourceView]:
    require(ctx, Action.READ)
    return repo.sources()


# ----------------------------------------------------------------------- the workspace index

_lock = threading.Lock()
_cached: tuple[tuple[object, ...], AdvisoryIndex] | None = None


def invalidate_index() -> None:
    global _cached
    with _lock:
        _cached = None


def workspace_index() -> AdvisoryIndex:
    """The index of the workspace's advisory data, rebuilt when that data changes."""
    global _cached
    stamp = repo.data_stamp()
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
    records: list[Vulnerability] = []
    failed: dict[str, str] = {}
    for osv_id, document in repo.stored_records():
        try:
            records.append(parse_record(document))
        except InvalidOsvRecord as error:
            # Readable when imported, not now (a corrupted row, a stricter reader): its packages
            # are "not assessed" with the reason, never silently clean.
            failed[osv_id] = f"{osv_id} (stored copy unreadable: {error.message})"
    unreadable = {k: list(v) for k, v in repo.unreadable().items()}
    for key, osv_id in repo.stored_packages(failed):
        unreadable.setdefault(key, []).append(failed[osv_id])
    index = AdvisoryIndex.build(
        records,
        repo.core_sources(),
        unreadable=unreadable,
        kev=repo.kev_catalog(),
        epss=repo.epss_table(),
    )
    with _lock:
        _cached = (stamp, index)
    return index


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
