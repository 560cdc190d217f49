"""``rempart sbom``: check, import, list, diff, export and remove SBOMs (cli layer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.core.errors import InvalidInput

MAX_FILE = 200 * 1024 * 1024


def read_file(path: Path, option: str = "FILE", max_bytes: int = MAX_FILE) -> bytes:
    """Read a user-named file with a size cap (never follows it into memory unbounded)."""
    try:
        if not path.is_file():
            raise InvalidInput.single(option, f"{path}: not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InvalidInput.single(
                option, f"{path}: {size:,} bytes; the limit is {max_bytes:,} bytes"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput.single(option, f"{path}: {exc.strerror or exc}") from exc


@click.group()
def sbom() -> None:
    """Software bills of materials per release (CycloneDX 1.2–1.7, SPDX 2.2/2.3, SPDX 3.0.1)."""


@sbom.command("check")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--min-score",
    type=click.IntRange(0, 100),
    default=0,
    show_default=True,
    help="Exit 1 below this quality score.",
)
@click.option(
    "--max-defects", type=int, default=50, show_default=True, help="Defects shown in the table."
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse any schema violation, also of value formats (URLs, e-mails, dates, enums).",
)
@FORMAT_OPTION
def check(file: Path, min_score: int, max_defects: int, strict: bool, fmt: str) -> None:
    """Judge an SBOM against NTIA, BSI TR-03183-2 and the CRA minimum; needs no workspace.

    Schema violations of value formats only are reported (rule SBOM-SCHEMA) unless --strict
    refuses them. Exit codes: 0 score at or above --min-score, 1 below it, 2 unreadable or
    refused input.
    """
    from rempart.services.sboms.check import check_sbom

    checked = check_sbom(read_file(file), strict=strict)
    document, report = checked.document, checked.quality
    data = {
        "file": str(file),
        "format": document.format.value,
        "spec_version": document.spec_version,
        "encoding": document.encoding.value,
        "sha256": checked.sha256,
        "components": len(document.components),
        "dependencies": len(document.dependencies),
        "root": document.root.display_name if document.root else None,
        "score": report.score,
        "rules": [
            {"rule": r.rule_id, "weight": r.weight, "passed": r.passed, "checked": r.checked}
            for r in report.rules
        ],
        "defects": [
            {
                "rule": d.rule_id,
                "citation": d.citation,
                "severity": d.severity.value,
                "bom_ref": d.bom_ref,
                "field": d.field,
                "message": d.message,
            }
            for d in report.defects
        ],
        "warnings": list(document.warnings),
        "schema_violations": [
            {"location": p.field, "message": p.message, "citation": p.citation}
            for p in document.schema_violations
        ],
    }

    def table(d: dict[str, Any]) -> None:
        say(
            f"[bold]{file}[/bold]: {d['format']} {d['spec_version']} ({d['encoding']}), {d['components']} components, {d['dependencies']} edges"
        )
        say(
            f"Quality score [bold]{d['score']}[/bold]/100 (rules and weights: docs/sbom-quality.md)"
        )
        print_table(
            "Rules",
            ["Rule", "Weight", "Passed", "Checked"],
            [[r["rule"], r["weight"], r["passed"], r["checked"]] for r in d["rules"]],
        )
        shown = d["defects"][:max_defects]
        if shown:
            print_table(
                f"Defects ({len(shown)} of {len(d['defects'])})",
                ["Rule", "Severity", "Component", "Field", "Message"],
                [
                    [
                        x["rule"],
                        x["severity"],
                        x["bom_ref"] or "(document)",
                        x["field"],
                        x["message"],
                    ]
                    for x in shown
                ],
            )

    emit(data, fmt, table)
    if report.score < min_score:
        raise click.exceptions.Exit(1)


@sbom.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--product", "product_slug", required=True, help="Product slug.")
@click.option("--release", "version", required=True, help="Release version.")
@click.option("--label", help="Name of this SBOM within the release (default: the file name).")
@click.option(
    "--create-release", is_flag=True, help="Create the release (as planned) if it does not exist."
)
@click.option(
    "--no-scan",
    is_flag=True,
    help="Leave the release's scan to `rempart worker` instead of scanning at once.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse any schema violation, also of value formats (URLs, e-mails, dates, enums).",
)
@FORMAT_OPTION
def import_(
    file: Path,
    product_slug: str,
    version: str,
    label: str | None,
    create_release: bool,
    no_scan: bool,
    strict: bool,
    fmt: str,
) -> None:
    """Attach an SBOM to a release: stored byte for byte, with its components and graph.

    The release is then scanned against the workspace's advisories (the scan is requested
    in the import's transaction; with --no-scan a worker carries it out).
    """
    data = read_file(file)
    setup_django()
    from rempart.services.sboms import release_sboms as sboms
    from rempart.services.vulnerabilities import scanning

    ctx = operator_context()
    stored = sboms.import_sbom(
        ctx, product_slug, version, data, file.name, label, create_release, strict
    )
    scanned = (
        None
        if no_scan
        else scanning.run_requested_scans(ctx, "cli", release=(product_slug, version))
    )
    result = {
        "id": stored.id,
        "product": product_slug,
        "release": version,
        "label": stored.label,
        "sha256": stored.sha256,
        "format": stored.format,
        "spec_version": stored.spec_version,
        "components": stored.component_count,
        "quality_score": stored.quality_score,
        "warnings": list(stored.warnings),
        "scan": None
        if scanned is None
        else {"findings": scanned.findings, "new_findings": scanned.new_findings},
    }
    emit(
        result,
        fmt,
        lambda d: say(
            f"Imported {d['components']} components into {product_slug} {version} as '{d['label']}' (quality {d['quality_score']}/100)."
            + (
                f" Scanned: {d['scan']['findings']} findings ({d['scan']['new_findings']} new)."
                if d["scan"]
                else " Scan queued for `rempart worker`."
            )
        ),
    )


@sbom.command("list")
@click.argument("product_slug")
@click.argument("version")
@FORMAT_OPTION
def list_(product_slug: str, version: str, fmt: str) -> None:
    """The SBOMs of a release."""
    setup_django()
    from rempart.services.sboms import release_sboms as sboms

    items = sboms.list_sboms(operator_context(), product_slug, version)
    data = [
        {
            "id": s.id,
            "label": s.label,
            "filename": s.filename,
            "format": s.format,
            "spec_version": s.spec_version,
            "components": s.component_count,
            "quality_score": s.quality_score,
            "sha256": s.sha256,
            "size": s.size,
            "uploaded_at": s.uploaded_at,
            "uploaded_by": s.uploaded_by,
            "current": s.current,
            "superseded_by": s.superseded_by,
        }
        for s in items
    ]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            f"SBOMs of {product_slug} {version}",
            ["ID", "Label", "Format", "Components", "Quality", "SHA-256", "Status"],
            [
                [
                    r["id"],
                    r["label"],
                    f"{r['format']} {r['spec_version']}",
                    r["components"],
                    r["quality_score"],
                    r["sha256"][:16],
                    "current" if r["current"] else f"superseded by {r['superseded_by'] or '—'}",
                ]
                for r in rows
            ],
        ),
    )


@sbom.command("diff")
@click.argument("product_slug")
@click.argument("old")
@click.argument("new")
@FORMAT_OPTION
def diff(product_slug: str, old: str, new: str, fmt: str) -> None:
    """What changed between two releases: added, removed, upgraded, downgraded components."""
    setup_django()
    from rempart.services.sboms import release_sboms as sboms

    result = sboms.diff_releases(operator_context(), product_slug, old, new)
    data = {
        "product": product_slug,
        "from": old,
        "to": new,
        "unchanged": result.unchanged,
        "changes": [
            {
                "kind": c.kind.value,
                "identity": c.identity,
                "old_version": c.old.version if c.old else None,
                "new_version": c.new.version if c.new else None,
                "fields": list(c.fields),
            }
            for c in result.changes
        ],
    }
    emit(
        data,
        fmt,
        lambda d: print_table(
            f"{product_slug}: {old} → {new} ({d['unchanged']} unchanged)",
            ["Change", "Component", "From", "To"],
            [
                [c["kind"], c["identity"], c["old_version"] or "", c["new_version"] or ""]
                for c in d["changes"]
            ],
        ),
    )


@sbom.command("export")
@click.argument("product_slug")
@click.argument("version")
@click.option(
    "--as",
    "as_format",
    type=click.Choice(["cyclonedx", "spdx"]),
    default="cyclonedx",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
def export(product_slug: str, version: str, as_format: str, output: Path | None) -> None:
    """The release's merged SBOM as CycloneDX 1.6 JSON or SPDX 2.3 JSON."""
    setup_django()
    from rempart.cli.progress import progress
    from rempart.services.sboms import release_sboms as sboms

    with progress(f"Exporting {product_slug} {version}"):
        data = sboms.export_release(operator_context(), product_slug, version, as_format)
    if output is None:
        click.echo(data.decode())
    else:
        output.write_bytes(data)
        say(f"Wrote {output} ({len(data):,} bytes).")


@sbom.command("remove")
@click.argument("sbom_id", type=int)
def remove(sbom_id: int) -> None:
    """Remove an SBOM (see `rempart sbom list`)."""
    setup_django()
    from rempart.services.sboms import release_sboms as sboms

    sboms.remove_sbom(operator_context(), sbom_id)
    say(f"SBOM {sbom_id} removed.")


COMMANDS = [sbom]
