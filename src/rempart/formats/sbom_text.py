"""The text rules and the size limits applied to every SBOM reader (adapter layer).

:mod:`rempart.formats.text_rules` says what any reader does with text PostgreSQL would
refuse; this module applies it to SBOMs, so an SBOM stores the same on SQLite and
PostgreSQL or is refused with a location (docs/security.md, "SBOM limits"):

- **NUL (U+0000) is refused**, never stripped, anywhere in the document: a JSON string or
  key (``\\u0000``), a tag-value line. XML cannot carry it at all (XML 1.0 §2.2).
- **Stored fields are checked against their column** (``rempart.store.models.sbom``):
  a name over 1,000 characters or a purl over 2,000 refuses the SBOM at that field.
- **Counts are capped before mapping**: at most :data:`~rempart.formats.limits.
  MAX_COMPONENTS` components and :data:`~rempart.formats.limits.MAX_EDGES` dependency
  edges, counted on the parsed document before schema validation and mapping, the two
  steps whose memory grows with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rempart.core.component import Component, SbomDocument
from rempart.core.versions.purls import PackageRef, identify_purl
from rempart.formats.errors import WHOLE_DOCUMENT, InputTooLarge
from rempart.formats.limits import MAX_COMPONENTS, MAX_EDGES
from rempart.formats.text_rules import (
    MAX_ECOSYSTEM,
    MAX_NAME,
    MAX_PURL,
    MAX_VERSION,
    InvalidText,
    check_document,
    clean_text,
)

#: the longest value of each stored component field (``None``: a text column, no limit)
COMPONENT_LIMITS: Mapping[str, int | None] = {
    "bom_ref": 1000,
    "name": MAX_NAME,
    "type": 40,
    "version": MAX_VERSION,
    "group": 500,
    "purl": MAX_PURL,
    "cpe": 1000,
    "supplier": 1000,
    "supplier_contact": 1000,
    "author": 1000,
    "filename": 1000,
    "licenses": None,
    "description": None,
}
#: the longest stored document fields (serial number, name, creation time)
DOCUMENT_LIMITS: Mapping[str, int] = {"serial_number": 300, "name": 500, "created": 64}
#: the advisory index key derived from a purl (``Component.package`` column)
MAX_PACKAGE = 1000

#: where each field sits in a CycloneDX component (JSON pointer step)
CYCLONEDX_KEYS: Mapping[str, str] = {
    "bom_ref": "bom-ref",
    "supplier": "supplier/name",
    "author": "authors",
    "filename": "properties",
    "supplier_contact": "supplier",
}
#: ... in an SPDX 2 package
SPDX_KEYS: Mapping[str, str] = {
    "bom_ref": "SPDXID",
    "version": "versionInfo",
    "purl": "externalRefs",
    "cpe": "externalRefs",
    "author": "originator",
    "supplier_contact": "supplier",
    "filename": "packageFileName",
    "licenses": "licenseConcluded",
    "type": "primaryPackagePurpose",
}
#: ... in an SPDX 3 package element
SPDX3_KEYS: Mapping[str, str] = {
    "bom_ref": "spdxId",
    "version": "software_packageVersion",
    "purl": "software_packageUrl",
    "cpe": "externalIdentifier",
    "supplier": "suppliedBy",
    "supplier_contact": "suppliedBy",
    "author": "originatedBy",
    "licenses": "hasConcludedLicense",
}


def check_component(component: Component, pointer: str, keys: Mapping[str, str]) -> Component:
    """Apply the text rules to every stored field of ``component`` (found at ``pointer``)."""
    for field, limit in COMPONENT_LIMITS.items():
        value = getattr(component, field)
        # the cheap test first (C speed); clean_text says what is wrong, and where
        if value and ("\x00" in value or (limit is not None and len(value) > limit)):
            clean_text(value, f"{pointer}/{keys.get(field, field)}", max_length=limit)
    if component.purl:
        ecosystem, package = _index_key(component.purl)
        where = f"{pointer}/{keys.get('purl', 'purl')}"
        clean_text(ecosystem, f"{where} (ecosystem)", max_length=MAX_ECOSYSTEM)
        clean_text(package, f"{where} (package name)", max_length=MAX_PACKAGE)
    return component


@lru_cache(maxsize=65536)
def _index_key(purl: str) -> tuple[str, str]:
    """(ecosystem, package) the store derives from a purl (empty when unidentified)."""
    found = identify_purl(purl)
    if not isinstance(found, PackageRef):
        return "", ""
    key = found.key
    return (f"{key.ecosystem}:{key.release}" if key.release else key.ecosystem), key.name


def check_document_fields(document: SbomDocument) -> SbomDocument:
    """Apply the text rules to the stored fields of the document itself."""
    for field, limit in DOCUMENT_LIMITS.items():
        value = getattr(document, field)
        if isinstance(value, str) and value:
            clean_text(value, f"(document {field.replace('_', ' ')})", max_length=limit)
    for creator in document.creators:
        clean_text(creator, "(document creators)")
    return document


def refuse_nul_in_json(data: bytes, document: object) -> None:
    """Refuse a JSON document with ``\\u0000`` in any string or key, at its JSON pointer.

    Raw NUL bytes are invalid JSON already; the escape is the only way in, so documents
    without it (nearly all) skip the walk.
    """
    if b"\\u0000" in data:
        check_document(document)


def refuse_nul_in_text(data: bytes) -> None:
    """Refuse text input (SPDX tag-value) containing a NUL byte, at its line."""
    offset = data.find(b"\x00")
    if offset >= 0:
        line = data.count(b"\n", 0, offset) + 1
        raise InvalidText.at(f"line {line}", "text contains the NUL character (U+0000)")


def check_counts(components: int, edges: int, where: tuple[str, str]) -> None:
    """Refuse more components or edges than one SBOM may hold (``where``: their places)."""
    if components > MAX_COMPONENTS:
        raise InputTooLarge.at(
            where[0] or WHOLE_DOCUMENT,
            f"the SBOM lists {components:,} components; the limit is {MAX_COMPONENTS:,} "
            "per SBOM (split the product into several SBOMs)",
        )
    if edges > MAX_EDGES:
        raise InputTooLarge.at(
            where[1] or WHOLE_DOCUMENT,
            f"the SBOM states {edges:,} dependency edges; the limit is {MAX_EDGES:,} per SBOM",
        )


__all__ = [
    "COMPONENT_LIMITS",
    "CYCLONEDX_KEYS",
    "DOCUMENT_LIMITS",
    "SPDX3_KEYS",
    "SPDX_KEYS",
    "check_component",
    "check_counts",
    "check_document_fields",
    "refuse_nul_in_json",
    "refuse_nul_in_text",
]
