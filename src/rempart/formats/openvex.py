"""OpenVEX 0.2.0 documents ↔ :class:`rempart.core.vex.VexDocument` (formats layer).

Reading validates against the bundled OpenVEX JSON schema first (every violation is
reported with its JSON pointer and nothing is imported); documents of the older 0.0.x
namespace (string vulnerabilities and products) are read too. A statement's components are
its products' subcomponents when it names any, else the products themselves.

Writing emits ``@context``/``@id`` (never the ``context``/``id`` some libraries produce),
one statement per vulnerability and decision, the product as the release's purl and the
affected components as its subcomponents. A "false positive" is written as ``not_affected``
with ``status_notes: false_positive`` so that Rempart reads it back as what it was.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from rempart.core.triage import (
    Decision,
    Justification,
    TriageState,
    VexFormat,
    justification_from,
    justification_name,
    state_from,
    state_name,
)
from rempart.core.vex import VexDocument, VexStatement
from rempart.formats import vex_schemas
from rempart.formats.errors import SchemaViolation
from rempart.formats.limits import check_size, parse_json

CONTEXT = "https://openvex.dev/ns/v0.2.0"
FALSE_POSITIVE_TEXT = "False positive: the advisory does not apply to this component"
FALSE_POSITIVE_NOTE = "false_positive"
MAX_BYTES = 64 * 1024 * 1024


def is_openvex(document: Any) -> bool:
    return isinstance(document, dict) and str(document.get("@context", "")).startswith(
        "https://openvex.dev/ns"
    )


def read_openvex(data: bytes) -> VexDocument:
    """Read an OpenVEX document; a schema violation refuses the whole document."""
    check_size(data, MAX_BYTES)
    document = parse_json(data)
    if not is_openvex(document):
        raise SchemaViolation.at("/@context", "not an OpenVEX document (no openvex.dev @context)")
    assert isinstance(document, dict)  # noqa: S101 - is_openvex checked it
    if str(document["@context"]).startswith(CONTEXT):
        problems = vex_schemas.problems(document, "openvex_json_schema.json")
        if problems:
            raise SchemaViolation(f"not valid OpenVEX 0.2.0: {problems[0]}", problems)
    statements = tuple(
        _statement(item, f"/statements/{i}")
        for i, item in enumerate(document.get("statements") or [])
    )
    return VexDocument(
        VexFormat.OPENVEX,
        str(document.get("@id", "")),
        str(document.get("author", "")),
        _time(document.get("timestamp")),
        str(document.get("version", "")),
        statements,
    )


def _statement(item: Any, where: str) -> VexStatement:
    if not isinstance(item, dict):
        raise SchemaViolation.at(where, "a statement must be an object")
    vulnerability = item.get("vulnerability")
    if isinstance(vulnerability, dict):
        name = str(vulnerability.get("name", ""))
        aliases = tuple(str(a) for a in vulnerability.get("aliases") or [])
    else:
        name, aliases = str(vulnerability or ""), ()
    state = state_from(VexFormat.OPENVEX, str(item.get("status", "")))
    if state is None or not name:
        raise SchemaViolation.at(f"{where}/status", f"unknown status {item.get('status')!r}")
    notes = str(item.get("status_notes", ""))
    impact = str(item.get("impact_statement", ""))
    if state is TriageState.NOT_AFFECTED and notes == FALSE_POSITIVE_NOTE:
        state = TriageState.FALSE_POSITIVE
        impact = "" if impact == FALSE_POSITIVE_TEXT else impact
    raw_justification = str(item.get("justification", ""))
    justification = (
        justification_from(VexFormat.OPENVEX, raw_justification) if raw_justification else None
    )
    if raw_justification and justification is None:
        raise SchemaViolation.at(
            f"{where}/justification", f"unknown justification {raw_justification!r}"
        )
    decision = Decision(
        state,
        justification if state is TriageState.NOT_AFFECTED else None,
        impact,
        (),
        str(item.get("action_statement", "")),
    )
    products, components = _products(item.get("products") or [])
    return VexStatement(
        name,
        aliases,
        components or products,
        decision,
        _time(item.get("timestamp")),
        notes,
        products,
    )


def _identifiers(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if not isinstance(entry, dict):
        return []
    found = [str(v) for v in (entry.get("identifiers") or {}).values() if v]
    if entry.get("@id") and str(entry["@id"]) not in found:
        found.append(str(entry["@id"]))
    return found


def _products(entries: list[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    products: list[str] = []
    components: list[str] = []
    for entry in entries:
        products.extend(_identifiers(entry))
        if isinstance(entry, dict):
            for sub in entry.get("subcomponents") or []:
                components.extend(_identifiers(sub))
    return tuple(dict.fromkeys(products)), tuple(dict.fromkeys(components))


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def write_openvex(
    statements: list[VexStatement],
    *,
    document_id: str,
    author: str,
    timestamp: datetime,
    version: int = 1,
    tooling: str = "Rempart",
) -> bytes:
    """An OpenVEX 0.2.0 document (schema-valid: validated before it is returned)."""
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": document_id,
        "author": author,
        "timestamp": _iso(timestamp),
        "version": version,
        "tooling": tooling,
        "statements": [_write_statement(s, timestamp) for s in statements],
    }
    problems = vex_schemas.problems(document, "openvex_json_schema.json")
    if problems:  # a bug in this writer, never the user's input
        raise ValueError(f"Rempart wrote invalid OpenVEX: {problems[0]}")
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write_statement(statement: VexStatement, timestamp: datetime) -> dict[str, Any]:
    decision = statement.decision
    item: dict[str, Any] = {
        "vulnerability": {"name": statement.vulnerability},
        "timestamp": _iso(statement.timestamp or timestamp),
        "products": [
            {
                "@id": product,
                "identifiers": {"purl": product} if product.startswith("pkg:") else {},
                "subcomponents": [
                    {"@id": c, "identifiers": {"purl": c}} if c.startswith("pkg:") else {"@id": c}
                    for c in statement.components
                ],
            }
            for product in statement.products
        ],
        "status": state_name(decision.state, VexFormat.OPENVEX),
    }
    for product in item["products"]:
        if not product["identifiers"]:
            del product["identifiers"]
        if not product["subcomponents"]:
            del product["subcomponents"]
    if statement.aliases:
        item["vulnerability"]["aliases"] = list(statement.aliases)
    if decision.state is TriageState.FALSE_POSITIVE:
        item["status_notes"] = FALSE_POSITIVE_NOTE
    elif statement.status_notes:
        item["status_notes"] = statement.status_notes
    _explain(item, decision)
    return item


def _explain(item: dict[str, Any], decision: Decision) -> None:
    if decision.justification is not None:
        item["justification"] = justification_name(decision.justification, VexFormat.OPENVEX)
    if decision.impact_statement:
        item["impact_statement"] = decision.impact_statement
    if decision.state in (TriageState.NOT_AFFECTED, TriageState.FALSE_POSITIVE) and not (
        decision.justification or decision.impact_statement
    ):
        item["impact_statement"] = (
            FALSE_POSITIVE_TEXT
            if decision.state is TriageState.FALSE_POSITIVE
            else "Not affected (no further statement recorded)"
        )
    if decision.action_statement:
        item["action_statement"] = decision.action_statement
    elif decision.state is TriageState.AFFECTED:
        from rempart.core.triage import RESPONSE_LABELS

        labels = [RESPONSE_LABELS[r] for r in decision.responses]
        item["action_statement"] = "; ".join(labels) or "Remediation is being prepared"


__all__ = ["Justification", "read_openvex", "write_openvex"]
