"""Caps and hardened parsers for untrusted input (adapter layer).

Every byte that reaches ``rempart.formats`` comes from a user or a CI pipeline, so:

- **size** is checked before any parser sees the input (:func:`check_size`), and
  :func:`read_capped` stops reading a stream one byte past the cap instead of loading a
  200 MB upload into memory first;
- **nesting** is capped: the C JSON scanner raises ``RecursionError`` on absurd depth,
  which becomes :class:`InputTooLarge`; our own walkers stop at :data:`MAX_NESTING`;
- **XML** goes through defusedxml with DTDs, entity declarations and external references
  all refused, which stops billion-laughs (entity expansion) and XXE (external entities)
  before any expansion happens.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from rempart.formats.errors import (
    WHOLE_DOCUMENT,
    InputTooLarge,
    MalformedDocument,
    UnsafeXml,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# One byte cap per kind of input; the only place these numbers live. Edges and services
# import them from here (services may raise them through configuration, e.g. uploads).

#: cap for one SBOM handed to the parser directly; the largest real SBOM in our corpus is
#: 4 MB and a 10,000-component CycloneDX JSON about 11 MB, so 64 MiB leaves room
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: default largest SBOM upload to the server (``REMPART_UPLOAD_MAX_BYTES`` changes it)
SBOM_UPLOAD_MAX_BYTES = 100 * 1024 * 1024
#: largest SBOM a local command reads (``rempart sbom check``, ``rempart scan``)
SBOM_LOCAL_MAX_BYTES = 200 * 1024 * 1024
#: largest advisory catalog file read from disk (KEV JSON, EPSS CSV)
ADVISORY_CATALOG_MAX_BYTES = 200 * 1024 * 1024
#: largest advisory file uploaded on the advisory sources page (kept in the job row until run)
ADVISORY_UPLOAD_MAX_BYTES = 64 * 1024 * 1024
#: largest CISA KEV catalog document (the real one is about 1.5 MB)
KEV_MAX_BYTES = 64 * 1024 * 1024
#: largest EPSS CSV, after decompression (the real one is about 15 MB)
EPSS_MAX_BYTES = 256 * 1024 * 1024
#: largest threat CSV for a risk assessment
THREAT_CSV_MAX_BYTES = 1024 * 1024

#: deepest nesting of CycloneDX ``components`` (or XML elements) our walkers follow
MAX_NESTING = 64
#: deepest XML element nesting accepted (a CycloneDX document needs a few dozen levels;
#: libxml2, which the XSD validator uses, itself gives up at 2,048)
MAX_XML_DEPTH = 512
#: most components (packages) one SBOM may list; the largest real SBOMs list ~20,000
MAX_COMPONENTS = 100_000
#: most dependency edges (``dependsOn`` targets, relationships, nested components) per SBOM
MAX_EDGES = 500_000

_CHUNK = 1024 * 1024
# an escaped high surrogate not followed by a low one, or a low one not preceded by a high one
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LOW_SURROGATE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")
# CPython refuses to convert integers longer than this (``sys.get_int_max_str_digits``)
_LONG_NUMBER = re.compile(r"-?\d{4301,}")


def check_size(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse ``data`` longer than ``max_bytes`` before anything parses it."""
    if len(data) > max_bytes:
        raise InputTooLarge.at(
            WHOLE_DOCUMENT,
            f"input is {len(data):,} bytes; the limit is {max_bytes:,} bytes",
        )


def read_capped(stream: IO[bytes], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a binary stream, refusing it as soon as it passes ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes, so an oversized upload costs the cap in memory,
    not its full size.
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise InputTooLarge.at(
                f"byte {max_bytes + 1:,}",
                f"input exceeds the limit of {max_bytes:,} bytes (reading stopped there)",
            )


def parse_json(data: bytes) -> object:
    """``json.loads`` with every failure turned into a located :class:`FormatError`.

    The bytes are decoded strictly as UTF-8 first: ``json.loads(bytes)`` would let
    surrogate-encoded bytes through, and so would ``\\ud800`` escapes; both make strings
    that no UTF-8 writer (nor the schema validator) can handle later. An object that names
    one key twice is refused (RFC 8259 §4 leaves its meaning open; readers disagree on which
    value wins), and so is an integer longer than Python converts (4,300 digits).
    """
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise _syntax_error(error) from error
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
        raise MalformedDocument.at(where, f"JSON is not valid UTF-8 ({error.reason})") from error
    except RecursionError as error:
        raise InputTooLarge.at(WHOLE_DOCUMENT, "JSON nests too deeply to be an SBOM") from error
    except _DuplicateKey as error:
        try:  # a syntax error after the repeated key is the first thing to fix
            where = _duplicate_location(text)
        except json.JSONDecodeError as syntax:
            raise _syntax_error(syntax) from syntax
        raise MalformedDocument.at(
            where, f"the key {error.key!r} appears twice in one object; keys must be unique"
        ) from error
    except ValueError as error:  # the int conversion limit; nothing else json.loads raises
        raise MalformedDocument.at(
            _line_column(text, _LONG_NUMBER.search(text)),
            "a number has more than 4,300 digits; no SBOM field needs one",
        ) from error
    if _unpaired_surrogate_escape(text):
        try:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:
            raise MalformedDocument.at(
                WHOLE_DOCUMENT,
                "JSON contains an unpaired UTF-16 surrogate escape (\\ud800-\\udfff)",
            ) from error
    return document


def _syntax_error(error: json.JSONDecodeError) -> MalformedDocument:
    where = f"line {error.lineno}, column {error.colno}"
    hint = " (the document looks truncated)" if error.pos >= len(error.doc) - 1 else ""
    return MalformedDocument.at(where, f"invalid JSON ({error.msg}){hint}")


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: Sequence[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook``: the object as a dict, refused when a key repeats."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


class _Pairs(list[tuple[str, object]]):
    """An object kept as its key/value pairs, to find where a key repeats."""


def _duplicate_location(text: str) -> str:
    """The JSON pointer of the first object with a repeated key (a second, slower parse)."""
    stack: list[tuple[str, object]] = [("", json.loads(text, object_pairs_hook=_Pairs))]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, _Pairs):
            keys = [key for key, _item in value]
            if len(set(keys)) != len(keys):
                return pointer or "/"
            stack.extend((f"{pointer}/{_token(key)}", item) for key, item in reversed(value))
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{i}", item) for i, item in reversed(list(enumerate(value))))
    return WHOLE_DOCUMENT


def _token(key: str) -> str:
    """A JSON pointer reference token (RFC 6901), cut to stay readable."""
    return key[:64].replace("~", "~0").replace("/", "~1")


def _line_column(text: str, match: re.Match[str] | None) -> str:
    if match is None:
        return WHOLE_DOCUMENT
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return f"line {line}, column {column}"


def _unpaired_surrogate_escape(text: str) -> bool:
    """Whether a ``\\uD800``–``\\uDFFF`` escape stands alone (emoji come in pairs)."""
    for match in _SURROGATE_ESCAPE.finditer(text):
        start, high = match.start(), match.group()[3] in "89abAB"
        if high and not _LOW_SURROGATE.match(text, start + 6):
            return True
        if not high and not (start >= 6 and _SURROGATE_ESCAPE.match(text, start - 6)):
            return True
    return False


def parse_xml(data: bytes) -> Element:
    """Parse XML with DTDs, entities and external references refused (defusedxml)."""
    try:
        root: Element = SafeElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        # defusedxml aborts at the declaration itself, before any entity is expanded
        raise UnsafeXml.at(
            WHOLE_DOCUMENT,
            f"refused unsafe XML ({type(error).__name__}: {error}); DTDs, entity "
            "declarations and external references are not allowed in an SBOM",
        ) from error
    except (LookupError, ValueError) as error:  # expat looks the declared encoding up
        raise MalformedDocument.at(  # in codecs, and refuses multi-byte ones (UTF-32)
            "line 1",
            f"the XML declaration names an encoding that cannot be read ({error}); "
            "SBOMs must be UTF-8",
        ) from error
    except SafeElementTree.ParseError as error:
        line, column = error.position
        message = str(error).split(":", 1)[0]
        raise MalformedDocument.at(
            f"line {line}, column {column + 1}", f"invalid XML: {message}"
        ) from error
    _check_xml_depth(root)
    return root


def _check_xml_depth(root: Element) -> None:
    """Refuse elements nested deeper than :data:`MAX_XML_DEPTH` (walked without recursion)."""
    stack: list[tuple[Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            path = "/".join(child.tag.rsplit("}", 1)[-1] for child in (root, element))
            raise InputTooLarge.at(
                f"/{path}", f"XML elements nest deeper than {MAX_XML_DEPTH} levels"
            )
        stack.extend((child, depth + 1) for child in element)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_COMPONENTS",
    "MAX_EDGES",
    "MAX_NESTING",
    "MAX_XML_DEPTH",
    "check_size",
    "parse_json",
    "parse_xml",
    "read_capped",
]
