"""The one entry point for SBOM bytes: :func:`parse_sbom` (adapter layer).

Services call this and nothing else to read an uploaded SBOM. It caps the size, sniffs the
syntax from the content (never from a file name), parses with hardened parsers, checks the
format's schema and maps the result onto :class:`rempart.core.component.SbomDocument`.
Every refusal is a located :class:`rempart.formats.errors.LocatedFormatError`; problems
that leave the data usable come back in ``SbomDocument.warnings`` / ``.problems``.
"""

from __future__ import annotations

from rempart.core.component import SbomDocument
from rempart.formats import cyclonedx, cyclonedx_xml, spdx, spdx3, spdx_tagvalue
from rempart.formats.detect import DocumentType, Syntax, classify_json, classify_xml, sniff
from rempart.formats.limits import DEFAULT_MAX_BYTES, check_size, parse_json, parse_xml
from rempart.formats.sbom_text import refuse_nul_in_json, refuse_nul_in_text


def parse_sbom(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = False
) -> SbomDocument:
    """Read CycloneDX 1.2–1.7 (JSON, XML), SPDX 2.2/2.3 (JSON, tag-value) or SPDX 3.0 bytes.

    Lenient by default: schema violations about value formats only are accepted and listed
    in ``SbomDocument.schema_violations``; ``strict`` refuses them (docs/sbom-quality.md).

    Raises a :class:`~rempart.formats.errors.LocatedFormatError` subclass naming the problem
    and its location: ``InputTooLarge`` (checked before parsing), ``UnrecognizedFormat``
    (ZIP, gzip, binary, other JSON), ``UnsupportedVersion`` (CycloneDX 1.0/1.1),
    ``UnsafeXml``, ``MalformedDocument``, ``SchemaViolation``, ``InconsistentDocument``
    or ``InvalidText`` (NUL, a value longer than its column: :mod:`.sbom_text`); more
    components or edges than :data:`~rempart.formats.limits.MAX_COMPONENTS` /
    :data:`~rempart.formats.limits.MAX_EDGES` is ``InputTooLarge``.
    """
    check_size(data, max_bytes)
    syntax = sniff(data)
    if syntax is Syntax.TAG_VALUE:
        refuse_nul_in_text(data)
        return spdx_tagvalue.parse_spdx_tag_value(data)
    if syntax is Syntax.XML:
        root = parse_xml(data)
        version = classify_xml(root)
        return cyclonedx_xml.parse_cyclonedx_xml(data, root, version, strict=strict)
    parsed = parse_json(data)
    refuse_nul_in_json(data, parsed)
    kind, document = classify_json(parsed)
    if kind is DocumentType.CYCLONEDX:
        return cyclonedx.parse_cyclonedx_json(document, strict=strict)
    if kind is DocumentType.SPDX3:
        return spdx3.parse_spdx3_json(document, strict=strict)
    return spdx.parse_spdx_json(document)
