"""``rempart scan``: a one-shot vulnerability scan of an SBOM, for CI (cli layer).

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 bad input;
3 not assessed — advisory data missing or stale for some components (or, with ``--strict``,
any component not assessed), or nothing to assess at all. Findings outrank "not assessed".
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import click
import platformdirs

from rempart import __version__
from rempart.cli.bootstrap import setup_django
from rempart.cli.output import print_table, say
from rempart.cli.sbom import read_file
from rempart.core.clock import SystemClock, ensure_utc
from rempart.core.finding import Finding
from rempart.core.index import AdvisoryIndex
from rempart.core.matching import NotAssessedReason, ScanResult, match_components

LEVELS = ("critical", "high", "medium", "low")
DATA_MISSING = {
    NotAssessedReason.NO_SOURCE,
    NotAssessedReason.STALE_SOURCE,
    NotAssessedReason.UNREADABLE_ADVISORY,
}


def at_or_above(finding: Finding, threshold: str) -> bool:
    """Whether a finding meets ``--fail-on``; an unknown severity counts as high."""
    if threshold == "kev":
        return finding.known_exploited.kev
    label = finding.vulnerability.severity_label.value
    rank = {"critical": 0, "high": 1, "unknown": 1, "medium": 2, "low": 3}.get(label, 4)
    return rank <= LEVELS.index(threshold)


def exit_code(result: ScanResult, fail_on: str | None, strict: bool) -> int:
    if fail_on and any(at_or_above(f, fail_on) for f in result.findings):
        return 1
    coverage = result.coverage
    missing = any(n.reason in DATA_MISSING for n in coverage.not_assessed)
    if missing or coverage.components == 0 or (strict and coverage.not_assessed):
        return 3
    return 0


@contextmanager
def progress(enabled: bool) -> Iterator[object]:
    """A Rich status line on a terminal's stderr; silent in pipelines."""
    if not enabled:
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("Scanning…") as status:
        yield status


def _step(status: object, text: str) -> None:
    if status is not None:
        status.update(text)  # type: ignore[attr-defined]


def _index(
    advisory_paths: tuple[Path, ...],
    kev: Path | None,
    epss: Path | None,
    as_of: datetime | None,
    cache: bool,
) -> AdvisoryIndex:
    if advisory_paths:
        from rempart.services.advisory_files import offline_index

        cache_dir = Path(platformdirs.user_cache_dir("rempart", appauthor=False)) if cache else None
        return offline_index(advisory_paths, kev, epss, as_of=as_of, cache_dir=cache_dir)
    setup_django()
    from rempart.services.advisories import workspace_index
    from rempart.services.advisory_files import load_epss, load_kev

    index = workspace_index()
    if kev or epss:
        # Catalog files on the command line override the workspace's copies.
        records = list(index.vulnerabilities.values())
        index = AdvisoryIndex.build(
            records,
            index.sources,
            unreadable=index.unreadable,
            kev=load_kev(kev) if kev else index.kev,
            epss=load_epss(epss) if epss else index.epss,
        )
    return index


@click.command()
@click.argument("sbom", type=click.Path(path_type=Path))
@click.option(
    "--advisories",
    "advisory_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="OSV data: a record, directory, all.zip or .tar.gz (repeatable). Default: the workspace's synced data.",
)
@click.option("--kev", type=click.Path(path_type=Path), help="CISA KEV catalog (JSON).")
@click.option(
    "--epss", type=click.Path(path_type=Path), help="FIRST EPSS scores (CSV, optionally gzip)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "sarif", "cyclonedx-vex"]),
    default="table",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice([*LEVELS, "kev"]),
    help="Exit 1 when a finding is at or above this severity (or known exploited).",
)
@click.option(
    "--max-age-days",
    type=click.IntRange(1, 3650),
    default=7,
    show_default=True,
    help="Advisory data older than this is stale: 'not assessed'.",
)
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"]),
    help="When the --advisories data was snapshotted (default: the files' modification time).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 3 when any component is not assessed (no purl, unknown ecosystem, …).",
)
@click.option("--no-cache", is_flag=True, help="Do not cache parsed advisories.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here (default: standard output).",
)
def scan(
    sbom: Path,
    advisory_paths: tuple[Path, ...],
    kev: Path | None,
    epss: Path | None,
    fmt: str,
    fail_on: str | None,
    max_age_days: int,
    as_of: datetime | None,
    strict: bool,
    no_cache: bool,
    output: Path | None,
) -> None:
    """Scan an SBOM for known and actively exploited vulnerabilities, offline.

    Never reports "clean" for what it could not check: components without a purl, in an
    unsupported ecosystem or without fresh advisory data are listed as not assessed.
    Exit codes: 0 pass, 1 findings at or above --fail-on, 2 bad input, 3 not assessed.
    """
    from rempart.formats import scan_report, scan_report_vex
    from rempart.formats.sbom import parse_sbom

    clock = SystemClock()
    stamp = (
        ensure_utc(as_of.replace(tzinfo=as_of.tzinfo or clock.now().tzinfo), "--as-of")
        if as_of
        else None
    )
    with progress(sys.stderr.isatty()) as status:
        _step(status, f"Reading {sbom}")
        document = parse_sbom(read_file(sbom, "SBOM"), max_bytes=200 * 1024 * 1024)
        _step(status, "Loading advisories")
        index = _index(advisory_paths, kev, epss, stamp, not no_cache)
        _step(status, f"Matching {len(document.components)} components")
        result = match_components(
            document.components, index, now=clock.now(), max_source_age=timedelta(days=max_age_days)
        )
    now = clock.now()
    if fmt == "table":
        _table(result)
        code = exit_code(result, fail_on, strict)
        raise click.exceptions.Exit(code)
    writers = {
        "json": lambda: scan_report.scan_report_json(result, generated_at=now),
        "sarif": lambda: scan_report.scan_report_sarif(
            result, generated_at=now, artifact_uri=sbom.name, tool_version=__version__
        ),
        "cyclonedx-vex": lambda: scan_report_vex.scan_report_vex(result, generated_at=now),
    }
    data = writers[fmt]()
    if output:
        output.write_bytes(data)
    else:
        click.echo(data.decode(), nl=False)
    raise click.exceptions.Exit(exit_code(result, fail_on, strict))


def _table(result: ScanResult) -> None:
    coverage = result.coverage
    rows = [
        [
            f.vulnerability.id,
            f.vulnerability.severity_label.value,
            "KEV" if f.known_exploited.kev else "",
            f"{f.epss.score:.3f}" if f.epss else "",
            f.component.display_name,
            ", ".join(f.fixed_versions[:3]),
        ]
        for f in sorted(
            result.findings, key=lambda f: (not f.known_exploited.kev, f.vulnerability.id)
        )
    ]
    if rows:
        print_table(
            f"{len(rows)} findings",
            ["Vulnerability", "Severity", "Exploited", "EPSS", "Component", "Fixed in"],
            rows,
        )
    reasons: dict[str, int] = {}
    for item in coverage.not_assessed:
        reasons[item.reason.value] = reasons.get(item.reason.value, 0) + 1
    say(
        f"{coverage.components} components: {coverage.identified} identified, {coverage.assessed} fully assessed."
    )
    if reasons:
        say(
            "Not assessed: "
            + ", ".join(
                f"{count} {reason.replace('_', ' ')}" for reason, count in sorted(reasons.items())
            )
        )
    for status in coverage.sources:
        fresh = "fresh" if status.fresh else "[yellow]stale[/yellow]"
        as_of = status.source.as_of.date().isoformat() if status.source.as_of else "unknown"
        say(
            f"Source {status.source.name}: {status.source.record_count} records as of {as_of} ({fresh})"
        )
    if result.clean:
        say("[green]No known vulnerabilities, and every component was assessed.[/green]")
    elif not result.findings:
        say(
            "[yellow]No findings, but not everything was assessed: this is not a clean result.[/yellow]"
        )


COMMANDS = [scan]
