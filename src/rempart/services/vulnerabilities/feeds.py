"""Bringing advisory data into the workspace: files and feeds (services layer).

``import_file`` reads one local file or directory (OSV, KEV or EPSS, judged by content);
``sync_feeds`` downloads the configured feeds with conditional, resumable requests and
imports only what changed. Either way the releases whose packages an OSV update names are
rescanned for those packages only. A failed feed leaves that source's data as it was.

Both are all-or-nothing per source: a file is read and validated whole before anything is
replaced (a damaged KEV catalog or EPSS file is refused with located problems; an OSV input
with nothing readable too), an empty file is refused before it is even judged, and the
shrink rule (:mod:`rempart.core.snapshots`) refuses an empty snapshot or one that removes
more than half of a source's records unless ``allow_shrink``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rempart.core.error_kinds import rule_for
from rempart.core.errors import FormatError, InvalidInput, NetError
from rempart.formats.epss import read_epss
from rempart.formats.errors import MalformedDocument
from rempart.formats.kev import read_kev
from rempart.formats.osv import read_osv, read_osv_path
from rempart.net.client import HttpClient
from rempart.services.context import ServiceContext
from rempart.services.vulnerabilities import advisories, scanning
from rempart.services.vulnerabilities.advisory_files import MAX_CATALOG_BYTES, sniff_kind

log = logging.getLogger(__name__)

OSV_BUCKET = "https://osv-vulnerabilities.storage.googleapis.com"
DEFAULT_FEEDS = (
    *(
        f"{OSV_BUCKET}/{ecosystem}/all.zip"
        for ecosystem in (
            "PyPI",
            "npm",
            "Go",
            "crates.io",
            "Maven",
            "NuGet",
            "RubyGems",
            "Packagist",
        )
    ),
    "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
    "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
)


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    kind: str
    records: int
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    rescanned_releases: int = 0
    new_findings: int = 0
    # where and why records were skipped: the first SKIPPED_SHOWN, "file (id): reason: detail"
    skipped_records: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SKIPPED_SHOWN = 50


@dataclass(frozen=True, slots=True)
class SyncResult:
    url: str
    status: str  # imported | not-modified | failed
    source: str | None = None
    records: int | None = None
    bytes: int | None = None
    error: str | None = None
    exit_code: int | None = None  # of a failure, by the error table (2 refused, 7 network)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def configured_feeds(ctx: ServiceContext) -> list[str]:
    """The feeds ``REMPART_FEEDS`` names, else the shipped defaults."""
    return list(ctx.settings.feeds or DEFAULT_FEEDS)


def _rescan(
    ctx: ServiceContext, touched: frozenset[tuple[str, str]], rescan: bool
) -> tuple[int, int]:
    """Run the rescans the import requested now (without ``rescan``: a worker runs them)."""
    if not rescan or not touched:
        return 0, 0
    outcome = scanning.run_requested_scans(ctx, f"import:{ctx.actor.name}", packages_only=True)
    return outcome.releases, outcome.new_findings


def import_file(
    ctx: ServiceContext,
    path: Path,
    name: str | None = None,
    *,
    rescan: bool = True,
    allow_shrink: bool = False,
    location: str | None = None,
) -> ImportResult:
    """Import a local advisory file or directory; its modification time is its snapshot time.

    ``location`` is what the source records as its origin (default: the path).
    """
    from datetime import UTC, datetime

    if not path.exists():
        raise InvalidInput.single("path", f"{path}: no such file or directory")
    if path.is_file() and _blank(path):
        raise MalformedDocument.at(str(path), "the file is empty; nothing was imported")
    retrieved_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    kind = sniff_kind(path)
    if kind in ("kev", "epss"):
        if path.stat().st_size > MAX_CATALOG_BYTES:
            raise InvalidInput.single("path", f"{path}: larger than {MAX_CATALOG_BYTES:,} bytes")
        data = path.read_bytes()
        origin = location or str(path)
        return _import_catalog(ctx, kind, data, origin, retrieved_at, allow_shrink)
    imported = read_osv_path(path, keep_documents=True)
    source = name or f"osv:{path.name}"
    outcome = advisories.import_osv(
        ctx,
        source,
        imported,
        retrieved_at=retrieved_at,
        location=location or str(path),
        allow_shrink=allow_shrink,
    )
    releases, new = _rescan(ctx, outcome.touched, rescan)
    return ImportResult(
        source,
        "osv",
        outcome.records,
        outcome.added,
        outcome.updated,
        outcome.removed,
        outcome.skipped,
        releases,
        new,
        [
            f"{item.name}{f' ({item.record_id})' if item.record_id else ''}: "
            f"{item.reason}: {item.detail}"
            for item in imported.skipped[:SKIPPED_SHOWN]
        ],
    )


def _blank(path: Path) -> bool:
    """Whether a file holds nothing but whitespace (read no further than needed)."""
    with path.open("rb") as handle:
        while chunk := handle.read(65536):
            if chunk.strip():
                return False
    return True


def _import_catalog(
    ctx: ServiceContext,
    kind: str,
    data: bytes,
    location: str,
    retrieved_at: Any,
    allow_shrink: bool = False,
) -> ImportResult:
    sha = advisories.sha256_of(data)
    if not data or data.isspace():
        raise MalformedDocument.at(location, "the file is empty; nothing was imported")
    if kind == "kev":
        count = advisories.import_kev(
            ctx,
            read_kev(data).catalog,  # validated whole: one bad entry refuses it
            retrieved_at=retrieved_at,
            location=location,
            sha256=sha,
            allow_shrink=allow_shrink,
        )
    else:
        count = advisories.import_epss(
            ctx,
            read_epss(data).table,  # validated whole: one bad row refuses it
            retrieved_at=retrieved_at,
            location=location,
            sha256=sha,
            allow_shrink=allow_shrink,
        )
    # The import updated the findings' exploitation facts itself (set-based): no rescan.
    return ImportResult(kind, kind, count)


def _kind_of_url(url: str) -> str:
    path = urlsplit(url).path.lower()
    if "known_exploited" in path:
        return "kev"
    if "epss" in path:
        return "epss"
    return "osv"


def _osv_name(url: str) -> str:
    parts = [p for p in urlsplit(url).path.split("/") if p]
    return f"osv:{parts[-2]}" if len(parts) >= 2 else f"osv:{parts[-1] if parts else url}"


def sync_feeds(
    ctx: ServiceContext,
    urls: list[str] | None = None,
    *,
    rescan: bool = True,
    allow_shrink: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[SyncResult]:
    """Fetch each feed (unchanged feeds cost one conditional request) and import what changed.

    A feed that fails (network, unreadable, refused by the shrink rule) keeps its previous
    data and is reported ``failed`` with the reason and its exit code; the others go on.
    ``progress(done, total, stage)`` is told before each feed and once at the end.
    """
    from rempart.store.repositories import advisories as repo

    client = HttpClient(partial_dir=ctx.settings.require_data_dir() / "feeds")
    results: list[SyncResult] = []
    chosen = urls or configured_feeds(ctx)
    for done, url in enumerate(chosen):
        if progress is not None:
            progress(done, len(chosen), f"fetching {url}")
        kind = _kind_of_url(url)
        source_name = _osv_name(url) if kind == "osv" else kind
        known = repo.source(source_name)
        same_location = known is not None and known.location == url
        try:
            download = client.fetch(
                url,
                etag=known.etag if same_location and known else "",
                last_modified=known.last_modified if same_location and known else "",
            )
            if download.status == "not-modified":
                results.append(SyncResult(url, "not-modified", source_name))
                continue
            now = ctx.clock.now()
            if kind == "osv":
                imported = read_osv(download.data, name=url, keep_documents=True)
                outcome = advisories.import_osv(
                    ctx,
                    source_name,
                    imported,
                    retrieved_at=now,
                    location=url,
                    sha256=download.sha256,
                    etag=download.etag,
                    last_modified=download.last_modified,
                    allow_shrink=allow_shrink,
                )
                _rescan(ctx, outcome.touched, rescan)
                records = outcome.records
            else:
                records = _import_catalog(ctx, kind, download.data, url, now, allow_shrink).records
                repo.save_source(
                    source_name,
                    kind,
                    {"etag": download.etag[:500], "last_modified": download.last_modified[:100]},
                )
            results.append(SyncResult(url, "imported", source_name, records, len(download.data)))
        except (NetError, FormatError, InvalidInput) as error:
            log.warning("feed %s failed: %s", url, error.message)
            code = rule_for(error).exit_code
            results.append(
                SyncResult(url, "failed", source_name, error=error.message, exit_code=code)
            )
    if progress is not None:
        progress(len(chosen), len(chosen), "done")
    return results
