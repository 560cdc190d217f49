"""``rempart case links`` and ``rempart case history``: what a case covers, and its changes (cli layer).

The same change as the case page's "Links" form and ``PUT /api/v1/cases/{ref}/links``:
the selection given replaces the case's, recorded in its history and the audit trail.
"""

from __future__ import annotations

from typing import Any

import click

from rempart.cli.bootstrap import local, operator_context, operator_zone
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.cli.reporting import ZONE_OPTION, case
from rempart.core.errors import InvalidInput
from rempart.core.reporting.case import ReleaseRef

# Attached to ``rempart case`` (cli/reporting.py); nothing of its own to register.
COMMANDS: tuple[click.Command, ...] = ()


def _release(value: str) -> ReleaseRef:
    slug, at, version = value.partition("@")
    if not (slug and at and version):
        raise InvalidInput.single("--release", f"{value!r}: expected PRODUCT@VERSION")
    return ReleaseRef(slug, version)


@case.command("links")
@click.argument("reference")
@click.option("--product", "products", multiple=True, required=True, help="Product slug (repeat).")
@click.option("--release", "releases", multiple=True, help="PRODUCT@VERSION (repeat).")
@click.option("--finding", "findings", multiple=True, type=int, help="Finding id (repeat).")
@click.option("--report", "reports", multiple=True, help="Vulnerability report reference.")
@click.option("--note", default="", help="Why the links change (kept in the case history).")
@FORMAT_OPTION
def links(
    reference: str,
    products: tuple[str, ...],
    releases: tuple[str, ...],
    findings: tuple[int, ...],
    reports: tuple[str, ...],
    note: str,
    fmt: str,
) -> None:
    """Set what a case covers (products, releases, findings, reports); replaces the current set."""
    from rempart.services.reporting import case_links
    from rempart.services.reporting import cases as reporting
    from rempart.services.reporting.views import case_dict

    ctx = operator_context()
    selection = case_links.CaseSelection(
        products, tuple(_release(r) for r in releases), findings, reports
    )
    changed = case_links.change_links(ctx, reference, selection, note)
    data = case_dict(ctx, reporting.get_case(ctx, changed.reference))

    def table(row: dict[str, Any]) -> None:
        say(f"[bold]{row['reference']}[/bold] now covers:")
        say("Products: " + ", ".join(p["slug"] for p in row["products"]))
        say(
            "Releases: "
            + (", ".join(f"{r['product']}@{r['version']}" for r in row["releases"]) or "none")
        )
        say("Findings: " + (", ".join(f"#{f}" for f in row["findings"]) or "none"))

    emit(data, fmt, table)


@case.command("history")
@click.argument("reference")
@ZONE_OPTION
@FORMAT_OPTION
def history(reference: str, time_zone: str | None, fmt: str) -> None:
    """What changed on a case, by whom and when (links, notes), oldest first."""
    from rempart.services.reporting import case_links

    data = case_links.history_records(operator_context(), reference)
    zone = operator_zone(time_zone)

    def table(rows: list[dict[str, Any]]) -> None:
        print_table(
            f"History of {reference}",
            ["When", "Who", "What", "Note"],
            [[local(r["at"], zone), r["actor"], r["summary"], r["note"]] for r in rows],
        )

    emit(data, fmt, table)
