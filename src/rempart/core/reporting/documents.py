"""The exported report of a stage and the notice to users, as plain data (core layer).

These dictionaries are what the JSON exports contain (schemas in ``docs/reporting/``) and what
the HTML/PDF documents render. A submitted stage keeps the dictionary it was submitted with,
its times in UTC; an export shows them in the reader's zone (:func:`in_zone`), ISO 8601 with
the offset and to the second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from rempart.core.clock import iso, iso_or_none
from rempart.core.cra.catalog import Catalog
from rempart.core.cra.citation import grouped_labels
from rempart.core.reporting.clocks import StageClock
from rempart.core.reporting.data import load_reporting_data
from rempart.core.reporting.forms import CaseFacts, FieldSpec
from rempart.core.reporting.routing import Route

SCHEMA_STAGE = "https://rempart.example/schemas/reporting/stage-report-1.json"
SCHEMA_NOTICE = "https://rempart.example/schemas/reporting/user-notice-1.json"


# The keys whose values are instants; nothing a person typed into a field is converted.
TIME_KEYS = frozenset(
    {
        "anchor_at",
        "due_at",
        "later_due_at",
        "submitted_at",
        "aware_at",
        "generated_at",
        "published_at",
    }
)


def _iso(value: datetime | None) -> str | None:
    return iso_or_none(value)


def _anchor_rule(catalog: Catalog, note_id: str) -> dict[str, str] | None:
    """The rule the clock applied when it does not start at the plain event (with its note)."""
    if not note_id:
        return None
    note = load_reporting_data(catalog).note_of(note_id)
    return {"id": note.id, "text": note.text, "citation": note.citation}


def release_rows(
    releases: Sequence[tuple[str, str]],
    names: Mapping[str, str],
    end_of_support: Mapping[tuple[str, str], date | None],
    today: date,
) -> list[dict[str, object]]:
    """The affected releases as a document lists them, saying where support has ended.

    Art. 14(1) knows no support-period limit: a release past its end of support is still
    reported, with that fact stated.
    """
    rows: list[dict[str, object]] = []
    for slug, version in releases:
        end = end_of_support.get((slug, version))
        rows.append(
            {
                "product": slug,
                "product_name": names.get(slug, slug),
                "version": version,
                "end_of_support": end.isoformat() if end else None,
                "support_ended": bool(end and end < today),
            }
        )
    return rows


def in_zone(document: Mapping[str, Any], zone_name: str) -> dict[str, Any]:
    """A copy of an exported document with its times in ``zone_name``, with the offset."""

    def convert(key: str, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: convert(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert("", item) for item in value]
        if key in TIME_KEYS and isinstance(value, str) and value:
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            return iso(moment, zone_name) if moment.tzinfo is not None else value
        return value

    converted: dict[str, Any] = convert("", dict(document))
    converted["time_zone"] = zone_name
    return converted


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
    releases: Sequence[Mapping[str, object]],
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
            "citations": grouped_labels(catalog.citations(clock.citations)),
            "anchor": clock.anchor,
            "anchor_at": _iso(clock.anchor_at),
            "due_at": _iso(clock.due_at),
            "later_due_at": _iso(clock.later_due_at),
            "state": clock.state.value,
            "submitted_at": _iso(clock.submitted_at),
            "anchor_rule": _anchor_rule(catalog, clock.anchor_rule),
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
    releases: Sequence[Mapping[str, object]],
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
