"""``rempart security-txt``, ``rempart cvd-policy`` and ``rempart report`` (cli layer).

security.txt (RFC 9116) and the CVD policy serve Annex I Part II points (5) and (6)
(``AI-P2-5``, ``AI-P2-6``); ``report`` is the team's queue of received vulnerability reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import operator_context
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        say(f"Wrote {output}")


@click.group("security-txt")
def security_txt() -> None:
    """The RFC 9116 security.txt (AI-P2-6, ART13-17)."""


@security_txt.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def export_security_txt(output: Path | None) -> None:
    """Print or write security.txt; exit 2 naming the fields when Contact or Expires is missing."""
    ctx = operator_context()  # configures Django before the services are imported
    from rempart.services.advisories import directory
    from rempart.services.disclosure import settings as disclosure

    _write(disclosure.security_txt(ctx, [directory.provider_metadata_url(ctx) or ""]), output)


@click.group("cvd-policy")
def cvd_policy() -> None:
    """The coordinated vulnerability disclosure policy (AI-P2-5)."""


@cvd_policy.command("export")
@click.option(
    "--format",
    "kind",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def export_policy(kind: str, output: Path | None) -> None:
    """Print or write the policy as Markdown or standalone HTML, with the IDs it serves."""
    ctx = operator_context()
    from rempart.core.disclosure import policy
    from rempart.services.disclosure import settings as disclosure

    document = disclosure.cvd_policy(ctx)
    _write(policy.to_markdown(document) if kind == "markdown" else policy.to_html(document), output)


@click.group("report")
def report() -> None:
    """Vulnerability reports received through the public intake (AI-P2-6)."""


def _row(view: Any, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": view.reference,
        "product": view.product_slug,
        "summary": view.summary,
        "status": view.status,
        "channel": view.channel,
        "received_at": view.received_at,
        "acknowledged_at": view.acknowledged_at,
        "decided_at": view.decided_at,
        "decision": view.decision,
    }
    if full:
        data.update(
            details=view.details,
            affected_versions=view.affected_versions,
            reporter_contact=view.reporter_contact,
            wants_credit=view.wants_credit,
            notes=[{"author": n.author, "text": n.text, "at": n.created_at} for n in view.notes],
            findings=[
                {"id": f.id, "vulnerability_id": f.vulnerability_id, "release": f.release_version}
                for f in view.findings
            ],
        )
    return data


@report.command("list")
@click.option("--status", help="Only reports in this status (new, acknowledged, triaged, ...).")
@click.option("--product", help="Only reports about this product (slug).")
@FORMAT_OPTION
def list_reports(status: str | None, product: str | None, fmt: str) -> None:
    """The queue, newest first."""
    ctx = operator_context()
    from rempart.services.disclosure import vulnerability_reports

    rows = [_row(r) for r in vulnerability_reports.list_reports(ctx, status, product)]
    emit(
        rows,
        fmt,
        lambda data: print_table(
            "Vulnerability reports (AI-P2-6)",
            ["Reference", "Received (UTC)", "Product", "Status", "Summary"],
            [
                [
                    r["reference"],
                    f"{r['received_at']:%Y-%m-%d %H:%M}",
                    r["product"],
                    r["status"],
                    r["summary"],
                ]
                for r in data
            ],
        ),
    )


def _show(data: dict[str, Any]) -> None:
    say(f"[bold]{data['reference']}[/bold] · {data['product']} · {data['status']}")
    say(data["summary"])
    click.echo(data["details"])
    if data["decision"]:
        say(f"Decision: {data['decision']}")
    for note in data["notes"]:
        say(f"[dim]{note['at']:%Y-%m-%d %H:%M} {note['author']}[/dim] {note['text']}")


@report.command("show")
@click.argument("reference")
@FORMAT_OPTION
def show(reference: str, fmt: str) -> None:
    """One report with its notes and linked findings."""
    ctx = operator_context()
    from rempart.services.disclosure import vulnerability_reports

    emit(_row(vulnerability_reports.get_report(ctx, reference), True), fmt, _show)


@report.command("ack")
@click.argument("reference")
@FORMAT_OPTION
def ack(reference: str, fmt: str) -> None:
    """Acknowledge a new report (sets acknowledged_at)."""
    ctx = operator_context()
    from rempart.services.disclosure import vulnerability_reports

    done = vulnerability_reports.acknowledge(ctx, reference)
    emit(_row(done), fmt, lambda d: say(f"{d['reference']} acknowledged."))


@report.command("triage")
@click.argument("reference")
@click.option(
    "--status", "target", required=True, help="triaged, accepted, duplicate, rejected or fixed."
)
@click.option("--decision", default="", help="Shown to the reporter; needed to accept or close.")
@click.option("--note", default="", help="An internal note to add as well.")
@FORMAT_OPTION
def triage(reference: str, target: str, decision: str, note: str, fmt: str) -> None:
    """Move a report; illegal transitions exit 5 and name the allowed ones."""
    ctx = operator_context()
    from rempart.services.disclosure import vulnerability_reports

    if note:
        vulnerability_reports.add_note(ctx, reference, note)
    done = vulnerability_reports.change_status(ctx, reference, target, decision)
    emit(_row(done), fmt, lambda d: say(f"{d['reference']} is now {d['status']}."))


COMMANDS = [security_txt, cvd_policy, report]
