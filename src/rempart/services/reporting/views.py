"""Cases as plain data for the edges: the JSON of the CLI and the API (services layer).

One shape, documented in docs/reporting.md; times are ISO 8601 in UTC, the later period
reading is labelled, and every stage names its citations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rempart.core.reporting.clocks import StageClock, describe_remaining
from rempart.core.reporting.data import load_reporting_data
from rempart.services.context import ServiceContext
from rempart.services.reporting.cases import CaseState


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


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
        "submitted_at": _iso(clock.submitted_at),
        "platform_reference": platform_reference or None,
    }


def case_dict(ctx: ServiceContext, state: CaseState) -> dict[str, Any]:
    case = state.case
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
        "releases": [{"product": slug, "version": version} for slug, version in case.releases],
        "findings": [f.id for f in case.findings],
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
