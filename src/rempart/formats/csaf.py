"""CSAF 2.0 JSON: write and read documents, and read the VEX profile into statements (formats layer).

- :func:`write_csaf` serialises a document built by :func:`rempart.core.csaf.build_document`
  after checking it against the bundled CSAF 2.0 JSON schema (with the CVSS schemas it
  references) and the mandatory tests of :mod:`rempart.core.csaf_checks`; a failure is a bug
  in Rempart, never published.
- :func:`read_csaf` parses and schema-checks any CSAF 2.0 document (located problems).
- :func:`read_csaf_vex` turns the product status, flags, threats and remediations of a
  document into :class:`rempart.core.vex.VexStatement` values, one per vulnerability and
  product; a relationship product (``default_component_of``) stands for its component.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rempart.core.csaf_checks import Failure, check_mandatory
from rempart.core.errors import Problem
from rempart.core.triage import (
    CSAF_REMEDIATION,
    Decision,
    Justification,
    Response,
    TriageState,
    VexFormat,
    justification_from,
    state_from,
)
from rempart.core.vex import VexDocument, VexStatement
from rempart.formats import vex_schemas
from rempart.formats.errors import SchemaViolation
from rempart.formats.limits import check_size, parse_json

MAX_BYTES = 64 * 1024 * 1024
SCHEMA = "csaf_json_schema.json"
_RESPONSE_OF = {
    "vendor_fix": Response.UPDATE,
    "workaround": Response.WORKAROUND_AVAILABLE,
    "mitigation": Response.WORKAROUND_AVAILABLE,
    "no_fix_planned": Response.WILL_NOT_FIX,
    "none_available": Response.CAN_NOT_FIX,
}
assert set(CSAF_REMEDIATION.values()) <= set(_RESPONSE_OF)  # noqa: S101 - the table covers ours


def to_bytes(document: dict[str, Any]) -> bytes:
    """The canonical serialisation (2-space indent, UTF-8, trailing newline)."""
    # Keys sorted: CSAF 2.0 optional test 6.2.13 asks for it, and it makes output stable.
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(
        "utf-8"
    )


def write_csaf(document: dict[str, Any]) -> bytes:
    """Serialise a document Rempart built; refuse (as a bug) one that breaks the schema or 6.1."""
    problems = vex_schemas.problems(document, SCHEMA)
    if problems:
        raise ValueError(f"Rempart built an invalid CSAF document: {problems[0]}")
    failures = check_mandatory(document)
    if failures:
        raise ValueError(f"Rempart built a CSAF document failing {failures[0]}")
    return to_bytes(document)


def read_csaf(data: bytes) -> dict[str, Any]:
    """Parse and schema-check a CSAF 2.0 document."""
    check_size(data, MAX_BYTES)
    document = parse_json(data)
    if not isinstance(document, dict) or not isinstance(document.get("document"), dict):
        raise SchemaViolation.at("/document", "not a CSAF document (no document object)")
    version = document["document"].get("csaf_version")
    if version != "2.0":
        raise SchemaViolation.at("/document/csaf_version", f"CSAF {version!r}: Rempart reads 2.0")
    problems = vex_schemas.problems(document, SCHEMA)
    if problems:
        raise SchemaViolation(f"not valid CSAF 2.0: {problems[0]}", problems)
    return document


def schema_problems(document: Any) -> list[Any]:
    return vex_schemas.problems(document, SCHEMA)


def _walk_branches(branches: list[Any]) -> Iterator[dict[str, Any]]:
    for branch in branches or []:
        if not isinstance(branch, dict):
            continue
        if isinstance(branch.get("product"), dict):
            yield branch["product"]
        yield from _walk_branches(branch.get("branches") or [])


def _identifiers(product: dict[str, Any]) -> tuple[str, ...]:
    helper = product.get("product_identification_helper") or {}
    found = [str(helper[k]) for k in ("purl", "cpe") if helper.get(k)]
    return tuple(found)


def product_identifiers(document: dict[str, Any]) -> dict[str, tuple[tuple[str, ...], bool]]:
    """product id -> (identifiers, is a component relationship) for every product of the tree."""
    tree = document.get("product_tree") or {}
    found: dict[str, tuple[tuple[str, ...], bool]] = {}
    for product in [
        *_walk_branches(tree.get("branches") or []),
        *(tree.get("full_product_names") or []),
    ]:
        if isinstance(product, dict) and product.get("product_id"):
            found[str(product["product_id"])] = (_identifiers(product), False)
    for relation in tree.get("relationships") or []:
        name = (relation or {}).get("full_product_name") or {}
        if not name.get("product_id"):
            continue
        component = found.get(str(relation.get("product_reference", "")), ((), False))[0]
        found[str(name["product_id"])] = (component or _identifiers(name), True)
    return found


def read_csaf_vex(data: bytes) -> VexDocument:
    """The statements of a CSAF 2.0 document (VEX profile or any with product status)."""
    document = read_csaf(data)
    meta = document["document"]
    products = product_identifiers(document)
    statements: list[VexStatement] = []
    for index, vulnerability in enumerate(document.get("vulnerabilities") or []):
        statements.extend(_statements(vulnerability, f"/vulnerabilities/{index}", products))
    tracking = meta.get("tracking") or {}
    return VexDocument(
        VexFormat.CSAF,
        str(tracking.get("id", "")),
        str((meta.get("publisher") or {}).get("name", "")),
        _time(tracking.get("current_release_date")),
        str(tracking.get("version", "")),
        tuple(statements),
    )


def _per_product(entries: list[Any], key: str = "product_ids") -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for entry in entries or []:
        for pid in (entry or {}).get(key) or []:
            found.setdefault(str(pid), []).append(entry)
    return found


def _statements(
    vulnerability: dict[str, Any], where: str, products: dict[str, tuple[tuple[str, ...], bool]]
) -> list[VexStatement]:
    names = [str(vulnerability["cve"])] if vulnerability.get("cve") else []
    names += [str(i.get("text")) for i in vulnerability.get("ids") or [] if i.get("text")]
    if not names:
        raise SchemaViolation.at(f"{where}", "a VEX statement needs a cve or ids (CSAF 6.1.27.8)")
    flags = _per_product(vulnerability.get("flags") or [])
    threats = _per_product(vulnerability.get("threats") or [])
    remediations = _per_product(vulnerability.get("remediations") or [])
    found = []
    for group, pids in (vulnerability.get("product_status") or {}).items():
        state = state_from(VexFormat.CSAF, group)
        if state is None:
            continue  # "recommended" products carry no exploitability statement
        for pid in pids:
            identifiers, is_component = products.get(str(pid), ((), False))
            decision = _decision(
                state,
                flags.get(str(pid), []),
                threats.get(str(pid), []),
                remediations.get(str(pid), []),
            )
            found.append(
                VexStatement(
                    names[0], tuple(names[1:]), identifiers if is_component or identifiers else (),
                    decision, None, "", (str(pid),),
                )
            )  # fmt: skip
    return found


def _decision(
    state: TriageState,
    flags: list[dict[str, Any]],
    threats: list[dict[str, Any]],
    remediations: list[dict[str, Any]],
) -> Decision:
    justification: Justification | None = None
    for flag in flags:
        justification = (
            justification_from(VexFormat.CSAF, str(flag.get("label", ""))) or justification
        )
    impact = "; ".join(str(t.get("details", "")) for t in threats if t.get("category") == "impact")
    action = "; ".join(str(r.get("details", "")) for r in remediations)
    responses = tuple(
        dict.fromkeys(
            _RESPONSE_OF[c] for r in remediations if (c := str(r.get("category"))) in _RESPONSE_OF
        )
    )
    if state is TriageState.NOT_AFFECTED:
        return Decision(state, justification, impact, (), "")
    if state is TriageState.AFFECTED:
        return Decision(state, None, impact, responses, action)
    return Decision(state, None, impact, responses if state is TriageState.FIXED else (), "")


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CsafValidation:
    """What ``rempart csaf validate`` reports: schema problems and failed mandatory tests."""

    schema: tuple[Problem, ...]
    failures: tuple[Failure, ...]

    @property
    def valid(self) -> bool:
        return not self.schema and not self.failures

    @property
    def failed_tests(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.test for f in self.failures))


def _cvss_schema_failures(document: dict[str, Any]) -> list[Failure]:
    """Test 6.1.8: each CVSS object against FIRST's schema of its version."""
    found: list[Failure] = []
    vulnerabilities = document.get("vulnerabilities")
    for i, vulnerability in enumerate(vulnerabilities if isinstance(vulnerabilities, list) else []):
        for j, score in enumerate(
            (vulnerability or {}).get("scores") or [] if isinstance(vulnerability, dict) else []
        ):
            for key in ("cvss_v2", "cvss_v3"):
                value = (score or {}).get(key) if isinstance(score, dict) else None
                if not isinstance(value, dict):
                    continue
                name = "cvss-v2.0.json" if key == "cvss_v2" else (
                    "cvss-v3.1.json" if value.get("version") == "3.1" else "cvss-v3.0.json"
                )  # fmt: skip
                for problem in vex_schemas.problems(value, name, limit=5):
                    path = f"/vulnerabilities/{i}/scores/{j}/{key}{problem.field.rstrip('/')}"
                    found.append(Failure("6.1.8", path, problem.message))
    return found


def validate_csaf(data: bytes) -> CsafValidation:
    """Schema and every mandatory test (6.1.1–6.1.33) of a CSAF 2.0 document; never raises on
    a readable JSON document (unreadable bytes raise a located :class:`FormatError`)."""
    check_size(data, MAX_BYTES)
    document = parse_json(data)
    schema = tuple(vex_schemas.problems(document, SCHEMA, limit=200))
    failures: list[Failure] = []
    if isinstance(document, dict):
        failures = _cvss_schema_failures(document) + check_mandatory(document)
        failures.sort(key=lambda f: tuple(int(p) for p in f.test.split(".")))
    return CsafValidation(schema, tuple(failures))
