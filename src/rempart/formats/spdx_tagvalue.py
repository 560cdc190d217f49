"""SPDX 2.2/2.3 tag-value, parsed by spdx-tools and mapped like SPDX JSON (adapter layer).

Tag-value needs a real grammar (multi-line ``<text>`` blocks, licence expressions), so the
official spdx-tools parser reads it. Its document model is then converted by spdx-tools'
own JSON converter into the SPDX JSON dict shape, and :func:`rempart.formats.spdx.
parse_spdx_json` maps that — one mapping for both encodings. Tag-value SBOMs are small in
practice (tooling emits JSON for big ones), so the library's speed does not matter here.
"""

from __future__ import annotations

import re
from typing import Any

from ply import yacc  # type: ignore[import-untyped]
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.jsonschema import document_converter as _converter_module
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.tagvalue import parser as _parser_module

from rempart.core.component import Encoding, SbomDocument
from rempart.core.errors import Problem
from rempart.formats.errors import WHOLE_DOCUMENT, MalformedDocument
from rempart.formats.sbom_text import check_counts
from rempart.formats.spdx import parse_spdx_json

_LINE = re.compile(r"[Ll]ine:?\s*(\d+)")
_PACKAGE_LINE = re.compile(r"^\s*PackageName\s*:", re.MULTILINE)
_RELATIONSHIP_LINE = re.compile(r"^\s*Relationship\s*:", re.MULTILINE)
# spdx-tools is not fully typed; these stay ``Any`` on purpose and never leave this module
tagvalue_parser: Any = _parser_module
document_converter: Any = _converter_module

# spdx-tools' tag-value grammar calls license_expression.get_spdx_licensing() for every
# licence field, rebuilding the whole SPDX licence index each time (~40 ms per field). Its
# JSON parser already shares one module-level instance; point the tag-value grammar at that
# same instance. Behaviour is unchanged (same object type, same licence list), parsing gets
# ~10x faster.
tagvalue_parser.get_spdx_licensing = lambda: spdx_licensing


def parse_spdx_tag_value(data: bytes) -> SbomDocument:
    """Parse SPDX tag-value bytes; syntax errors name the line where they can be found."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedDocument.at(f"byte {error.start}", "tag-value is not valid UTF-8") from error
    # A fresh parser per document (spdx-tools keeps state on it); tables are not written to
    # site-packages and PLY's table-generation chatter is silenced.
    parser: Any = tagvalue_parser.Parser(
        write_tables=False, debug=False, errorlog=yacc.NullLogger()
    )
    check_counts(
        len(_PACKAGE_LINE.findall(text)),
        len(_RELATIONSHIP_LINE.findall(text)),
        ("PackageName", "Relationship"),
    )
    try:
        document = parser.parse(text)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as error:
        # spdx-tools' grammar actions fail with plain Python errors on some malformed lines
        # (``Relationship:`` with no value raises KeyError): a syntax error all the same
        raise MalformedDocument.at(
            _error_line(text), f"invalid SPDX tag-value ({type(error).__name__}: {error})"
        ) from error
    except SPDXParsingError as error:
        failure: Any = error
        problems = [
            Problem(_locate(text, message), message, "SPDX 2.3 tag-value")
            for message in failure.get_messages()
        ]
        raise MalformedDocument(f"invalid SPDX tag-value: {problems[0]}", problems) from error
    converter: Any = document_converter.DocumentConverter()
    try:
        converted = converter.convert(document)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as error:
        raise MalformedDocument.at(
            WHOLE_DOCUMENT,
            f"SPDX tag-value cannot be read as SPDX 2 ({type(error).__name__}: {error})",
        ) from error
    return parse_spdx_json(converted, Encoding.TAG_VALUE)


def _error_line(text: str) -> str:
    """The first tag line without a value (what makes spdx-tools' grammar fail), if any."""
    for number, line in enumerate(text.splitlines(), start=1):
        tag, colon, value = line.partition(":")
        if colon and tag.strip() and not value.strip() and not tag.startswith("#"):
            return f"line {number}"
    return WHOLE_DOCUMENT


def _locate(text: str, message: str) -> str:
    """``line N`` for an spdx-tools message: its own line number, else the quoted value's line."""
    match = _LINE.search(message)
    if match:
        return f"line {match.group(1)}"
    value = message.rstrip("'\"]) ").rsplit(": ", 1)[-1]
    if value:
        for number, line in enumerate(text.splitlines(), start=1):
            if value in line:
                return f"line {number}"
    return WHOLE_DOCUMENT
