"""``rempart scan``: a one-shot vulnerability scan of an SBOM, for CI (cli layer).

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 bad input;
3 not assessed — advisory data missing or stale for some components (or, with ``--strict``,
any component not assessed), or nothing to assess at all. Findings outrank "not assessed".
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
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
from rempart.core.matching import ScanResult
from rempart.core.scan_gate import LEVELS, gate
from rempart.services.context import Actor, ServiceContext
from rempart.services.vulnerabilities.sbom_scan import (
    REPORT_FORMATS,
    AdvisoryChoice,
    scan_sbom,
    write_report,
)


@contextmanager
def progress(enabled: bool) -> Iterator[Callable[[str], None]]:
    """A Rich status line on a terminal's stderr; silent in pipelines."""
    if not enabled:
        yield lambda _text: None
        return
    from rich.console import Console

    with Console(stderr=True).status("Scanning…") as status:
        yield status.update


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
    type=click.Choice(["table", *REPORT_FORMATS]),
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
    help="When the --advisories data was snapshotted, for OSV records that carry no date "
    "(default: the files' modification time); dated data is judged on its own date.",
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
    clock = SystemClock()
    stamp = (
        ensure_utc(as_of.replace(tzinfo=as_of.tzinfo or clock.now().tzinfo), "--as-of")
        if as_of
        else None
    )
    if not advisory_paths:
        setup_django()  # the workspace's advisories live in its database
    ctx = ServiceContext(Actor.operator("scan"), clock)
    cache_dir = (
        Path(platformdirs.user_cache_dir("rempart", appauthor=False))
        if advisory_paths and not no_cache
        else None
    )
    choice = AdvisoryChoice(advisory_paths, kev, epss, stamp, cache_dir)
    with progress(sys.stderr.isatty()) as step:
        step(f"Reading {sbom}")
        data = read_file(sbom, "SBOM")
        result = scan_sbom(ctx, data, choice, timedelta(days=max_age_days), step)
    if fmt == "table":
        _table(result)
    else:
        report = write_report(ctx, result, fmt, sbom.name, __version__)
        if output:
            output.write_bytes(report)
        else:
            click.echo(report.decode(), nl=False)
    raise click.exceptions.Exit(int(gate(result, fail_on, strict)))


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
        basis = (
            " (when retrieved: undated records)" if status.source.as_of_basis == "retrieval" else ""
        )
        say(
            f"Source {status.source.name}: {status.source.record_count} records, data as of "
            f"{as_of}{basis} ({fresh})"
        )
    if result.clean:
        say("[green]No known vulnerabilities, and every component was assessed.[/green]")
    elif not result.findings:
        say(
            "[yellow]No findings, but not everything was assessed: this is not a clean result.[/yellow]"
        )


COMMANDS = [scan]
