"""``rempart finding``: the findings workbench on the command line (cli layer).

``list`` filters, sorts and pages like the web workbench; ``show`` prints one finding with its
sources, decision and history; ``triage`` records a decision on one or many findings;
``assign`` and ``comment`` complete the triage; ``apply`` copies a decision to the same
vulnerability elsewhere after showing the preview (``--yes`` to apply without asking).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from rempart.cli.bootstrap import operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.core.errors import InvalidInput


@click.group("finding")
def finding() -> None:
    """Findings: list, show and triage them (VEX states, justifications, responses)."""


def _row(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "product": row.product_slug,
        "release": row.release_version,
        "vulnerability_id": row.vulnerability_id,
        "aliases": list(row.aliases),
        "summary": row.summary,
        "severity": row.severity,
        "score": row.score,
        "severity_source": row.severity_source,
        "known_exploited": row.known_exploited,
        "exploitation": row.exploitation,
        "epss": row.epss,
        "component": {"name": row.component_name, "version": row.component_version,
                      "purl": row.component_purl},
        "fixed_versions": list(row.fixed_versions),
        "status": row.status,
        "state": row.state,
        "justification": row.justification or None,
        "decision_origin": row.decision_origin or None,
        "assignee": row.assignee or None,
        "first_seen": row.first_seen,
        "due_at": row.due_at,
    }  # fmt: skip


@finding.command("list")
@click.option("--product", help="Product slug (default: every product).")
@click.option("--release", help="Release version (needs --product).")
@click.option(
    "--severity",
    "severities",
    multiple=True,
    type=click.Choice(["critical", "unknown", "high", "medium", "low", "none"]),
)
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(["in_triage", "affected", "not_affected", "fixed", "false_positive"]),
)
@click.option("--exploited", is_flag=True, help="Only KEV-listed or SSVC 'Exploitation: active'.")
@click.option("--kev", is_flag=True, help="Only KEV-listed.")
@click.option("--epss-min", type=float)
@click.option(
    "--fix/--no-fix", "fix_available", default=None, help="A fixed version is known / not."
)
@click.option("--component", default="")
@click.option("--vulnerability", default="")
@click.option("--min-age", type=int, help="First seen at least this many days ago.")
@click.option("--overdue", is_flag=True)
@click.option("--assignee", default="", help="A username, or '-' for unassigned.")
@click.option("--include-resolved", is_flag=True)
@click.option(
    "--sort",
    default="priority",
    type=click.Choice(
        ["priority", "severity", "epss", "age", "due", "component", "vulnerability", "state"]
    ),
)
@click.option("--page", default=1, type=int)
@click.option("--per-page", default=50, type=click.IntRange(1, 500))
@FORMAT_OPTION
def list_findings(product: str | None, release: str | None, severities: tuple[str, ...],
                  states: tuple[str, ...], exploited: bool, kev: bool, epss_min: float | None,
                  fix_available: bool | None, component: str, vulnerability: str,
                  min_age: int | None, overdue: bool, assignee: str, include_resolved: bool,
                  sort: str, page: int, per_page: int, fmt: str) -> None:  # fmt: skip
    """Findings, the most urgent first (exploited, then severity with unknown among the worst)."""
    setup_django()
    from rempart.services.vulnerabilities import workbench

    if release and not product:
        raise InvalidInput.single("--release", "give --product with --release")
    query = workbench.FindingQuery(
        product_slug=product, release_version=release, severities=severities, states=states,
        exploited=exploited, kev=kev, epss_min=epss_min, fix_available=fix_available,
        component=component, vulnerability=vulnerability, min_age_days=min_age, overdue=overdue,
        assignee=assignee, include_resolved=include_resolved, sort=sort, page=page,
        per_page=per_page,
    )  # fmt: skip
    found = workbench.find(operator_context(), query)
    data = {
        "total": found.total, "page": found.page, "pages": found.pages,
        "per_page": found.per_page, "counts": found.counts,
        "items": [_row(r) for r in found.rows],
    }  # fmt: skip

    def table(d: dict[str, Any]) -> None:
        print_table(
            f"Findings: {d['total']} (page {d['page']} of {d['pages']})",
            ["Id", "Vulnerability", "Severity", "Exploited", "Component", "Release", "Triage", "Due"],
            [
                [r["id"], r["vulnerability_id"], r["severity"],
                 "KEV" if r["known_exploited"] else ("SSVC active" if r["exploitation"] == "active" else ""),
                 f"{r['component']['name']} {r['component']['version']}",
                 f"{r['product']} {r['release']}", r["state"],
                 r["due_at"].date().isoformat() if r["due_at"] else ""]
                for r in d["items"]
            ],
        )  # fmt: skip

    emit(data, fmt, table)


@finding.command("show")
@click.argument("finding_id", type=int)
@FORMAT_OPTION
def show(finding_id: int, fmt: str) -> None:
    """One finding: where each value came from, the decision, paths and history."""
    setup_django()
    from rempart.services.vulnerabilities import workbench

    detail = workbench.finding_detail(operator_context(), finding_id)
    decision = detail.decision
    data = {
        **_row(detail.row),
        "decision": {**decision.decision.as_dict(), "origin": decision.origin,
                     "origin_detail": decision.origin_detail, "decided_by": decision.decided_by,
                     "decided_at": decision.decided_at} if decision else None,
        "ratings": list(detail.enrichment.candidates) if detail.enrichment else [],
        "paths": [{"sbom": p.sbom_label, "steps": list(p.steps)} for p in detail.paths],
        "comments": [{"author": c.author, "at": c.at, "text": c.text} for c in detail.comments],
        "history": [{"at": e.at, "actor": e.actor, "kind": e.kind, "data": e.data}
                    for e in detail.history],
        "remediation_policy": detail.policy_rule,
    }  # fmt: skip

    def text(d: dict[str, Any]) -> None:
        say(f"[bold]{d['vulnerability_id']}[/bold] in {d['component']['name']} "
            f"{d['component']['version']} ({d['product']} {d['release']})")  # fmt: skip
        say(f"Severity {d['severity']} — {d['severity_source'] or 'no source rates it'}")
        say(
            f"Triage: {d['state']}"
            + (
                f" ({d['decision']['origin_detail']})"
                if d["decision"] and d["decision"]["origin_detail"]
                else ""
            )
        )
        for path in d["paths"]:
            say(f"Path ({path['sbom']}): " + " → ".join(path["steps"]))

    emit(data, fmt, text)


@finding.command("triage")
@click.argument("finding_ids", type=int, nargs=-1, required=True)
@click.option(
    "--state",
    required=True,
    type=click.Choice(["in_triage", "affected", "not_affected", "fixed", "false_positive"]),
)
@click.option("--justification", help="For not_affected, e.g. vulnerable_code_not_in_execute_path.")
@click.option("--impact", "impact_statement", default="")
@click.option(
    "--response",
    "responses",
    multiple=True,
    type=click.Choice(
        ["update", "workaround_available", "will_not_fix", "can_not_fix", "rollback"]
    ),
)
@click.option("--action", "action_statement", default="")
@FORMAT_OPTION
def triage_findings(finding_ids: tuple[int, ...], state: str, justification: str | None,
                    impact_statement: str, responses: tuple[str, ...], action_statement: str,
                    fmt: str) -> None:  # fmt: skip
    """Record a triage decision on one or many findings (audited, with history)."""
    setup_django()
    from rempart.services.vulnerabilities import triage

    made = triage.decide(operator_context(), finding_ids, state, justification,
                         impact_statement, responses, action_statement)  # fmt: skip
    data = {"findings": list(finding_ids), **made.as_dict()}
    emit(data, fmt, lambda d: say(f"{len(d['findings'])} finding(s) now {d['state']}"))


@finding.command("assign")
@click.argument("finding_ids", type=int, nargs=-1, required=True)
@click.option("--to", "assignee", help="Username; leave out to unassign.")
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), help="Due date set by hand.")
@FORMAT_OPTION
def assign(finding_ids: tuple[int, ...], assignee: str | None, due: Any, fmt: str) -> None:
    """Assign findings and optionally set a due date by hand (else the policy's)."""
    setup_django()
    from rempart.services.vulnerabilities import triage

    due_date: date | None = due.date() if due else None
    count = triage.assign(operator_context(), finding_ids, assignee, due_date)
    emit({"assigned": count, "assignee": assignee}, fmt, lambda d: say(f"{d['assigned']} assigned"))


@finding.command("comment")
@click.argument("finding_id", type=int)
@click.argument("text")
def comment(finding_id: int, text: str) -> None:
    """Add a comment to a finding."""
    setup_django()
    from rempart.services.vulnerabilities import triage

    triage.comment(operator_context(), finding_id, text)
    say("comment added")


@finding.command("apply")
@click.argument("finding_id", type=int)
@click.option("--same-package", is_flag=True, help="Only findings of the same package.")
@click.option("--yes", is_flag=True, help="Apply to every finding in the preview without asking.")
@FORMAT_OPTION
def apply(finding_id: int, same_package: bool, yes: bool, fmt: str) -> None:
    """Apply a finding's decision to the same vulnerability in other releases and products."""
    setup_django()
    from rempart.services.vulnerabilities import triage

    ctx = operator_context()
    changes = triage.preview_apply(ctx, finding_id, same_package)
    preview = [{"finding_id": c.finding_id, "label": c.label, "before": c.before, "after": c.after}
               for c in changes]  # fmt: skip
    if not yes:
        emit({"preview": preview, "applied": 0}, fmt, lambda d: print_table(
            "Would change (run again with --yes to apply)", ["Id", "Finding", "Now", "After"],
            [[p["finding_id"], p["label"], p["before"], p["after"]] for p in d["preview"]],
        ))  # fmt: skip
        return
    count = (
        triage.apply_decision(ctx, finding_id, [c.finding_id for c in changes], same_package)
        if changes
        else 0
    )
    emit(
        {"preview": preview, "applied": count},
        fmt,
        lambda d: say(f"applied to {d['applied']} finding(s)"),
    )


COMMANDS = [finding]
