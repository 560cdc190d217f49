"""``rempart assessment``: the Annex I assessment from the terminal (cli layer).

``show`` lists every requirement (or one, with its history), ``set`` records applicability,
status, how it is met, owner and review, ``evidence`` adds a file, URL or record reference,
``gap`` prints or exports the gap report (JSON schema in docs/assessment.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import local, operator_context, operator_zone, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say, to_json


@click.group()
def assessment() -> None:
    """The Annex I assessment of a product (Art. 13(1)–(4), Annex I Parts I and II)."""


def _row_cells(row: dict[str, Any]) -> list[object]:
    states = ", ".join(f"{a['key']}={a['state']}" for a in row["automatic"])
    return [
        row["id"],
        row["ref"],
        "not applicable" if not row["applicable"] else row["status"],
        row["owner"] or "—",
        len(row["evidence"]),
        states or "—",
    ]


@assessment.command("show")
@click.argument("slug")
@click.argument("requirement_id", required=False)
@FORMAT_OPTION
def show(slug: str, requirement_id: str | None, fmt: str) -> None:
    """Show the assessment of SLUG, or of one requirement (e.g. AI-P2-1) with its history."""
    setup_django()
    from rempart.services.assessment import annex_i as assessments
    from rempart.services.assessment import gap_report

    ctx = operator_context()
    report = gap_report.gap_report(ctx, slug)
    if requirement_id is None:

        def table(data: dict[str, Any]) -> None:
            figure = data["readiness"]
            print_table(
                f"Annex I assessment of {data['product']['name']}",
                ["ID", "Reference", "Status", "Owner", "Evidence", "Automatic evidence"],
                [_row_cells(r) for r in data["requirements"]],
            )
            say(f"Readiness {figure['percent']} %: {figure['explanation']} ({figure['rule']})")
            for deadline in data["deadlines"]:
                say(f"{deadline['date']}: {deadline['what']} [{deadline['id']}]")

        emit(report, fmt, table)
        return
    assessments.get_requirement(ctx, slug, requirement_id)  # not found: exit 4
    row = next(r for r in report["requirements"] if r["id"] == requirement_id)
    row["history"] = [
        {"at": h.at, "actor": h.actor, "summary": h.summary, "changes": h.changes}
        for h in assessments.history(ctx, slug, requirement_id)
    ]

    def one(data: dict[str, Any]) -> None:
        print_table(
            f"{data['id']} — {data['ref']}",
            ["ID", "Reference", "Status", "Owner", "Evidence", "Automatic evidence"],
            [_row_cells(data)],
        )
        say(data["summary"])
        if not data["applicable"]:
            say(f"Justification [ART13-4]: {data['justification']}")
        for item in data["automatic"]:
            say(f"[{item['state']}] {item['title']}: {item['detail']}")
        for change in data["history"]:
            say(f"{local(change['at'], operator_zone())} {change['actor']}: {change['summary']}")

    emit(row, fmt, one)


@assessment.command("set")
@click.argument("slug")
@click.argument("requirement_id")
@click.option("--status", type=click.Choice(["not-started", "in-progress", "met", "not-met"]))
@click.option("--applicable/--not-applicable", default=None, help="Part I (2) only [ART13-3].")
@click.option("--justification", help="Required when not applicable [ART13-4].")
@click.option("--how-met", help="How the requirement is met.")
@click.option("--link", "links", multiple=True, help="http(s) URL; repeat for several.")
@click.option("--owner", help="User name of the owner.")
@click.option("--reviewer", help="User name of the reviewer (with --reviewed-on).")
@click.option("--reviewed-on", type=click.DateTime(["%Y-%m-%d"]), help="Review date.")
@FORMAT_OPTION
def set_(
    slug: str,
    requirement_id: str,
    status: str | None,
    applicable: bool | None,
    justification: str | None,
    how_met: str | None,
    links: tuple[str, ...],
    owner: str | None,
    reviewer: str | None,
    reviewed_on: Any,
    fmt: str,
) -> None:
    """Record what was assessed for one requirement; options not given stay unchanged."""
    setup_django()
    from rempart.services.assessment import annex_i as assessments

    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("status", status),
            ("applicable", applicable),
            ("justification", justification),
            ("how_met", how_met),
            ("owner", owner),
            ("reviewer", reviewer),
        )
        if value is not None
    }
    if links:
        changes["links"] = links
    if reviewed_on is not None:
        changes["reviewed_on"] = date(reviewed_on.year, reviewed_on.month, reviewed_on.day)
    entry = assessments.set_requirement(operator_context(), slug, requirement_id, changes)
    data = {
        "requirement": entry.requirement_id,
        "applicable": entry.applicable,
        "status": entry.status,
        "owner": entry.owner,
        "reviewed_on": entry.reviewed_on,
        "reviewer": entry.reviewer,
    }
    emit(
        data,
        fmt,
        lambda d: say(f"{d['requirement']}: {d['status']} (applicable: {d['applicable']})"),
    )


@assessment.command("evidence")
@click.argument("slug")
@click.argument("requirement_id")
@click.option("--file", "file_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="An http(s) URL.")
@click.option("--record", help="A Rempart record, e.g. sbom:12 or release:router@1.0.")
@click.option("--title", default="", help="What the evidence shows.")
@FORMAT_OPTION
def evidence(
    slug: str,
    requirement_id: str,
    file_path: Path | None,
    url: str | None,
    record: str | None,
    title: str,
    fmt: str,
) -> None:
    """Add one evidence item: --file, --url or --record."""
    setup_django()
    from rempart.core.errors import InvalidInput
    from rempart.services.assessment import evidence as assessment_evidence

    given = [g for g in (file_path, url, record) if g]
    if len(given) != 1:
        raise InvalidInput.single("--file", "give exactly one of --file, --url or --record")
    ctx = operator_context()
    if file_path is not None:
        if not file_path.is_file():
            raise InvalidInput.single("--file", f"{file_path} is not a readable file")
        assessment_evidence.check_upload_size(file_path.stat().st_size)
        view = assessment_evidence.add_file(
            ctx, slug, requirement_id, file_path.read_bytes(), file_path.name, title
        )
    elif url:
        view = assessment_evidence.add_url(ctx, slug, requirement_id, url, title)
    else:
        view = assessment_evidence.add_record(ctx, slug, requirement_id, record or "", title)
    data = {
        "id": view.id,
        "requirement": view.requirement_id,
        "kind": view.kind,
        "title": view.title,
        "file_name": view.file_name or None,
        "sha256": view.sha256 or None,
        "size": view.size,
        "media_type": view.media_type or None,
        "url": view.url or None,
        "record": view.record or None,
    }
    emit(data, fmt, lambda d: say(f"Evidence {d['id']} added to {d['requirement']}: {d['title']}"))


@assessment.command("gap")
@click.argument("slug", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html", "pdf"]),
    default="table",
    show_default=True,
    help="table for people, json (docs/assessment.md), or an html/pdf document.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--fail-under",
    type=click.IntRange(0, 100),
    help="Exit 1 when the readiness of SLUG is below this per cent (for CI).",
)
def gap(slug: str | None, fmt: str, output: Path | None, fail_under: int | None) -> None:
    """The gap report of SLUG (without SLUG: readiness across all products)."""
    setup_django()
    from rempart.core.errors import InvalidInput
    from rempart.services.assessment import gap_report

    ctx = operator_context()
    if slug is None:
        folio = gap_report.portfolio(ctx)
        if fmt in ("html", "pdf"):
            raise InvalidInput.single("--format", "the portfolio is table or json")
        emit(
            folio,
            fmt,
            lambda d: print_table(
                f"Annex I readiness ({d['rule']})",
                ["Product", "Readiness", "How", "Open actions"],
                [
                    [
                        p["slug"],
                        f"{p['readiness']['percent']} %",
                        p["readiness"]["explanation"],
                        p["open_actions"],
                    ]
                    for p in d["products"]
                ],
            ),
        )
        return
    if fmt in ("html", "pdf"):
        data, _, name = gap_report.export(ctx, slug, fmt)
        target = output or Path(name)
        target.write_bytes(data)
        say(f"Wrote {target} ({len(data):,} bytes)")
        return
    report = gap_report.gap_report(ctx, slug)
    below = fail_under is not None and report["readiness"]["percent"] < fail_under
    if output is not None and fmt == "json":
        output.write_text(to_json(report) + "\n", encoding="utf-8")
        if below:
            raise click.exceptions.Exit(1)
        return

    def table(data: dict[str, Any]) -> None:
        figure = data["readiness"]
        say(f"Readiness {figure['percent']} %: {figure['explanation']} ({figure['rule']})")
        say("Gaps: " + (", ".join(data["gaps"]) or "none"))
        for deadline in data["deadlines"]:
            say(f"{deadline['date']}: {deadline['what']} [{deadline['id']}]")
        print_table(
            "Open actions",
            ["Action", "Requirement", "Owner", "Due"],
            [[a["title"], a["requirement"], a["owner"], a["due_on"]] for a in data["open_actions"]],
        )

    emit(report, fmt, table)
    if below:
        raise click.exceptions.Exit(1)


@assessment.command("settings")
@click.option("--evidence-max-bytes", type=int, help="Largest evidence file.")
@click.option("--kev-days", type=int, help="Remediation window for known-exploited findings.")
@click.option("--critical-days", type=int, help="Remediation window for critical findings.")
@FORMAT_OPTION
def settings_(
    evidence_max_bytes: int | None, kev_days: int | None, critical_days: int | None, fmt: str
) -> None:
    """Show or change the evidence size limit and the due-date rule (docs/assessment.md)."""
    setup_django()
    from rempart.services.assessment import evidence as assessment_evidence

    ctx = operator_context()
    current = assessment_evidence.get_settings(ctx)
    if (evidence_max_bytes, kev_days, critical_days) != (None, None, None):
        current = assessment_evidence.update_settings(
            ctx,
            current.evidence_max_bytes if evidence_max_bytes is None else evidence_max_bytes,
            current.kev_remediation_days if kev_days is None else kev_days,
            current.critical_remediation_days if critical_days is None else critical_days,
        )
    data = {
        "evidence_max_bytes": current.evidence_max_bytes,
        "kev_remediation_days": current.kev_remediation_days,
        "critical_remediation_days": current.critical_remediation_days,
    }
    emit(
        data,
        fmt,
        lambda d: print_table("Assessment settings", ["Setting", "Value"], list(d.items())),
    )


COMMANDS = [assessment]
