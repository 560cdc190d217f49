"""CycloneDX VEX (1.4–1.7 JSON) ↔ :class:`rempart.core.vex.VexDocument` (formats layer).

Reading validates against the CycloneDX JSON schema of the document's ``specVersion`` (via
jsonschema-rs and the schemas cyclonedx-python-lib ships) and refuses the whole document on
any violation, with its JSON pointer. ``vulnerabilities[].affects[].ref`` is resolved to the
component's purl (through ``components[]``, or the ref itself when it is a purl or a BOM-Link
whose fragment is one); a ref to ``metadata.component`` means the product as a whole.
``analysis.detail`` is the impact statement of "not affected" and the action statement of
"affected"; ``references[].id`` are aliases.

Writing uses cyclonedx-python-lib's model (the official library) and validates the result
against the 1.6 schema before returning it. Every vulnerability and component gets an
explicit bom-ref (the library would otherwise invent random ones).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.impact_analysis import (
    ImpactAnalysisJustification,
    ImpactAnalysisResponse,
    ImpactAnalysisState,
)
from cyclonedx.model.vulnerability import (
    BomTarget,
    Vulnerability,
    VulnerabilityAnalysis,
    VulnerabilityReference,
    VulnerabilitySource,
)
from cyclonedx.output.json import JsonV1Dot6
from packageurl import PackageURL

from rempart.core.triage import (
    Decision,
    Response,
    TriageState,
    VexFormat,
    justification_from,
    justification_name,
    state_from,
    state_name,
)
from rempart.core.vex import VexDocument, VexStatement
from rempart.formats.errors import SchemaViolation, UnsupportedVersion
from rempart.formats.limits import check_size, parse_json
from rempart.formats.schemas import CYCLONEDX_VERSIONS, cyclonedx_json_problems

MAX_BYTES = 64 * 1024 * 1024
READ_VERSIONS = tuple(v for v in CYCLONEDX_VERSIONS if v >= "1.4")  # VEX arrived in 1.4


def is_cyclonedx(document: Any) -> bool:
    return isinstance(document, dict) and document.get("bomFormat") == "CycloneDX"


def read_cyclonedx_vex(data: bytes) -> VexDocument:
    check_size(data, MAX_BYTES)
    document = parse_json(data)
    if not is_cyclonedx(document):
        raise SchemaViolation.at("/bomFormat", "not a CycloneDX document")
    assert isinstance(document, dict)  # noqa: S101 - checked above
    version = str(document.get("specVersion", ""))
    if version not in READ_VERSIONS:
        raise UnsupportedVersion.at(
            "/specVersion", f"CycloneDX {version!r}: VEX is read from {', '.join(READ_VERSIONS)}"
        )
    problems = cyclonedx_json_problems(document, version)
    if problems:
        raise SchemaViolation(f"not valid CycloneDX {version}: {problems[0]}", problems)
    metadata = document.get("metadata") or {}
    product = metadata.get("component") or {}
    product_ref = str(product.get("bom-ref", ""))
    purls = _component_purls(document.get("components") or [])
    statements = []
    for i, item in enumerate(document.get("vulnerabilities") or []):
        statement = _statement(item, f"/vulnerabilities/{i}", product_ref, purls)
        if statement is not None:
            statements.append(statement)
    serial = str(document.get("serialNumber", ""))
    return VexDocument(
        VexFormat.CYCLONEDX,
        serial,
        _author(metadata),
        _time(metadata.get("timestamp")),
        str(document.get("version", "")),
        tuple(statements),
    )


def _component_purls(components: list[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    stack = list(components)
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        if item.get("bom-ref"):
            found[str(item["bom-ref"])] = str(
                item.get("purl") or item.get("cpe") or item["bom-ref"]
            )
        stack.extend(item.get("components") or [])
    return found


def _author(metadata: dict[str, Any]) -> str:
    for key in ("manufacturer", "supplier"):
        if isinstance(metadata.get(key), dict) and metadata[key].get("name"):
            return str(metadata[key]["name"])
    authors = metadata.get("authors") or []
    return str(authors[0].get("name", "")) if authors and isinstance(authors[0], dict) else ""


def _statement(
    item: dict[str, Any], where: str, product_ref: str, purls: dict[str, str]
) -> VexStatement | None:
    analysis = item.get("analysis")
    if not isinstance(analysis, dict) or not analysis.get("state"):
        return None  # a vulnerability without analysis is a VDR entry, not a VEX statement
    state = state_from(VexFormat.CYCLONEDX, str(analysis["state"]))
    if state is None:
        raise SchemaViolation.at(f"{where}/analysis/state", f"unknown state {analysis['state']!r}")
    raw = str(analysis.get("justification", ""))
    justification = justification_from(VexFormat.CYCLONEDX, raw) if raw else None
    detail = str(analysis.get("detail", ""))
    responses = tuple(
        Response(r) for r in analysis.get("response") or [] if r in Response._value2member_map_
    )
    decision = Decision(
        state,
        justification if state is TriageState.NOT_AFFECTED else None,
        detail if state is not TriageState.AFFECTED else "",
        responses,
        detail if state is TriageState.AFFECTED else "",
    )
    components: list[str] = []
    products: list[str] = []
    for target in item.get("affects") or []:
        ref = str((target or {}).get("ref", ""))
        if ref == product_ref or ref.split("#")[-1] == product_ref:
            products.append(ref)
            continue
        fragment = ref.split("#", 1)[1] if ref.startswith("urn:cdx:") and "#" in ref else ref
        components.append(purls.get(fragment, fragment))
    aliases = tuple(
        str(r.get("id"))
        for r in item.get("references") or []
        if isinstance(r, dict) and r.get("id")
    )
    return VexStatement(
        str(item.get("id", "")),
        aliases,
        tuple(components),
        decision,
        _time(analysis.get("lastUpdated") or analysis.get("firstIssued")),
        "",
        tuple(products),
    )


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _purl(text: str) -> PackageURL | None:
    try:
        return PackageURL.from_string(text) if text.startswith("pkg:") else None
    except ValueError:
        return None


def write_cyclonedx_vex(
    statements: Sequence[VexStatement],
    *,
    product_name: str,
    product_version: str,
    product_ref: str,
    component_names: dict[str, tuple[str, str]],
    timestamp: datetime,
) -> bytes:
    """A CycloneDX 1.6 VEX document: the product, its affected components, one entry per statement.

    ``component_names`` maps each component identifier (purl) to its (name, version).
    """
    refs = sorted({c for s in statements for c in s.components})
    components = [
        Component(
            name=component_names.get(ref, (ref, ""))[0],
            version=component_names.get(ref, ("", ""))[1] or None,
            bom_ref=ref,
            purl=_purl(ref),
            type=ComponentType.LIBRARY,
        )
        for ref in refs
    ]
    vulnerabilities = [_write(s, i, product_ref) for i, s in enumerate(statements)]
    serial = uuid5(NAMESPACE_URL, f"rempart:vex:{product_ref}:" + "|".join(
        f"{s.vulnerability}:{s.decision.state}:{','.join(s.components)}" for s in statements
    ))  # fmt: skip
    bom = Bom(
        components=components,
        vulnerabilities=vulnerabilities,
        serial_number=serial,
        metadata=BomMetaData(
            timestamp=timestamp.astimezone(UTC),
            component=Component(
                name=product_name, version=product_version, bom_ref=product_ref,
                type=ComponentType.APPLICATION, purl=_purl(product_ref),
            ),
        ),
    )  # fmt: skip
    # The product depends on its components: a complete graph (and no library warning).
    root = bom.metadata.component
    if root is not None:
        bom.register_dependency(root, components)
    text = JsonV1Dot6(bom).output_as_string(indent=2) + "\n"
    problems = cyclonedx_json_problems(json.loads(text), "1.6")
    if problems:  # a bug in this writer
        raise ValueError(f"Rempart wrote invalid CycloneDX VEX: {problems[0]}")
    return text.encode("utf-8")


def _write(statement: VexStatement, index: int, product_ref: str) -> Vulnerability:
    decision = statement.decision
    detail = (
        decision.action_statement
        if decision.state is TriageState.AFFECTED
        else decision.impact_statement
    )
    justification = (
        ImpactAnalysisJustification(justification_name(decision.justification, VexFormat.CYCLONEDX))
        if decision.justification is not None
        else None
    )
    return Vulnerability(
        bom_ref=f"vex-{index + 1}-{statement.vulnerability}",
        id=statement.vulnerability,
        source=VulnerabilitySource(name="OSV")
        if not statement.vulnerability.startswith("CVE-")
        else VulnerabilitySource(name="NVD"),
        references=[
            VulnerabilityReference(id=alias, source=VulnerabilitySource(name="alias"))
            for alias in statement.aliases
        ],
        analysis=VulnerabilityAnalysis(
            state=ImpactAnalysisState(state_name(decision.state, VexFormat.CYCLONEDX)),
            justification=justification,
            responses=[ImpactAnalysisResponse(r.value) for r in decision.responses],
            detail=detail or None,
        ),
        affects=[BomTarget(ref=ref) for ref in (statement.components or (product_ref,))],
    )
