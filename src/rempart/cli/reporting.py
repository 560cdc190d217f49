"""``rempart case``: Art. 14 reporting cases, their clocks and reports (cli layer)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import local, operator_context, operator_zone, read_time, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.core.errors import InvalidInput
from rempart.core.reporting.case import CaseDraft, ReleaseRef

TIME_HELP = (
    "Date and time; without an offset it is read in the organization's time zone "
    "(e.g. 2026-11-23 10:00), with one as given (2026-11-23T10:00+01:00)."
)
ZONE_OPTION = click.option(
    "--time-zone",
    default=None,
    help="IANA zone for the times shown (default: the organization's zone).",
)


def _time(value: str, option: str) -> datetime:
    return read_time(value, option, operator_zone())


def _local(value: str | None, zone: str) -> str:
    return local(value, zone)


def _show(ctx: Any, reference: str) -> dict[str, Any]:
    from rempart.services.reporting import cases as reporting
    from rempart.services.reporting.views import case_dict

    return case_dict(ctx, reporting.get_case(ctx, reference))


@click.group("case")
def case() -> None:
    """Art. 14 cases: actively exploited vulnerabilities and severe incidents, with their clocks."""


@case.command("list")
@click.option("--all", "everything", is_flag=True, help="Include dismissed and closed cases.")
@click.option("--product", help="Only cases of this product (slug).")
@ZONE_OPTION
@FORMAT_OPTION
def list_cases(everything: bool, product: str | None, time_zone: str | None, fmt: str) -> None:
    """Open cases, the most urgent (overdue) first."""
    ctx = operator_context()
    zone = operator_zone(time_zone)
    from rempart.services.reporting import cases as reporting
    from rempart.services.reporting.views import case_dict

    rows = [case_dict(ctx, s) for s in reporting.list_cases(ctx, everything, product)]

    def table(data: list[dict[str, Any]]) -> None:
        cells = []
        for row in data:
            nxt = row["next_due"]
            stage = next((s for s in row["stages"] if nxt and s["key"] == nxt["stage"]), None)
            cells.append([
                row["reference"], row["status"], row["kind"], row["title"],
                f"{stage['label']} [{stage['citations'][0]}]" if stage else "",
                _local(nxt["due_at"], zone) if nxt else "",
                stage["countdown"] if stage else "",
            ])  # fmt: skip
        print_table(
            "Reporting cases (Art. 14)",
            ["Case", "Status", "Kind", "Title", "Next report", "Due", ""],
            cells,
        )

    emit(rows, fmt, table)


@case.command("show")
@click.argument("reference")
@ZONE_OPTION
@FORMAT_OPTION
def show(reference: str, time_zone: str | None, fmt: str) -> None:
    """One case: its stages with due times, citations and state."""
    ctx = operator_context()
    data = _show(ctx, reference)
    zone = operator_zone(time_zone)

    def table(row: dict[str, Any]) -> None:
        say(f"[bold]{row['reference']}[/bold] {row['title']} ({row['status']}, {row['kind']})")
        say(
            f"Aware: {_local(row['aware_at'], zone) or 'not confirmed'} · detected {_local(row['detected_at'], zone)}"
        )
        for note in row["notes"]:
            detail = f" ({note['detail']})" if note["detail"] else ""
            say(f"[yellow]Note:[/yellow] {note['text']}{detail} [{note['citation']}]")
        print_table(
            None,
            ["Report", "Citations", "State", "Due", "Later reading", "Countdown / note"],
            [
                [s["label"], ", ".join(s["citations"]), s["state"], _local(s["due_at"], zone),
                 _local(s["later_due_at"], zone), s["countdown"] or s["waiting_for"] or ""]
                for s in row["stages"]
            ],
        )  # fmt: skip

    emit(data, fmt, table)


@case.command("propose")
@FORMAT_OPTION
def propose(fmt: str) -> None:
    """Propose cases for KEV-listed vulnerabilities in released releases (support ended or not)."""
    ctx = operator_context()
    from rempart.services.reporting import proposals

    outcome = proposals.propose_from_findings(ctx)
    data = {"created": list(outcome.created), "extended": list(outcome.extended)}
    emit(
        data,
        fmt,
        lambda d: say(
            f"proposed: {', '.join(d['created']) or 'none'}; extended: {', '.join(d['extended']) or 'none'}"
        ),
    )


@case.command("open")
@click.option(
    "--finding",
    "finding_id",
    type=int,
    help="Open the case a finding calls for, prefilled from it (the other options are not needed).",
)
@click.option("--kind", type=click.Choice(["vulnerability", "incident"]))
@click.option("--title")
@click.option("--product", "product_slugs", multiple=True, help="Product slug (repeatable).")
@click.option("--release", "releases", multiple=True, help="SLUG@VERSION (repeatable).")
@click.option("--vulnerability", default="", help="e.g. CVE-2026-12345")
@click.option("--summary", default="")
@click.option(
    "--member-state",
    "member_states",
    multiple=True,
    help="Where the product is made available (repeatable).",
)
@click.option(
    "--aware-at",
    help="When the manufacturer became aware: confirms at once. " + TIME_HELP,
)
@click.option("--reason", default="", help="Why awareness predates detection, if it does.")
@FORMAT_OPTION
def open_case(finding_id: int | None, kind: str | None, title: str | None, product_slugs: tuple[str, ...], releases: tuple[str, ...], vulnerability: str,
              summary: str, member_states: tuple[str, ...], aware_at: str | None, reason: str, fmt: str) -> None:  # fmt: skip
    """Open a case by hand (a severe incident, or a vulnerability known to be exploited).

    With --finding ID the case is prefilled from the finding: its vulnerability, product,
    the affected placed-on-market releases and the findings as the detection signal. When
    the product already has a proposed or open case about it, the finding is linked there.
    """
    ctx = operator_context()
    from rempart.services.reporting import cases as reporting

    if finding_id is not None:
        from rempart.services.reporting import finding_cases

        linked_case, is_new = finding_cases.open_case_from_finding(ctx, finding_id)
        verb = "opened" if is_new else "linked to the existing case"
        emit(
            _show(ctx, linked_case.reference),
            fmt,
            lambda d: say(f"{verb} {d['reference']} ({d['status']})"),
        )
        return
    if not kind or not title:
        raise InvalidInput.single("--kind", "give --kind and --title, or --finding ID")

    refs = []
    for item in releases:
        slug, sep, version = item.partition("@")
        if not sep:
            raise InvalidInput.single("--release", f"{item!r} is not SLUG@VERSION")
        refs.append(ReleaseRef(slug, version))
    draft = CaseDraft(
        kind=kind, title=title, products=product_slugs, releases=tuple(refs), vulnerability_id=vulnerability,
        summary=summary, member_states=member_states, aware_at=_time(aware_at, "--aware-at") if aware_at else None,
        aware_reason=reason,
    )  # fmt: skip
    created = reporting.open_case(ctx, draft)
    emit(
        _show(ctx, created.reference),
        fmt,
        lambda d: say(f"opened {d['reference']} ({d['status']})"),
    )


@case.command("confirm")
@click.argument("reference")
@click.option("--aware-at", required=True, help="When the manufacturer became aware. " + TIME_HELP)
@click.option("--reason", default="", help="Required when awareness predates Rempart's detection.")
@FORMAT_OPTION
def confirm(reference: str, aware_at: str, reason: str, fmt: str) -> None:
    """Record when the manufacturer became aware: the Art. 14 clocks start."""
    ctx = operator_context()
    from rempart.services.reporting import cases as reporting

    reporting.confirm_case(ctx, reference, _time(aware_at, "--aware-at"), reason)

    def confirmed(data: dict[str, Any]) -> None:
        say(f"{data['reference']} confirmed; next: {data['next_due']}")
        for note in data["notes"]:
            say(f"[yellow]Note:[/yellow] {note['text']} [{note['citation']}]")

    emit(_show(ctx, reference), fmt, confirmed)


@case.command("dismiss")
@click.argument("reference")
@click.option("--reason", required=True)
@FORMAT_OPTION
def dismiss(reference: str, reason: str, fmt: str) -> None:
    """Dismiss a proposed case, with the reason (kept in the audit trail)."""
    ctx = operator_context()
    from rempart.services.reporting import cases as reporting

    reporting.dismiss_case(ctx, reference, reason)
    emit(_show(ctx, reference), fmt, lambda d: say(f"{d['reference']} dismissed"))


@case.command("measure")
@click.argument("reference")
@click.option(
    "--available-at",
    required=True,
    help="When the corrective or mitigating measure became available. " + TIME_HELP,
)
@click.option("--description", required=True)
@FORMAT_OPTION
def measure(reference: str, available_at: str, description: str, fmt: str) -> None:
    """Record a corrective or mitigating measure (starts the AEV final report clock, Art. 14(2)(c))."""
    ctx = operator_context()
    from rempart.services.reporting import cases as reporting

    reporting.record_measure(ctx, reference, _time(available_at, "--available-at"), description)
    emit(_show(ctx, reference), fmt, lambda d: say(f"{d['reference']}: measure recorded"))


@case.command("request")
@click.argument("reference")
@click.option("--requested-at", required=True, help="When the CSIRT asked. " + TIME_HELP)
@click.option("--due-at", help="The time the CSIRT asked for, if any. " + TIME_HELP)
@click.option("--note", default="")
@FORMAT_OPTION
def request(reference: str, requested_at: str, due_at: str | None, note: str, fmt: str) -> None:
    """Record a CSIRT's request for an intermediate report (Art. 14(6))."""
    ctx = operator_context()
    from rempart.services.reporting import cases as reporting

    number = reporting.request_intermediate(
        ctx,
        reference,
        _time(requested_at, "--requested-at"),
        _time(due_at, "--due-at") if due_at else None,
        note,
    )
    emit(
        {"reference": reference, "stage": f"intermediate-report-{number}"},
        fmt,
        lambda d: say(f"{d['stage']} requested"),
    )


@case.command("submit")
@click.argument("reference")
@click.argument("stage")
@click.option(
    "--submitted-at",
    required=True,
    help="When it was submitted on the single reporting platform. " + TIME_HELP,
)
@click.option("--platform-reference", default="", help="The reference the platform gave.")
@click.option("--values", "values_file", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON object of field ID -> value; default: the saved draft or the prefilled values.")  # fmt: skip
@click.option(
    "--already-provided-in",
    default="",
    help="An earlier submitted report that already provided this information.",
)
@FORMAT_OPTION
def submit(
    reference: str,
    stage: str,
    submitted_at: str,
    platform_reference: str,
    values_file: Path | None,
    already_provided_in: str,
    fmt: str,
) -> None:
    """Record a report's submission; it is frozen afterwards."""
    ctx = operator_context()
    from rempart.services.reporting import reports as reporting_reports

    if values_file is not None:
        try:
            values = json.loads(values_file.read_text())
        except (OSError, ValueError) as exc:
            raise InvalidInput.single("--values", f"{values_file}: {exc}") from exc
        if not isinstance(values, dict):
            raise InvalidInput.single("--values", "expected a JSON object of field ID -> value")
    else:
        values = reporting_reports.stage_form(ctx, reference, stage).values
    reporting_reports.submit_stage(
        ctx, reference, stage, values, _time(submitted_at, "--submitted-at"), platform_reference,
        already_provided_in,
    )  # fmt: skip
    emit(_show(ctx, reference), fmt, lambda d: say(f"{d['reference']}: {stage} submitted"))


@case.command("export")
@click.argument("reference")
@click.argument("stage")
@click.option(
    "--as", "kind", type=click.Choice(["json", "html", "pdf"]), default="json", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
@ZONE_OPTION
def export(
    reference: str, stage: str, kind: str, output: Path | None, time_zone: str | None
) -> None:
    """Export a report (JSON, printable HTML, PDF); a submitted report exports its snapshot.

    Times are printed in the organization's zone (or --time-zone) with their offset.
    """
    setup_django()
    ctx = operator_context()
    from rempart.services.reporting import reports as reporting_reports

    document = reporting_reports.export_stage(
        ctx, reference, stage, kind, time_zone=operator_zone(time_zone)
    )
    if output is None:
        if kind == "pdf" and sys.stdout.isatty():
            raise InvalidInput.single(
                "--output", "a PDF is not printed to a terminal; give -o FILE"
            )
        sys.stdout.buffer.write(document.content)
        return
    output.write_bytes(document.content)
    say(f"wrote {output} ({len(document.content)} bytes)")


COMMANDS = [case]
