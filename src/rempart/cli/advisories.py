"""``rempart advisories``: import and sync OSV, KEV, EPSS and CVE records into the workspace (cli layer)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import local, operator_context, operator_zone, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.cli.progress import progress

ALLOW_SHRINK_OPTION = click.option(
    "--allow-shrink",
    is_flag=True,
    help="Accept a snapshot that is empty or removes more than half of a source's records.",
)


@click.group()
def advisories() -> None:
    """Vulnerability data: OSV advisories, the CISA KEV catalog, FIRST EPSS scores."""


@advisories.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--name", help="Source name for OSV input (default: osv:<file name>).")
@click.option("--no-rescan", is_flag=True, help="Do not rescan the releases the update touches.")
@ALLOW_SHRINK_OPTION
@FORMAT_OPTION
def import_(
    paths: tuple[Path, ...], name: str | None, no_rescan: bool, allow_shrink: bool, fmt: str
) -> None:
    """Import advisory files: OSV (record, directory, all.zip, .tar.gz), KEV JSON, EPSS CSV.

    The kind is judged from each file's content. Releases containing a package an OSV
    update names are rescanned (only those packages). Each file is validated whole before
    anything is replaced: a damaged file exits 2 with the located problems and the
    previous data stays, and so does a snapshot that is empty or would remove more than
    half of a source's records (unless --allow-shrink).
    """
    setup_django()
    from rempart.services.vulnerabilities import feeds

    ctx = operator_context()
    results = []
    with progress("Importing advisories", len(paths)) as bar:
        for done, path in enumerate(paths):
            bar.update(done, len(paths), path.name)
            single = name if len(paths) == 1 else None
            results.append(
                feeds.import_file(
                    ctx, path, single, rescan=not no_rescan, allow_shrink=allow_shrink
                )
            )
        bar.update(len(paths), len(paths), "done")
    data = [r.as_dict() for r in results]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Advisory import",
            [
                "Source",
                "Kind",
                "Records",
                "Added",
                "Updated",
                "Removed",
                "Skipped",
                "Rescanned releases",
            ],
            [
                [
                    r["source"],
                    r["kind"],
                    r["records"],
                    r["added"],
                    r["updated"],
                    r["removed"],
                    sum(r["skipped"].values()),
                    r["rescanned_releases"],
                ]
                for r in rows
            ],
        ),
    )
    if fmt == "table":
        _skipped_lines(data)


def _skipped_lines(rows: list[dict[str, Any]]) -> None:
    """Where the skipped records are, so the operator can look (the first few per source)."""
    from rich.markup import escape

    for row in rows:
        shown = row["skipped_records"][:10]
        if shown:
            say(f"Skipped in {escape(row['source'])} (first {len(shown)}):")
            for line in shown:
                say(escape(f"  {line}"))


@advisories.command("list")
@FORMAT_OPTION
def list_(fmt: str) -> None:
    """The advisory sources of the workspace and how fresh they are."""
    setup_django()
    from rempart.services.vulnerabilities import advisories as service

    now = datetime.now(UTC)
    data = [
        {
            "name": s.name,
            "kind": s.kind,
            "records": s.record_count,
            "retrieved_at": s.retrieved_at,
            # Age of the data itself, not of the download (a 2025 catalog fetched today is old).
            "as_of": s.as_of,
            "as_of_basis": s.as_of_basis,
            "age_days": (now - s.as_of).days if s.as_of else None,
            "newest_modified": s.newest_modified,
            "version": s.version,
            "location": s.location,
            "skipped": s.skipped,
        }
        for s in service.list_sources(operator_context())
    ]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Advisory sources",
            ["Source", "Kind", "Records", "Data as of", "Age (days)", "Retrieved", "Location"],
            [
                [
                    r["name"],
                    r["kind"],
                    r["records"],
                    local(r["as_of"], operator_zone())
                    + (" (retrieval: undated records)" if r["as_of_basis"] == "retrieval" else ""),
                    r["age_days"],
                    local(r["retrieved_at"], operator_zone()),
                    r["location"],
                ]
                for r in rows
            ],
        ),
    )


@advisories.command("sync")
@click.option(
    "--url",
    "urls",
    multiple=True,
    help="Feed URL to fetch instead of the configured ones (repeatable).",
)
@click.option("--no-rescan", is_flag=True)
@ALLOW_SHRINK_OPTION
@FORMAT_OPTION
def sync(urls: tuple[str, ...], no_rescan: bool, allow_shrink: bool, fmt: str) -> None:
    """Download the configured feeds (conditional, resumable) and import what changed.

    Feeds come from REMPART_FEEDS (whitespace-separated URLs) or the defaults: the OSV
    all.zip dumps of PyPI, npm, Go, crates.io, Maven, NuGet, RubyGems and Packagist, the
    CISA KEV catalog and the FIRST EPSS scores. A feed that fails keeps its previous
    data; the command then exits with the first failure's code (2: refused as damaged or
    shrinking, 7: network).
    """
    setup_django()
    from rempart.services.vulnerabilities import feeds

    with progress("Syncing feeds") as bar:
        results = feeds.sync_feeds(
            operator_context(),
            list(urls) or None,
            rescan=not no_rescan,
            allow_shrink=allow_shrink,
            progress=bar.update,
        )
    data = [r.as_dict() for r in results]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Feed sync",
            ["URL", "Status", "Source", "Records", "Bytes"],
            [
                [
                    r["url"],
                    r["status"],
                    r.get("source") or "",
                    r.get("records") or "",
                    r.get("bytes") or "",
                ]
                for r in rows
            ],
        ),
    )
    failed = [r for r in data if r["status"] == "failed"]
    if failed:
        say("[red]Some feeds failed; their previous data is unchanged.[/red]")
        from rich.markup import escape

        for row in failed:
            say(escape(f"  {row['url']}: {row['error']}"))
        raise click.exceptions.Exit(failed[0]["exit_code"] or 1)


def _cve_table(rows: list[dict[str, object]]) -> None:
    print_table(
        "CVE records",
        ["Source", "Records", "Added", "Updated", "Unchanged", "Removed", "Skipped", "Re-rated"],
        [
            [r["source"], r["records"], r["added"], r["updated"], r["unchanged"], r["removed"],
             r["skipped"], r["enriched"]]
            for r in rows
        ],
    )  # fmt: skip


@advisories.command("import-cve")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@FORMAT_OPTION
def import_cve(paths: tuple[Path, ...], fmt: str) -> None:
    """Import CVE records (CVE JSON 5: a record, a directory, a .zip or .tar.gz of them).

    Their CVSS metrics, CWE and CISA's SSVC decision points rate the vulnerabilities whose
    advisories leave them unrated; findings show the new severity at once (no rescan).
    """
    setup_django()
    from dataclasses import asdict

    from rempart.services.vulnerabilities import enrichment

    ctx = operator_context()
    data = [asdict(enrichment.import_cve_path(ctx, path)) for path in paths]
    emit(data, fmt, _cve_table)


@advisories.command("sync-cve")
@click.option("--url", help="Archive of CVE records to fetch (default: REMPART_CVE_RECORDS_URL).")
@FORMAT_OPTION
def sync_cve(url: str | None, fmt: str) -> None:
    """Fetch the configured CVE records (conditional download) and import what changed."""
    setup_django()
    from dataclasses import asdict

    from rempart.services.vulnerabilities import enrichment

    outcome = enrichment.sync_cve(operator_context(), url)
    if outcome is None:
        emit({"status": "not-modified"}, fmt, lambda _row: say("CVE records unchanged."))
        return
    emit([asdict(outcome)], fmt, _cve_table)


COMMANDS = [advisories]


@advisories.command("rescan")
@FORMAT_OPTION
def rescan(fmt: str) -> None:
    """Rescan every release that has an SBOM against the workspace's advisories now.

    What the nightly job does (``rempart worker``); useful after ``import --no-rescan``. A
    release whose scan fails is reported and the others go on (exit status 1).
    """
    setup_django()
    from rempart.services.vulnerabilities import scanning

    with progress("Rescanning releases") as bar:
        outcome = scanning.scan_all(operator_context(), "manual", progress=bar.update)
    data = {
        "scanned": outcome.scanned,
        "failed": [{"product": p, "version": v, "error": e} for p, v, e in outcome.failed],
    }
    emit(
        data,
        fmt,
        lambda d: say(
            f"Rescanned {d['scanned']} release{'s' if d['scanned'] != 1 else ''}"
            + (f"; {len(d['failed'])} failed." if d["failed"] else ".")
        ),
    )
    if outcome.failed:
        raise click.exceptions.Exit(1)
