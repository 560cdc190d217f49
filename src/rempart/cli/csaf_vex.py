"""``rempart vex`` and ``rempart csaf``: VEX export/import, CSAF advisories (cli layer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say


@click.group("vex")
def vex() -> None:
    """VEX statements: export a release's triage, import a supplier's VEX."""


@vex.command("export")
@click.option("--product", required=True)
@click.option("--release", help="One release (default: every release of the product).")
@click.option(
    "--as",
    "kind",
    type=click.Choice(["openvex", "cyclonedx", "csaf"]),
    default="openvex",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to a file (default: stdout).",
)
def export(product: str, release: str | None, kind: str, output: Path | None) -> None:
    """Write the triage decisions as OpenVEX 0.2, CycloneDX 1.6 VEX or CSAF 2.0 VEX."""
    setup_django()
    from rempart.services.vulnerabilities import vex as service

    data, _media, _name = service.export_vex(
        operator_context(), product, release, service.parse_format(kind)
    )
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data)
        say(f"wrote {output} ({len(data):,} bytes)")


@vex.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--product", required=True)
@click.option("--release", help="Apply to one release (default: every release of the product).")
@FORMAT_OPTION
def import_(path: Path, product: str, release: str | None, fmt: str) -> None:
    """Apply an OpenVEX, CycloneDX VEX or CSAF VEX document to the matching findings."""
    setup_django()
    from dataclasses import asdict

    from rempart.services.vulnerabilities import vex as service

    outcome = service.import_vex(operator_context(), path.read_bytes(), path.name, product, release)
    emit(asdict(outcome), fmt, lambda d: say(
        f"{d['format']}: {d['statements']} statements, {d['matched_findings']} findings matched, "
        f"{d['changed']} changed, {d['unmatched_statements']} statements matched nothing"
    ))  # fmt: skip


@click.group("csaf")
def csaf() -> None:
    """CSAF 2.0 security advisories: draft, validate, publish (AI-P2-4, AI-P2-6)."""


def _advisory(view: Any) -> dict[str, Any]:
    return {
        "tracking_id": view.tracking_id, "title": view.title, "status": view.status, "tlp": view.tlp,
        "findings": list(view.finding_ids), "vulnerabilities": list(view.vulnerability_ids),
        "content": view.content,
        "revisions": [{"version": r.version, "status": r.status, "summary": r.summary,
                       "published_at": r.published_at, "sha256": r.sha256} for r in view.revisions],
    }  # fmt: skip


@csaf.command("new")
@click.option(
    "--finding", "findings", type=int, multiple=True, required=True, help="Finding id (repeatable)."
)
@click.option("--title", default="")
@FORMAT_OPTION
def new(findings: tuple[int, ...], title: str, fmt: str) -> None:
    """Draft an advisory about the given findings."""
    setup_django()
    from rempart.services.advisories import authoring

    view = authoring.create_advisory(operator_context(), findings, title)
    emit(_advisory(view), fmt, lambda d: say(f"drafted {d['tracking_id']}: {d['title']}"))


@csaf.command("list")
@FORMAT_OPTION
def list_(fmt: str) -> None:
    """Advisories, newest first."""
    setup_django()
    from rempart.services.advisories import authoring

    rows = [_advisory(v) for v in authoring.list_advisories(operator_context())]
    emit(rows, fmt, lambda data: print_table("CSAF advisories", ["Id", "Title", "Status", "TLP", "Revisions"],
         [[r["tracking_id"], r["title"], r["status"], r["tlp"], len(r["revisions"])] for r in data]))  # fmt: skip


@csaf.command("edit")
@click.argument("tracking_id")
@click.option("--title")
@click.option("--tlp", type=click.Choice(["WHITE", "GREEN", "AMBER", "RED"]))
@click.option("--summary")
@click.option("--details")
@click.option("--impact")
@click.option("--remediation")
@click.option(
    "--fixed-release", "fixed_releases", multiple=True, help="Version that fixes it (repeatable)."
)
@click.option("--reference", "references", multiple=True, help="URL (repeatable).")
@click.option(
    "--acknowledge", "acknowledgments", multiple=True, help="A name to thank (repeatable)."
)
@FORMAT_OPTION
def edit(tracking_id: str, fmt: str, **values: Any) -> None:
    """Change an advisory's texts, TLP, fixed releases, references, acknowledgments."""
    setup_django()
    from rempart.services.advisories import authoring

    changes = {k: v for k, v in values.items() if v not in (None, ())}
    if "references" in changes:
        changes["references"] = [{"url": u, "summary": u} for u in changes["references"]]
    view = authoring.update_advisory(operator_context(), tracking_id, changes)
    emit(_advisory(view), fmt, lambda d: say(f"{d['tracking_id']} updated"))


@csaf.command("show")
@click.argument("tracking_id")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the CSAF JSON to a file.",
)
def show(tracking_id: str, output: Path | None) -> None:
    """The advisory as a CSAF 2.0 document (a draft renders as version 0)."""
    setup_django()
    from rempart.services.advisories import authoring

    data = authoring.document_bytes(authoring.render(operator_context(), tracking_id))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data)


@csaf.command("validate")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@FORMAT_OPTION
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check CSAF 2.0 documents: the JSON schema and every mandatory test (section 6.1).

    Exit 1 when a document fails; each failure names its test and JSON pointer.
    """
    setup_django()
    from rempart.services.advisories.authoring import validate_document

    results = []
    for path in paths:
        outcome = validate_document(path.read_bytes())
        results.append({
            "file": str(path), "valid": outcome.valid, "failed_tests": list(outcome.failed_tests),
            "schema": [{"path": p.field, "message": p.message} for p in outcome.schema],
            "failures": [{"test": f.test, "path": f.path, "message": f.message} for f in outcome.failures],
        })  # fmt: skip

    def text(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            say(f"{row['file']}: {'valid' if row['valid'] else 'INVALID'}")
            for problem in row["schema"][:20]:
                say(f"  schema at {problem['path']}: {problem['message']}")
            for failure in row["failures"][:50]:
                say(f"  {failure['test']} at {failure['path']}: {failure['message']}")

    emit(results, fmt, text)
    if not all(r["valid"] for r in results):
        raise click.exceptions.Exit(1)


@csaf.command("publish")
@click.argument("tracking_id", required=False)
@click.option(
    "--status", type=click.Choice(["interim", "final"]), default="final", show_default=True
)
@click.option("--summary", default="", help="What this revision changes (revision history).")
@click.option(
    "--export",
    "export_to",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also copy the provider directory to this new folder.",
)
@FORMAT_OPTION
def publish(
    tracking_id: str | None, status: str, summary: str, export_to: Path | None, fmt: str
) -> None:
    """Publish a revision of an advisory and rewrite the provider directory (/.well-known/csaf/).

    Without TRACKING_ID, only rewrites (and with --export copies) the directory.
    """
    setup_django()
    from rempart.services.advisories import authoring, directory

    ctx = operator_context()
    data: dict[str, Any] = {}
    if tracking_id:
        revision = authoring.publish(ctx, tracking_id, status, summary)
        data.update(
            {"tracking_id": tracking_id, "version": revision.version, "sha256": revision.sha256}
        )
    else:
        outcome = directory.write_directory(ctx)
        data.update({"documents": outcome.documents, "signed": outcome.signed})
    if export_to is not None:
        data["exported_files"] = directory.export_directory(ctx, export_to)
    emit(data, fmt, lambda d: say(json.dumps(d, default=str)))


@csaf.command("settings")
@click.option("--publisher-name")
@click.option("--namespace", "publisher_namespace", help="https:// URL of the publisher.")
@click.option("--category", "publisher_category")
@click.option("--contact", "contact_details")
@click.option("--prefix", "tracking_prefix", help="Tracking id prefix (e.g. NW-SA).")
@click.option(
    "--signing-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="ASCII-armoured OpenPGP secret key without a passphrase (kept with mode 0600).",
)
@click.option("--remove-signing-key", is_flag=True)
@FORMAT_OPTION
def settings_(
    signing_key: Path | None, remove_signing_key: bool, fmt: str, **values: str | None
) -> None:
    """Show or change the CSAF publisher and the signing key."""
    setup_django()
    from dataclasses import asdict

    from rempart.services.advisories import settings as service

    ctx = operator_context()
    changes = {k: v for k, v in values.items() if v is not None}
    if changes:
        current = asdict(service.get_settings(ctx))
        service.save_settings(ctx, {**current, **changes})
    if signing_key is not None:
        service.set_signing_key(ctx, signing_key.read_bytes())
    elif remove_signing_key:
        service.set_signing_key(ctx, None)
    emit(
        asdict(service.get_settings(ctx)), fmt, lambda d: say(json.dumps(d, default=str, indent=1))
    )


COMMANDS = [vex, csaf]
