"""Tell which SBOM format a byte string holds, from its content alone (adapter layer).

File names and media types lie (``bom.json`` that is a ZIP, ``sbom.spdx`` that is JSON), so
detection looks only at the bytes, in two steps:

1. :func:`sniff` — the *syntax*: JSON, XML or SPDX tag-value text. Archives, compressed
   files and other binaries are refused here with a message that says what they are.
2. :func:`classify_json` / :func:`classify_xml` — the *format* inside a parsed document:
   CycloneDX, SPDX 2.x, or SPDX 3 (JSON-LD).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rempart.formats.errors import WHOLE_DOCUMENT, UnrecognizedFormat, UnsupportedVersion

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


class Syntax(StrEnum):
    """The text syntax of an input, before its format is known."""

    JSON = "json"
    XML = "xml"
    TAG_VALUE = "tag-value"


class DocumentType(StrEnum):
    """The SBOM format inside parsed JSON."""

    CYCLONEDX = "CycloneDX"
    SPDX2 = "SPDX 2"
    SPDX3 = "SPDX 3"


# Magic numbers of things people upload by mistake, checked before any text decoding.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xfe", "UTF-16 text (SBOMs must be UTF-8)"),
    (b"\xfe\xff", "UTF-16 text (SBOMs must be UTF-8)"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
_TAG_VALUE_START = re.compile(rb"^\s*SPDXVersion\s*:", re.MULTILINE)
_CDX_XML_NS = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(\d+\.\d+)\}bom$")
_SPDX3_CONTEXT = re.compile(r"spdx\.org/rdf/3")
_SPDX301_CONTEXT = re.compile(r"spdx\.org/rdf/3\.0\.1/")


def sniff(data: bytes) -> Syntax:
    """The syntax of ``data``; refuses empty, binary and archived input."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnrecognizedFormat.at(
                "byte 0", f"the input is {what}, not a CycloneDX or SPDX document"
            )
    if data[257:262] == b"ustar":
        raise UnrecognizedFormat.at("byte 257", "the input is a tar archive, not an SBOM")
    head = data[:65536]
    if b"\x00" in head:
        offset = head.index(b"\x00")
        raise UnrecognizedFormat.at(f"byte {offset}", "the input is binary (it contains NUL)")
    text = head.removeprefix(_UTF8_BOM).lstrip()
    if not text:
        raise UnrecognizedFormat.at(WHOLE_DOCUMENT, "the input is empty")
    if text[:1] in (b"{", b"["):
        return Syntax.JSON
    if text[:1] == b"<":
        return Syntax.XML
    if _TAG_VALUE_START.search(head):
        return Syntax.TAG_VALUE
    start = text[:40].decode("utf-8", "replace")
    raise UnrecognizedFormat.at(
        "line 1",
        f"not JSON, XML or SPDX tag-value (it begins {start!r}); "
        "expected CycloneDX JSON/XML, SPDX 2.2/2.3 JSON/tag-value or SPDX 3.0.1 JSON-LD",
    )


def classify_json(document: object) -> tuple[DocumentType, dict[str, Any]]:
    """CycloneDX, SPDX 2 or SPDX 3.0.1 (and the object) from parsed JSON; other JSON refused."""
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise UnrecognizedFormat.at("/", f"the JSON top level is a {kind}, not an SBOM object")
    if "bomFormat" in document:
        if document["bomFormat"] != "CycloneDX":
            raise UnrecognizedFormat.at(
                "/bomFormat", f"bomFormat is {document['bomFormat']!r}, expected 'CycloneDX'"
            )
        return DocumentType.CYCLONEDX, document
    if "spdxVersion" in document:
        return DocumentType.SPDX2, document
    context = document.get("@context")
    if context is not None and _SPDX3_CONTEXT.search(str(context)):
        if not _SPDX301_CONTEXT.search(str(context)):
            raise UnsupportedVersion.at(
                "/@context",
                f"SPDX 3 JSON-LD context {context} is not supported (supported: SPDX 3.0.1, "
                "https://spdx.org/rdf/3.0.1/spdx-context.jsonld)",
            )
        return DocumentType.SPDX3, document
    keys = ", ".join(sorted(document)[:8]) or "none"
    raise UnrecognizedFormat.at(
        "/",
        f"JSON object is neither CycloneDX (no 'bomFormat') nor SPDX (no 'spdxVersion'); "
        f"top-level keys: {keys}",
    )


def classify_xml(root: Element) -> str:
    """The CycloneDX spec version named by the root element's namespace."""
    match = _CDX_XML_NS.match(root.tag)
    if match:
        return match.group(1)
    if root.tag.endswith("}RDF") or root.tag == "RDF":
        raise UnsupportedVersion.at(
            "/" + root.tag, "SPDX RDF/XML is not supported; use SPDX JSON or tag-value"
        )
    raise UnrecognizedFormat.at(
        "/" + root.tag,
        "XML root is not a CycloneDX <bom> in a http://cyclonedx.org/schema/bom/1.x namespace",
    )
