"""A one-shot scan of an SBOM against advisory files or the workspace's data (services layer).

``rempart scan`` parses its options, calls :func:`scan_sbom` and :func:`write_report`, and
renders; the pass/fail rule is :func:`rempart.core.scan_gate.gate`. Nothing here stores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from rempart.core.component import Component
from rempart.core.index import AdvisoryIndex
from rempart.core.matching import ScanResult, match_components
from rempart.formats import scan_report, scan_report_vex
from rempart.formats.limits import SBOM_LOCAL_MAX_BYTES
from rempart.formats.sbom import parse_sbom
from rempart.services.context import ServiceContext

REPORT_FORMATS = ("json", "sarif", "cyclonedx-vex")


@dataclass(frozen=True, slots=True)
class AdvisoryChoice:
    """Which advisory data to scan against: files (offline) or the workspace's synced data.

    ``as_of`` states when the files were snapshotted (default: their modification times);
    ``cache_dir`` keeps parsed OSV files between runs (``None``: no cache).
    """

    osv_paths: tuple[Path, ...] = ()
    kev: Path | None = None
    epss: Path | None = None
    as_of: datetime | None = None
    cache_dir: Path | None = None


def _no_progress(_text: str) -> None:
    return None


def scan_sbom(
    ctx: ServiceContext,
    sbom: bytes,
    advisories: AdvisoryChoice,
    max_source_age: timedelta,
    progress: Callable[[str], None] = _no_progress,
) -> ScanResult:
    """Match every component of ``sbom`` against the chosen advisory data, stating coverage."""
    document = parse_sbom(sbom, max_bytes=SBOM_LOCAL_MAX_BYTES)
    progress("Loading advisories")
    index = _index(advisories, document.components)
    progress(f"Matching {len(document.components)} components")
    return match_components(
        document.components, index, now=ctx.clock.now(), max_source_age=max_source_age
    )


def _index(choice: AdvisoryChoice, components: Sequence[Component]) -> AdvisoryIndex:
    from rempart.services.vulnerabilities.advisory_files import (
        load_epss,
        load_kev,
        offline_index,
    )

    if choice.osv_paths:
        return offline_index(
            choice.osv_paths,
            choice.kev,
            choice.epss,
            as_of=choice.as_of,
            cache_dir=choice.cache_dir,
            components=components,
        )
    # The workspace's index needs the database: imported only on this path.
    from rempart.services.vulnerabilities.advisories import workspace_index

    index = workspace_index()
    if choice.kev or choice.epss:
        # Catalog files on the command line override the workspace's copies.
        return AdvisoryIndex.build(
            list(index.vulnerabilities.values()),
            index.sources,
            unreadable=index.unreadable,
            kev=load_kev(choice.kev) if choice.kev else index.kev,
            epss=load_epss(choice.epss) if choice.epss else index.epss,
        )
    return index


def write_report(
    ctx: ServiceContext, result: ScanResult, fmt: str, artifact_uri: str, tool_version: str
) -> bytes:
    """The scan report as JSON (docs/scan-json-format.md), SARIF 2.1 or CycloneDX VEX."""
    now = ctx.clock.now()
    if fmt == "json":
        return scan_report.scan_report_json(result, generated_at=now)
    if fmt == "sarif":
        return scan_report.scan_report_sarif(
            result, generated_at=now, artifact_uri=artifact_uri, tool_version=tool_version
        )
    if fmt == "cyclonedx-vex":
        return scan_report_vex.scan_report_vex(result, generated_at=now)
    raise ValueError(f"unknown report format {fmt!r}")
