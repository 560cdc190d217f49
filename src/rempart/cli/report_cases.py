"""``rempart report open-case``: a vulnerability report becomes a proposed Art. 14 case."""

from __future__ import annotations

import click

from rempart.cli.bootstrap import operator_context
from rempart.cli.disclosure import report
from rempart.cli.output import FORMAT_OPTION, emit, say


@report.command("open-case")
@click.argument("reference")
@click.option(
    "--kind",
    type=click.Choice(["vulnerability", "incident"]),
    default="vulnerability",
    show_default=True,
    help="An actively exploited vulnerability (Art. 14(1)) or a severe incident (Art. 14(3)).",
)
@FORMAT_OPTION
def open_case(reference: str, kind: str, fmt: str) -> None:
    """Open a proposed reporting case from REFERENCE (confirm awareness with `rempart case confirm`)."""
    from rempart.services.reporting import report_cases

    case = report_cases.open_case_from_report(operator_context(), reference, kind=kind)
    emit(
        {"report": reference, "case": case.reference, "status": case.status},
        fmt,
        lambda d: say(f"{d['case']} proposed from {d['report']}."),
    )


COMMANDS: list[click.Command] = []  # adds a subcommand to ``rempart report``; nothing top-level
