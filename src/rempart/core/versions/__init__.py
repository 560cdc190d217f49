"""Version semantics per ecosystem and OSV range evaluation (core layer).

- ``scheme``: the :class:`VersionScheme` contract (parse to a sortable key, cached).
- one module per version family: ``pep440`` (PyPI), ``semver`` (npm, crates.io, Hex,
  SwiftURL, OSV SEMVER ranges), ``golang``, ``maven``, ``debian`` (dpkg), ``alpine`` (apk),
  ``rpm``, ``rubygems``, ``nuget``, ``packagist`` (Composer).
- ``ecosystems``: OSV ecosystem name -> scheme, or "known but unsupported".
- ``names``: package-name normalization per ecosystem; ``purls``: purl -> OSV package.
- ``ranges``: OSV ``affected[].ranges`` / ``versions`` evaluation.

Why each family uses univers, ``packaging`` or our own code, with measured numbers:
docs/decisions/0003-version-semantics.md.
"""

from __future__ import annotations

from rempart.core.versions.ecosystems import Ecosystem, ecosystem, known_ecosystems, split_ecosystem
from rempart.core.versions.names import normalize_name
from rempart.core.versions.purls import (
    PackageKey,
    PackageRef,
    PurlProblem,
    Unidentified,
    identify_purl,
)
from rempart.core.versions.ranges import (
    AffectedRange,
    CompiledRange,
    Event,
    EventKind,
    InvalidRange,
    RangeType,
    compile_range,
    compile_versions,
)
from rempart.core.versions.scheme import SortKey, UnparsableVersion, VersionScheme

__all__ = [
    "AffectedRange",
    "CompiledRange",
    "Ecosystem",
    "Event",
    "EventKind",
    "InvalidRange",
    "PackageKey",
    "PackageRef",
    "PurlProblem",
    "RangeType",
    "SortKey",
    "Unidentified",
    "UnparsableVersion",
    "VersionScheme",
    "compile_range",
    "compile_versions",
    "ecosystem",
    "identify_purl",
    "known_ecosystems",
    "normalize_name",
    "split_ecosystem",
]
