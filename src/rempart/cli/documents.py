"""``rempart doc``: the CRA documents from the terminal (cli layer).

``doc`` (EU declaration of conformity, ``--simplified`` for Annex VI), ``userinfo`` (Annex II)
and ``techfile`` (the Annex VII ZIP) write a document; ``status`` lists what is missing (exit 1
while anything is); ``set`` and ``load`` enter values; ``public`` switches the public product
page; ``verify`` recomputes a technical file's hashes. A draft is written with a warning;
``--final`` refuses an incomplete document (exit 2, with the list of what is missing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say

_VERSION = click.option(
    "--version", "version", help="Release version (default: the latest released)."
)
_LANG = click.option("--lang", "language", help="Document language (default: the first chosen).")
_OUTPUT = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the document (default: a file name of its own).",
)
_FINAL = click.option(
    "--final", is_flag=True, help="Refuse unless complete; issuing a final document is audited."
)


@click.group("doc")
def documents() -> None:
    """The EU declaration of conformity, user information and technical documentation."""


def _write(data: bytes, name: str, output: Path | None) -> None:
    target = output or Path(name)
    target.write_bytes(data)
    say(f"Wrote {target} ({len(data):,} bytes)")


def _document(
    kind: str,
    slug: str,
    version: str | None,
    language: str | None,
    fmt: str,
    final: bool,
    output: Path | None,
) -> None:
    setup_django()
    from rempart.services.documents import generation

    ctx = operator_context()
    parsed = generation.parse_kind(kind)
    data, _, name = generation.export(
        ctx, slug, parsed, fmt, language=language, version=version, final=final
    )
    _write(data, name, output)
    if not final:
        doc = generation.document(ctx, slug, parsed, language, version)
        if doc.missing:
            click.echo(
                f"DRAFT: {len(doc.missing)} mandatory items missing "
                f"(`rempart doc status {slug}` lists them)",
                err=True,
            )


_DOC_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["pdf", "html", "json"]), default="pdf", show_default=True
)


@documents.command("doc")
@click.argument("slug")
@_VERSION
@_LANG
@click.option("--simplified", is_flag=True, help="The simplified declaration (Annex VI).")
@_DOC_FORMAT
@_FINAL
@_OUTPUT
def declaration(
    slug: str,
    version: str | None,
    language: str | None,
    simplified: bool,
    fmt: str,
    final: bool,
    output: Path | None,
) -> None:
    """The EU declaration of conformity of SLUG (Art. 28, Annex V; Annex VI with --simplified)."""
    kind = "simplified-declaration" if simplified else "declaration"
    _document(kind, slug, version, language, fmt, final, output)


@documents.command("userinfo")
@click.argument("slug")
@_VERSION
@_LANG
@_DOC_FORMAT
@_FINAL
@_OUTPUT
def userinfo(
    slug: str, version: str | None, language: str | None, fmt: str, final: bool, output: Path | None
) -> None:
    """The information and instructions to the user of SLUG (Art. 13(18), Annex II)."""
    _document("user-information", slug, version, language, fmt, final, output)


@documents.command("techfile")
@click.argument("slug")
@_VERSION
@click.option(
    "--sign", is_flag=True, help="Sign the manifest with REMPART_SIGNING_KEY/_CERT or --key/--cert."
)
@click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM private key for --sign.",
)
@click.option(
    "--cert",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM certificate (chain) for --sign.",
)
@_FINAL
@_OUTPUT
def techfile(
    slug: str,
    version: str | None,
    sign: bool,
    key: Path | None,
    cert: Path | None,
    final: bool,
    output: Path | None,
) -> None:
    """The technical documentation of SLUG as one ZIP with a manifest (Art. 31, Annex VII)."""
    setup_django()
    from rempart.core.errors import InvalidInput
    from rempart.services.documents import technical_file

    ctx = operator_context()
    signer = None
    if key or cert:
        if not (key and cert and sign):
            raise InvalidInput.single("--key/--cert", "give both, together with --sign")
        signer = technical_file.signer_from_files(key, cert)
    elif sign:
        signer = technical_file.configured_signer(ctx)
    from rempart.cli.progress import progress

    with progress(f"Building the technical file of {slug}"):
        data, name = technical_file.export_bundle(ctx, slug, version, signer=signer, final=final)
    _write(data, name, output)
    check = technical_file.verify_bundle(data)
    if not check.manifest.get("complete"):
        click.echo(
            f"DRAFT: the technical documentation is incomplete "
            f"(`rempart doc status {slug}` lists what is missing)",
            err=True,
        )


@documents.command("status")
@click.argument("slug")
@_VERSION
@FORMAT_OPTION
def status(slug: str, version: str | None, fmt: str) -> None:
    """What each document of SLUG still misses (exit 1 while anything is missing)."""
    setup_django()
    from rempart.services.documents import generation

    rows = generation.overview(operator_context(), slug, version)

    def table(data: list[dict[str, Any]]) -> None:
        print_table(
            f"Documents of {slug}",
            ["Document", "Language", "Status", "Missing"],
            [
                [
                    r["title"],
                    r["language"],
                    "complete" if r["final"] else "draft",
                    "\n".join(f"{p['message']} [{p['citation']}]" for p in r["missing"]) or "—",
                ]
                for r in data
            ],
        )

    emit(rows, fmt, table)
    if any(not r["final"] for r in rows):
        raise click.exceptions.Exit(1)


@documents.command("set")
@click.argument("slug")
@click.argument("field")
@click.argument("value")
@click.option("--lang", "language", help="The language of a translatable field's text.")
def set_value(slug: str, field: str, value: str, language: str | None) -> None:
    """Enter one documentation FIELD of SLUG ('' clears it); see `rempart doc fields`."""
    setup_django()
    from rempart.services.documents import records

    ctx = operator_context()
    record = records.get_record(ctx, slug)
    spec = records.field_spec(field)
    parsed: object = value
    if spec.translatable:
        parsed = {language or record.languages[0]: value}
    elif spec.kind.value == "flag":
        parsed = value.lower() in ("1", "true", "yes", "on")
    records.save_record(ctx, slug, record.languages, {field: parsed or None})
    say(f"{slug}: {field} saved")


@documents.command("load")
@click.argument("slug")
@click.argument("source", type=click.File("rb"))
def load(slug: str, source: Any) -> None:
    """Enter every field from a JSON file: {"languages": [...], "values": {...}}."""
    setup_django()
    from rempart.core.errors import InvalidInput
    from rempart.services.documents import records

    try:
        document = json.loads(source.read(1_000_001))
        languages, values = document["languages"], document["values"]
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidInput.single(
            "source", f"expected {{'languages', 'values'}}: {error}"
        ) from error
    records.save_record(operator_context(), slug, languages, values, replace=True)
    say(f"{slug}: documentation fields loaded")


@documents.command("fields")
def fields() -> None:
    """The fields you can enter, with the catalog items they serve."""
    setup_django()
    from rempart.services.documents import records

    print_table(
        "Documentation fields",
        ["Field", "Kind", "Per language", "Serves"],
        [
            [f.name, f.kind.value, "yes" if f.translatable else "", ", ".join(f.items)]
            for f in records.FIELDS
        ],
    )


@documents.command("public")
@click.argument("slug")
@click.argument("state", type=click.Choice(["on", "off"]))
def public(slug: str, state: str) -> None:
    """Switch the public product page of SLUG on or off (off by default)."""
    setup_django()
    from rempart.services.documents import records

    records.set_public_page(operator_context(), slug, state == "on")
    say(f"{slug}: public page {state}")


@documents.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(bundle: Path) -> None:
    """Recompute every hash of a technical documentation ZIP against its manifest."""
    from rempart.services.documents import technical_file

    check = technical_file.verify_bundle(bundle.read_bytes())
    for problem in check.problems:
        click.echo(f"{problem.field}: {problem.message}", err=True)
    count = len(check.manifest.get("files", []))
    if not check.ok:
        raise click.exceptions.Exit(1)
    signed = " (manifest signed: verify with openssl cms -verify)" if check.signed else ""
    say(f"{bundle}: {count} files match the manifest{signed}")


COMMANDS = [documents]
