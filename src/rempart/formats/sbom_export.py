"""Write a release's component view as CycloneDX 1.6 JSON or SPDX 2.3 JSON (adapter layer).

Both writers build plain dicts and serialize them once, deterministically: the same
document and arguments give the same bytes (no random UUIDs, no clock; the caller passes
``created``, and the serial number / namespace default to a UUIDv5 of the content).
cyclonedx-python-lib's model is not used for writing: it took 7.9 s to write 5,000
components (sorted sets); the tests prove these writers with the official schemas instead
(jsonschema-rs with the library's CycloneDX 1.6 schema; spdx-tools' parser and validator).

CycloneDX: every component gets its bom-ref. A ``contains`` edge whose target has exactly
one container (and sits at most :data:`MAX_EXPORT_NESTING` levels deep) becomes CycloneDX
nesting; other ``contains`` edges are written as ``dependsOn``. Hash algorithms CycloneDX
lacks (SHA-224, MD2/4/6, ADLER32), malformed URLs and unknown reference types are left out
or mapped to ``other`` so the output always validates.

SPDX: bom-refs that are not valid SPDXIDs are rewritten to ``SPDXRef-<safe>-<hash>``.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from rempart import __version__
from rempart.core.component import Component, DependencyKind, SbomDocument

MAX_EXPORT_NESTING = 16
# CycloneDX 1.6 vocabularies (bom-1.6.schema.json): component types, the reference types we
# emit, hash algorithms; our spelling -> theirs. SPDX 2.3 checksum algorithms and purposes.
_CDX_TYPES = set(
    "application framework library container platform operating-system device device-driver "
    "firmware file machine-learning-model data cryptographic-asset".split()
)
_CDX_REF_TYPES = set(
    "vcs issue-tracker website advisories bom mailing-list social chat documentation support "
    "source-distribution distribution distribution-intake license build-meta build-system "
    "release-notes security-contact other".split()
)
_CDX_HASHES = {
    name: name.replace("BLAKE2B", "BLAKE2b")
    for name in "MD5 SHA-1 SHA-256 SHA-384 SHA-512 SHA3-256 SHA3-384 SHA3-512 BLAKE2B-256 "
    "BLAKE2B-384 BLAKE2B-512 BLAKE3".split()
}
_SPDX_HASHES = {  # SHA-256 -> SHA256, but SHA3-256 and BLAKE2b-256 keep their dash
    name: name.replace("BLAKE2B", "BLAKE2b")
    if "3-" in name or "BLAKE" in name
    else name.replace("-", "")
    for name in "SHA-1 SHA-224 SHA-256 SHA-384 SHA-512 SHA3-256 SHA3-384 SHA3-512 BLAKE2B-256 "
    "BLAKE2B-384 BLAKE2B-512 BLAKE3 MD2 MD4 MD5 MD6 ADLER32".split()
}
_SPDX_PURPOSES = {
    kind: kind.upper()
    for kind in "application framework library container operating-system device firmware file".split()
}
_HEX_LENGTHS = {32, 40, 64, 96, 128}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_SPDX_ID = re.compile(r"^SPDXRef-[A-Za-z0-9.\-]+$")
_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")
_DOCUMENT_NAMESPACE = uuid.UUID("6f1b2c1e-5d1a-4d7e-9a0c-2b7f3e9c1a01")


def write_cyclonedx_json(
    document: SbomDocument, *, created: datetime, serial_number: str | None = None
) -> bytes:
    """CycloneDX 1.6 JSON for ``document`` (a parsed SBOM or ``MergedSbom.as_document()``)."""
    nested = _nesting(document)
    by_parent: dict[str | None, list[Component]] = defaultdict(list)
    for component in document.components:
        by_parent[nested.get(component.bom_ref)].append(component)
    bom: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "",
        "version": 1,
        "metadata": _cdx_metadata(document, created),
        "components": [_cdx_component(c, by_parent) for c in by_parent[None]],
        "dependencies": _cdx_dependencies(document, nested),
    }
    if document.root is not None:
        bom["metadata"]["component"] = _cdx_component(document.root, by_parent)
    bom["serialNumber"] = serial_number or f"urn:uuid:{_content_uuid(bom)}"
    return _dump(bom)


def _nesting(document: SbomDocument) -> dict[str, str]:
    """child bom-ref -> parent bom-ref for the ``contains`` edges CycloneDX can nest."""
    parents: dict[str, list[str]] = defaultdict(list)
    for edge in document.dependencies:
        if edge.kind is DependencyKind.CONTAINS:
            parents[edge.depends_on].append(edge.ref)
    root_ref = document.root.bom_ref if document.root else None
    single = {
        child: found[0] for child, found in parents.items() if len(found) == 1 and child != root_ref
    }
    nested: dict[str, str] = {}
    for child, parent in single.items():
        depth, cursor = 1, parent
        while cursor in single and depth <= MAX_EXPORT_NESTING and cursor != child:
            cursor, depth = single[cursor], depth + 1
        if cursor != child and depth <= MAX_EXPORT_NESTING:
            nested[child] = parent
    return nested


def _cdx_component(
    component: Component, by_parent: dict[str | None, list[Component]]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": component.type if component.type in _CDX_TYPES else "library",
        "bom-ref": component.bom_ref,
        "name": component.name,
    }
    optional = {
        "version": component.version,
        "group": component.group,
        "purl": component.purl,
        "cpe": component.cpe,
        "author": component.author,
        "description": component.description,
        "scope": component.scope.value if component.scope else None,
    }
    out.update({key: value for key, value in optional.items() if value})
    supplier = _cdx_party(component.supplier, component.supplier_contact)
    if supplier:
        out["supplier"] = supplier
    hashes = [
        {"alg": _CDX_HASHES[h.algorithm], "content": h.value}
        for h in component.hashes
        if h.algorithm in _CDX_HASHES and len(h.value) in _HEX_LENGTHS
    ]
    if hashes:
        out["hashes"] = hashes
    if component.licenses:
        out["licenses"] = [{"expression": component.licenses}]
    refs = [
        {"type": kind if kind in _CDX_REF_TYPES else "other", "url": url}
        for kind, url in component.external_references
        if _URL.match(url)
    ]
    if refs:
        out["externalReferences"] = refs
    properties = list(component.properties)
    if component.filename and ("bsi:component:filename", component.filename) not in properties:
        properties.append(("bsi:component:filename", component.filename))
    if properties:
        out["properties"] = [{"name": name, "value": value} for name, value in properties]
    children = by_parent.get(component.bom_ref)
    if children:
        out["components"] = [_cdx_component(child, by_parent) for child in children]
    return out


def _cdx_party(name: str | None, contact: str | None) -> dict[str, Any] | None:
    party: dict[str, Any] = {"name": name} if name else {}
    if contact and _EMAIL.match(contact):
        party["contact"] = [{"email": contact}]
    elif contact and _URL.match(contact):
        party["url"] = [contact]
    return party or None


def _cdx_metadata(document: SbomDocument, created: datetime) -> dict[str, Any]:
    tools = [{"type": "application", "name": "rempart", "version": __version__}]
    authors: list[dict[str, str]] = []
    manufacturer: dict[str, Any] | None = None
    for creator in document.creators:
        kind, _, rest = creator.partition(":")
        name, _, contact = rest.strip().partition(" (")
        contact = contact.removesuffix(")")
        if kind == "Tool":
            tools.append({"type": "application", "name": rest.strip()})
        elif kind == "Person":
            authors.append({"name": name, **({"email": contact} if _EMAIL.match(contact) else {})})
        elif kind == "Organization" and manufacturer is None:
            manufacturer = _cdx_party(name, contact)
    metadata: dict[str, Any] = {"timestamp": _timestamp(created), "tools": {"components": tools}}
    if authors:
        metadata["authors"] = authors
    if manufacturer:
        metadata["manufacturer"] = manufacturer
    return metadata


def _cdx_dependencies(document: SbomDocument, nested: dict[str, str]) -> list[dict[str, Any]]:
    known = {c.bom_ref for c in document.components} | (
        {document.root.bom_ref} if document.root else set()
    )
    targets: dict[str, dict[str, None]] = defaultdict(dict)
    for edge in document.dependencies:
        if edge.ref not in known or edge.depends_on not in known:
            continue  # an edge to nothing the document lists (cannot happen for parsed input)
        if edge.kind is DependencyKind.CONTAINS and nested.get(edge.depends_on) == edge.ref:
            continue  # expressed by nesting
        targets[edge.ref][edge.depends_on] = None
    refs = list(targets) + sorted((document.dependencies_stated & known) - targets.keys())
    return [{"ref": ref, "dependsOn": list(targets.get(ref, {}))} for ref in refs]


def write_spdx_json(
    document: SbomDocument, *, created: datetime, namespace: str | None = None
) -> bytes:
    """SPDX 2.3 JSON for ``document``; the root is the package the document DESCRIBES."""
    ids = _spdx_ids(document)
    everything = (*((document.root,) if document.root else ()), *document.components)
    relationships = _spdx_relationships(document, ids)
    creators = [c for c in document.creators if re.match(r"^(Person|Organization|Tool): \S", c)]
    spdx: dict[str, Any] = {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": document.name or (document.root.name if document.root else "SBOM"),
        "documentNamespace": "",
        "creationInfo": {
            "created": _timestamp(created),
            "creators": [f"Tool: rempart-{__version__}", *creators],
        },
        "packages": [_spdx_package(c, ids[c.bom_ref]) for c in everything],
        "relationships": relationships,
    }
    licence_refs = _extracted_licences(everything)
    if licence_refs:
        spdx["hasExtractedLicensingInfos"] = licence_refs
    spdx["documentNamespace"] = (
        namespace or f"https://spdx.org/spdxdocs/rempart-{_content_uuid(spdx)}"
    )
    return _dump(spdx)


def _spdx_relationships(document: SbomDocument, ids: dict[str, str]) -> list[dict[str, str]]:
    """DESCRIBES the root, one relationship per edge, ``DEPENDS_ON NONE`` for stated leaves."""
    relationships: list[dict[str, str]] = []
    if document.root is not None:
        relationships.append(_relation("SPDXRef-DOCUMENT", "DESCRIBES", ids[document.root.bom_ref]))
    with_edges = set()
    for edge in document.dependencies:
        if edge.ref not in ids or edge.depends_on not in ids:
            continue  # an edge to nothing the document lists (cannot happen for parsed input)
        kind = "CONTAINS" if edge.kind is DependencyKind.CONTAINS else "DEPENDS_ON"
        relationships.append(_relation(ids[edge.ref], kind, ids[edge.depends_on]))
        with_edges.add(edge.ref)
    relationships.extend(
        _relation(ids[ref], "DEPENDS_ON", "NONE")
        for ref in sorted(document.dependencies_stated - with_edges)
        if ref in ids
    )
    return relationships


def _extracted_licences(components: tuple[Component, ...]) -> list[dict[str, str]]:
    """SPDX 2.3 §10: every LicenseRef- used needs an entry. The source SBOM named the
    licence but did not carry its text, hence ``NOASSERTION``."""
    refs = sorted({ref for c in components for ref in _LICENSE_REF.findall(c.licenses or "")})
    return [
        {"licenseId": ref, "extractedText": "NOASSERTION", "name": ref.removeprefix("LicenseRef-")}
        for ref in refs
    ]


def _spdx_ids(document: SbomDocument) -> dict[str, str]:
    """bom-ref -> SPDXID: kept when already valid, else ``SPDXRef-<safe>-<hash>``."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for component in (*((document.root,) if document.root else ()), *document.components):
        ref = component.bom_ref
        spdx_id = ref
        if not _SPDX_ID.match(ref) or ref in used:
            safe = re.sub(r"[^A-Za-z0-9.\-]+", "-", ref).strip("-")[:60]
            spdx_id = f"SPDXRef-{safe}-{hashlib.sha256(ref.encode()).hexdigest()[:12]}"
        ids[ref] = spdx_id
        used.add(spdx_id)
    return ids


def _spdx_package(component: Component, spdx_id: str) -> dict[str, Any]:
    references = dict(component.external_references)
    package: dict[str, Any] = {
        "SPDXID": spdx_id,
        "name": component.name,
        "downloadLocation": references.get("distribution") or "NOASSERTION",
        "filesAnalyzed": False,
        "licenseConcluded": component.licenses or "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "primaryPackagePurpose": _SPDX_PURPOSES.get(component.type, "OTHER"),
    }
    optional = {
        "versionInfo": component.version,
        "packageFileName": component.filename,
        "description": component.description,
        "homepage": references.get("website"),
    }
    package.update({key: value for key, value in optional.items() if value})
    if component.supplier:
        contact = f" ({component.supplier_contact})" if component.supplier_contact else ""
        package["supplier"] = f"Organization: {component.supplier}{contact}"
    if component.author:
        package["originator"] = f"Person: {component.author}"
    checksums = [
        {"algorithm": _SPDX_HASHES[h.algorithm], "checksumValue": h.value}
        for h in component.hashes
        if h.algorithm in _SPDX_HASHES
    ]
    if checksums:
        package["checksums"] = checksums
    refs = _spdx_external_refs(component)
    if refs:
        package["externalRefs"] = refs
    return package


def _spdx_external_refs(component: Component) -> list[dict[str, str]]:
    refs = []
    if component.purl:
        refs.append(("PACKAGE-MANAGER", "purl", component.purl))
    if component.cpe:
        kind = "cpe22Type" if component.cpe.startswith("cpe:/") else "cpe23Type"
        refs.append(("SECURITY", kind, component.cpe))
    return [
        {"referenceCategory": category, "referenceType": kind, "referenceLocator": locator}
        for category, kind, locator in refs
    ]


def _relation(source: str, kind: str, target: str) -> dict[str, str]:
    return {"spdxElementId": source, "relationshipType": kind, "relatedSpdxElement": target}


def _timestamp(created: datetime) -> str:
    """UTC, whole seconds, ``Z`` suffix: the one form both CycloneDX and SPDX 2.3 accept."""
    if created.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    return created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _content_uuid(content: dict[str, Any]) -> uuid.UUID:
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return uuid.uuid5(_DOCUMENT_NAMESPACE, digest)


def _dump(content: dict[str, Any]) -> bytes:
    # compact: ``indent`` would switch json to its pure-Python encoder (8x slower on 10k)
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
