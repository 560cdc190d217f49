"""The exported report of a stage and the notice to users, as plain data (core layer).

These dictionaries are what the JSON exports contain (schemas in ``docs/reporting/``) and what
the HTML/PDF documents render. A submitted stage keeps the dictionary it was submitted with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from rempart.core.cra.catalog import Catalog
from rempart.core.reporting.clocks import StageClock
from rempart.core.reporting.forms import CaseFacts, FieldSpec
from rempart.core.reporting.routing import Route

SCHEMA_STAGE = "https://rempart.example/schemas/reporting/stage-report-1.json"
SCHEMA_NOTICE = "https://rempart.example/schemas/reporting/user-notice-1.json"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _route(route: Route) -> dict[str, object]:
    return {
        "member_state": route.member_state,
        "basis": route.basis,
        "basis_label": route.basis_label,
        "csirt_name": route.csirt_name,
        "csirt_endpoint": route.csirt_endpoint,
        "citations": list(route.citations),
        "open_points": list(route.problems),
    }


def stage_document(
    catalog: Catalog,
    facts: CaseFacts,
    clock: StageClock,
    specs: Sequence[FieldSpec],
    values: Mapping[str, object],
    route: Route,
    generated_at: datetime,
    releases: Sequence[Mapping[str, str]],
    aware_at: datetime | None,
) -> dict[str, object]:
    return {
        "$schema": SCHEMA_STAGE,
        "case": facts.reference,
        "kind": facts.kind,
        "title": facts.title,
        "stage": {
            "key": clock.key,
            "label": clock.label,
            "rule": clock.rule_id,
            "citations": [catalog.citation(c).label() for c in clock.citations],
            "anchor": clock.anchor,
            "anchor_at": _iso(clock.anchor_at),
            "due_at": _iso(clock.due_at),
            "later_due_at": _iso(clock.later_due_at),
            "state": clock.state.value,
            "submitted_at": _iso(clock.submitted_at),
        },
        "manufacturer": facts.manufacturer,
        "products": list(facts.products),
        "releases": [dict(r) for r in releases],
        "vulnerability": {"id": facts.vulnerability_id, "aliases": list(facts.aliases)}
        if facts.vulnerability_id
        else None,
        "aware_at": _iso(aware_at),
        "recipient": _route(route),
        "fields": [
            {
                "key": spec.key,
                "label": spec.label,
                "qualifier": spec.qualifier,
                "citation": spec.citation,
                "value": values.get(spec.key, "" if spec.kind.value != "member-states" else []),
            }
            for spec in specs
        ],
        "generated_at": _iso(generated_at),
        "catalog_version": catalog.version,
    }


def user_notice(
    facts: CaseFacts,
    values: Mapping[str, object],
    generated_at: datetime,
    releases: Sequence[Mapping[str, str]],
    contact: str,
) -> dict[str, object]:
    """Art. 14(8): a structured, machine-readable notice to the impacted users."""
    return {
        "$schema": SCHEMA_NOTICE,
        "notice_id": f"{facts.reference}-USERS",
        "case": facts.reference,
        "kind": facts.kind,
        "title": facts.title,
        "publisher": {"name": facts.manufacturer, "contact": contact},
        "affected": [dict(r) for r in releases],
        "vulnerabilities": [facts.vulnerability_id, *facts.aliases]
        if facts.vulnerability_id
        else [],
        "severity": facts.severity or None,
        "description": values.get("USR-WHAT", ""),
        "user_measures": values.get("USR-MEASURES", ""),
        "audience": values.get("USR-AUDIENCE", ""),
        "fixed_versions": list(facts.fixed_versions),
        "citation": "ART14-8",
        "published_at": _iso(generated_at),
    }
