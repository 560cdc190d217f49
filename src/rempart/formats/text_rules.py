"""One set of text rules for every reader, so SQLite and PostgreSQL store the same (adapter layer).

PostgreSQL refuses two things SQLite silently stores: the NUL character (U+0000) in any
``text``/``varchar`` value or ``jsonb`` string, and strings longer than a ``varchar(n)``
column. Lone UTF-16 surrogates (``"\\ud800"`` in JSON) cannot be encoded as UTF-8 at all.
Rather than let each database decide (psycopg ``DataError`` on one, silent storage on the
other), every reader applies these rules at the format boundary, with a located message:

- **NUL is refused, never stripped.** A string (or a JSON object key) containing U+0000 is
  an error at its location. Stripping would change identities silently: ``"lib\\0ssl"``
  would become ``"libssl"``, another package.
- **Unencodable text is refused**: a lone surrogate (U+D800–U+DFFF) anywhere.
- **Lengths are checked, not truncated**, for identifying fields: a name longer than
  :data:`MAX_NAME`, a purl longer than :data:`MAX_PURL`, an id longer than :data:`MAX_ID`...
  Free text (summaries, descriptions) has no length rule here; the stores cut it.

What a refusal means is the reader's policy, documented in each reader: an OSV or CVE
record is skipped and counted; a KEV catalog or EPSS file is refused whole (feeds are
all-or-nothing); an SBOM is refused with the location.

The limits below match the store's columns (``rempart.store.models``); the store never
sees a longer value from a reader that applies them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rempart.formats.errors import LocatedFormatError

#: component / package names (``varchar(1000)`` columns)
MAX_NAME = 1000
#: package URLs (``varchar(2000)``)
MAX_PURL = 2000
#: versions (``varchar(300)``)
MAX_VERSION = 300
#: advisory / vulnerability ids (``varchar(200)``)
MAX_ID = 200
#: ecosystem names, stored with their release (``Debian:12``; ``varchar(100)``)
MAX_ECOSYSTEM = 100
#: CVE ids (``varchar(32)``)
MAX_CVE_ID = 32
#: deepest nesting :func:`check_document` walks (JSON parsers refuse deeper input before)
MAX_DOCUMENT_DEPTH = 512


class InvalidText(LocatedFormatError):
    """A string breaks the text rules: NUL, a lone surrogate, or too long for its field."""

    kind = "format.text"


def text_problem(value: str, max_length: int | None = None) -> str | None:
    """Why ``value`` breaks the rules, or ``None`` when it is acceptable."""
    if "\x00" in value:
        return f"contains the NUL character (U+0000) at offset {value.index(chr(0))}"
    if max_length is not None and len(value) > max_length:
        return f"is {len(value):,} characters long; the limit is {max_length:,}"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"contains an unpaired UTF-16 surrogate at offset {error.start}"
    return None


def clean_text(value: str, where: str, *, max_length: int | None = None) -> str:
    """Return ``value`` unchanged if it follows the rules; else raise :class:`InvalidText`.

    ``where`` is the location in the input (a JSON pointer, a line, an XML path).
    """
    problem = text_problem(value, max_length)
    if problem is not None:
        raise InvalidText.at(where, f"text {problem}")
    return value


def check_document(document: Any, where: str = "") -> None:
    """Apply the NUL and encoding rules to every string and key of a JSON-like value.

    Raises :class:`InvalidText` at the JSON pointer of the first offending string (or key).
    Iterative, so depth costs no Python stack; deeper than :data:`MAX_DOCUMENT_DEPTH` is
    refused too.
    """
    for pointer, text in _strings(document, where):
        problem = text_problem(text)
        if problem is not None:
            raise InvalidText.at(pointer or "/", f"text {problem}")


def _strings(document: Any, root: str) -> Iterator[tuple[str, str]]:
    stack: list[tuple[str, Any, int]] = [(root, document, 0)]
    while stack:
        pointer, value, depth = stack.pop()
        if isinstance(value, str):
            yield pointer, value
        elif isinstance(value, dict | list):
            if depth >= MAX_DOCUMENT_DEPTH:
                raise InvalidText.at(pointer or "/", f"nests deeper than {MAX_DOCUMENT_DEPTH}")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                step = f"{pointer}/{_escape(str(key))}"
                if isinstance(key, str):
                    yield f"{step} (key)", key
                stack.append((step, item, depth + 1))


def _escape(token: str) -> str:
    """A JSON pointer token, readable in a message (NUL shown as ``\\u0000``, long keys cut)."""
    shown = token if len(token) <= 64 else f"{token[:64]}…"
    return shown.replace("~", "~0").replace("/", "~1").replace("\x00", "\\u0000")


__all__ = [
    "MAX_CVE_ID",
    "MAX_ECOSYSTEM",
    "MAX_ID",
    "MAX_NAME",
    "MAX_PURL",
    "MAX_VERSION",
    "InvalidText",
    "check_document",
    "clean_text",
    "text_problem",
]
