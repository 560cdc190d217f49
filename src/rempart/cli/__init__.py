"""The ``rempart`` command line (cli layer).

One Click group; each command group lives in its own module. Errors are translated in one
place, :func:`main`, into a message on stderr and an exit code:

| code | meaning |
|---|---|
| 0 | success |
| 1 | the check ran and failed (audit chain broken, quality below threshold, findings) |
| 2 | bad input: unreadable file, invalid value, unknown option |
| 3 | not assessed: data needed for an answer is missing |
| 4 | not found |
| 5 | conflict with the stored state |
| 6 | not permitted |
| 70 | internal error (a bug; please report it) |
"""

from __future__ import annotations

import sys

import click

from rempart import __version__
from rempart.cli.bootstrap import data_dir_option
from rempart.core.errors import (
    CatalogError,
    Conflict,
    FormatError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RempartError,
)

EXIT_CODES: list[tuple[type[RempartError], int]] = [
    (InvalidInput, 2),
    (FormatError, 2),
    (NotFound, 4),
    (Conflict, 5),
    (PermissionDenied, 6),
    (CatalogError, 70),
]


def exit_code_of(error: RempartError) -> int:
    return next((code for kind, code in EXIT_CODES if isinstance(error, kind)), 2)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="rempart")
@data_dir_option
def cli() -> None:
    """Rempart: carry your products through the EU Cyber Resilience Act.

    Register products with their scope, class, conformity route and support period; keep
    the CRA's requirements, categories and dates at hand with their citations.

    The workspace lives in REMPART_DATA_DIR (or --data-dir); the database is SQLite there
    unless REMPART_DATABASE_URL points at PostgreSQL. Commands that list or report accept
    --format json (documented in docs/cli-json.md).
    """


def _register() -> None:
    from rempart.cli import (
        advisories,
        assessment,
        audit,
        availability,
        cra,
        disclosure,
        notify,
        products,
        report_cases,
        reporting,
        risk,
        sbom,
        scan,
        tokens,
        worker,
        workspace,
    )

    modules = (workspace, products, sbom, scan, advisories, cra, assessment, risk, reporting)
    for module in (*modules, availability, disclosure, report_cases, notify, audit, tokens, worker):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def run(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv``; return the exit code (errors already reported on stderr)."""
    try:
        # Not standalone: Click returns the code of ``Exit`` (e.g. --help, a failed check).
        result = cli.main(args=argv, prog_name="rempart", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return 2 if isinstance(error, click.UsageError) else error.exit_code
    except RempartError as error:
        click.echo(f"error: {error.diagnostics()}", err=True)
        return exit_code_of(error)
    return result if isinstance(result, int) else 0


def main() -> None:
    """Console entry point."""
    sys.exit(run())
