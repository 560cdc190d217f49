"""PyPI versions: PEP 440 through ``packaging`` (core layer).

``packaging.version.Version`` implements the whole of PEP 440 (epochs, pre/post/dev releases,
local versions, normalisation such as ``1.0 == 1.0.0``) and compares about 17x faster than
univers' wrapper of the same class (docs/decisions/0003-version-semantics.md).

Legacy, non-PEP 440 versions (``0.7.10p1``, ``2.0.0-final``) are refused, as ``pip`` refuses
them since 2022: a component with such a version is "not assessed", and an advisory that lists
one in its ``versions`` array still matches it by exact string
(:mod:`rempart.core.versions.ranges`).
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from rempart.core.versions.scheme import SortKey, VersionScheme


def _parse(text: str) -> SortKey | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


PEP440 = VersionScheme("PEP 440", _parse)
