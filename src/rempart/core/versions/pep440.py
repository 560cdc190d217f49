"""PyPI versions: PEP 440 through ``packaging``, legacy versions by pip's old rules (core layer).

``packaging.version.Version`` implements the whole of PEP 440 (epochs, pre/post/dev releases,
local versions, normalisation such as ``1.0 == 1.0.0``) and compares about 17x faster than
univers' wrapper of the same class (docs/decisions/0003-version-semantics.md).

Versions that are not PEP 440 (``0.2.0-n653``, ``2019-09-12``, ``0.7.10p1``) still appear on
PyPI and in advisories. Refusing them made a whole advisory unreadable, so they are ordered
the way pip ordered them before PEP 440 (setuptools' ``parse_version``, kept by ``packaging``
as ``LegacyVersion`` until 22.0, and used by OSV tooling for the same reason):

- the lower-cased string is split into runs of digits, runs of letters, ``.`` and ``-``;
- ``pre``/``preview``/``rc`` read as ``c``, ``dev`` as ``@`` (before everything), ``-`` as
  ``final-``; dots vanish; numbers compare numerically, words as text, a number after a word;
- trailing zeros of each run of numbers are dropped (``1.0 == 1``); a ``final-`` right before
  a pre-release word is dropped; every version ends in ``final``;
- every legacy version sorts **before every PEP 440 version** (an implicit epoch of -1).

:func:`is_legacy` tells whether a string needed these rules; findings that rest on such a
comparison are marked (``Finding.legacy_ordering``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from packaging.version import InvalidVersion, Version

from rempart.core.versions.scheme import SortKey, VersionScheme

_LEGACY_PART = re.compile(r"(\d+|[a-z]+|\.|-)")
_LEGACY_WORDS = {"pre": "c", "preview": "c", "-": "final-", "rc": "c", "dev": "@"}
_PADDED_ZERO = "00000000"


def _legacy_parts(text: str) -> tuple[str, ...]:
    """The comparable parts of a legacy version (numbers zero-padded, words prefixed by ``*``)."""
    parts: list[str] = []
    for raw in (*_LEGACY_PART.split(text.lower()), None):
        if raw is None:
            part = "*final"
        else:
            word = _LEGACY_WORDS.get(raw, raw)
            if not word or word == ".":
                continue
            part = word.zfill(8) if word[0].isdigit() else "*" + word
        if part.startswith("*"):
            if part < "*final":  # a pre-release word: no "final-" before it
                while parts and parts[-1] == "*final-":
                    parts.pop()
            while parts and parts[-1] == _PADDED_ZERO:  # 1.0 == 1
                parts.pop()
        parts.append(part)
    return tuple(parts)


def _parse(text: str) -> SortKey | None:
    try:
        return (1, Version(text))
    except InvalidVersion:
        if not text.strip() or any(c.isspace() for c in text):
            return None
        return (0, _legacy_parts(text))


@lru_cache(maxsize=1 << 14)
def is_legacy(text: str) -> bool:
    """Whether ``text`` is not PEP 440 and is ordered by the legacy rules."""
    try:
        Version(text)
    except InvalidVersion:
        return True
    return False


PEP440 = VersionScheme("PEP 440", _parse)
