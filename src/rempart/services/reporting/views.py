"""Cases as plain data for the edges: the JSON of the CLI and the API (services layer).

One shape, documented in docs/reporting.md; times are ISO 8601 in UTC, the later period
reading is labelled, and every stage names its citations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rempart.core.clock import iso_or_none
from rempart.core.reporting.clocks import StageClock, describe_remaining
from rempart.core.reporting.data import load_reporting_data
from rempart.core.reporting.documents import release_rows
from rempart.core.reporting.notes import case_notes
from rempart.services.context import ServiceContext
from rempart.services.reporting.cases import CaseState


def _iso(value: datetime | None) -> str | None:
    return iso_or_none(value)  # UTC, to the second


def stage_dict(
    ctx: ServiceContext, clock: StageClock, platform_reference: str = ""
) -> dict[str, Any]:
    now = ctx.clock.now()
    remaining = clock.remaining(now)
    periods = load_reporting_data(ctx.catalog).periods
    return {
        "key": clock.key,
        "label": clock.label,
        "rule": clock.rule_id,
        "citations": list(clock.citations),
        "state": clock.state.value,
        "anchor": clock.anchor,
        "anchor_at": _iso(clock.anchor_at),
        "due_at": _iso(clock.due_at),
        "later_due_at": _iso(clock.later_due_at),
        "later_label": periods.later_label if clock.later_due_at else None,
        "countdown": describe_remaining(remaining)
        if remaining is not None and clock.open
        else None,
        "waiting_for": clock.waiting_for or None,
        "anchor_rule": clock.anchor_rule or None,
        "submitted_at": _iso(clock.submitted_at),
        "platform_reference": platform_reference or None,
    }


def case_dict(ctx: ServiceContext, state: CaseState) -> dict[str, Any]:
    case = state.case
    releases = release_rows(
        case.releases, dict(case.products), case.end_of_support, ctx.clock.now().date()
    )
    ended = [
        f"{r['product_name']} {r['version']} (support ended {r['end_of_support']})"
        for r in releases
        if r["support_ended"]
    ]
    notes = case_notes(
        ctx.catalog, load_reporting_data(ctx.catalog), case.aware_at, state.clocks, ended
    )
    return {
        "reference": case.reference,
        "kind": case.kind,
        "status": case.status,
        "title": case.title,
        "summary": case.summary,
        "vulnerability_id": case.vulnerability_id or None,
        "aliases": list(case.aliases),
        "severity": case.severity or None,
        "fixed_versions": list(case.fixed_versions),
        "known_exploited": case.known_exploited or None,
        "source": case.source,
        "source_ref": case.source_ref or None,
        "detected_at": _iso(case.detected_at),
        "aware_at": _iso(case.aware_at),
        "aware_reason": case.aware_reason or None,
        "confirmed_by": case.confirmed_by or None,
        "dismissed_reason": case.dismissed_reason or None,
        "measure_available_at": _iso(case.measure_available_at),
        "measure_description": case.measure_description or None,
        "member_states": list(case.member_states),
        "products": [{"slug": slug, "name": name} for slug, name in case.products],
        "releases": releases,
        "findings": [f.id for f in case.findings],
        "notes": [
            {"id": n.id, "text": n.text, "citation": n.citation, "detail": n.detail or None}
            for n in notes
        ],
        "next_due": {"stage": state.next.key, "due_at": _iso(state.next.due_at)}
        if state.next
        else None,
        "stages": [
            stage_dict(
                ctx,
                clock,
                case.stages[clock.key].platform_reference if clock.key in case.stages else "",
            )
            for clock in state.clocks
        ],
    }
