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
| 6 | not permitted (or too many attempts) |
| 7 | a network exchange failed |
| 70 | internal error (a bug; please report it): the traceback goes to a log file, not the terminal |

Codes 2 and 4–70 of refused requests come from the one error table,
``rempart.core.error_kinds``, which the API and the web pages use too.
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path

import click

from rempart import __version__
from rempart.cli.bootstrap import data_dir_option, workspace_problem
from rempart.core.error_kinds import UNEXPECTED, rule_for
from rempart.core.errors import RempartError


def exit_code_of(error: RempartError) -> int:
    return rule_for(error).exit_code


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
        case_links,
        cra,
        csaf_vex,
        disclosure,
        documents,
        findings,
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

    modules = (
        workspace,
        products,
        sbom,
        scan,
        advisories,
        findings,
        cra,
        assessment,
        risk,
        reporting,
    )
    for module in (
        *modules,
        csaf_vex,
        availability,
        disclosure,
        documents,
        report_cases,
        case_links,
        notify,
        audit,
        tokens,
        worker,
    ):
        for command in module.COMMANDS:
            _summarise(command)
            cli.add_command(command)


# Abbreviations that end in a full stop without ending the sentence ("Art. 14", "e.g. SPDX").
_ABBREVIATIONS = frozenset({"art.", "no.", "e.g.", "i.e.", "reg.", "cf.", "para.", "vs."})


def first_sentence(text: str) -> str:
    """The first sentence of a docstring's first paragraph, for ``rempart --help``.

    Click's own summary stops at the first full stop before a word that is not lower case, so
    "Art. 14 reporting cases" became "Art."; legal references are the norm here.
    """
    words = inspect.cleandoc(text).partition("\n\n")[0].split()
    for index, word in enumerate(words):
        if not word.endswith(".") or word.lower().lstrip("([") in _ABBREVIATIONS:
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        if not following or not (following[0].islower() or following[0].isdigit()):
            return " ".join(words[: index + 1])
    return " ".join(words)


def _summarise(command: click.Command) -> None:
    """Give every command (and sub-command) its first sentence as the listed summary."""
    if command.help and not command.short_help:
        command.short_help = first_sentence(command.help)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _summarise(sub)


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
    except Exception as error:  # a bug: a short message here, the traceback in the log
        workspace = workspace_problem(error)
        if workspace is not None:  # not a bug: no workspace yet, or no database to reach
            click.echo(f"error: {workspace.diagnostics()}", err=True)
            return exit_code_of(workspace)
        log_path = _log_unexpected(error)
        click.echo(
            f"error: internal error ({type(error).__name__}); this is a bug in Rempart. "
            f"The details are in {log_path}; please include them when you report it.",
            err=True,
        )
        return UNEXPECTED.exit_code
    return result if isinstance(result, int) else 0


def _log_unexpected(error: Exception) -> Path:
    """Append the traceback to ``<data dir>/logs/cli.log`` (else a temporary file)."""
    from rempart.config import default_data_dir

    text = "".join(traceback.format_exception(error))
    configured = Path(os.environ.get("REMPART_DATA_DIR") or default_data_dir())
    for folder in (configured / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = (
                folder / "rempart-cli.log" if folder != configured / "logs" else folder / "cli.log"
            )
            with path.open("a", encoding="utf-8") as handle:
                # only the command's name: its arguments may hold secrets
                command = " ".join(sys.argv[1:2])
                handle.write(f"--- rempart {__version__} {command}\n{text}\n")
            return path
        except OSError:
            continue
    logging.getLogger("rempart.cli").error("unexpected error", exc_info=error)
    return Path("(no writable log file; see standard error)")


def main() -> None:
    """Console entry point."""
    sys.exit(run())
