"""One spelling per package name and ecosystem, so SBOM names meet advisory names (core layer).

Advisories and SBOMs spell the same package differently (``Django_Rest-Framework`` in a
requirements file, ``django-rest-framework`` in OSV). Both sides of a lookup go through
:func:`normalize_name`; each rule follows the registry's own notion of identity:

- PyPI: PEP 503 (runs of ``-``, ``_`` and ``.`` become ``-``; lower case).
- npm: lower case (npm refuses new mixed-case names; ``@scope/name`` kept whole).
- crates.io: lower case with ``_`` as ``-`` (crates.io refuses names that differ only so).
- NuGet, Packagist, RubyGems, Hex, Pub: lower case (their registries are case-insensitive).
- Maven: ``groupId:artifactId`` exactly (Maven coordinates are case-sensitive).
- Go: the module path, lower case, without a trailing ``/``. Paths are case-sensitive in
  theory, but modules that differ only in case do not coexist in practice (the module proxy
  escapes capitals), while some SBOM tools lower-case purls: matching case-insensitively
  avoids a false "clean" (124 affected entries of the Go database have capitals).
- SwiftURL: the repository URL without scheme and ``.git``, lower case.
- Linux distributions: source package names exactly.
"""

from __future__ import annotations

import re

_PEP503 = re.compile(r"[-_.]+")
_LOWER_CASE = frozenset({"npm", "NuGet", "Packagist", "RubyGems", "Hex", "Pub", "Bitnami"})


def normalize_name(ecosystem_base: str, name: str) -> str:
    """The lookup form of ``name`` in the OSV ecosystem ``ecosystem_base`` (no ``:`` suffix)."""
    name = name.strip()
    if ecosystem_base == "PyPI":
        return _PEP503.sub("-", name).lower()
    if ecosystem_base in _LOWER_CASE:
        return name.lower()
    if ecosystem_base == "crates.io":
        return name.lower().replace("_", "-")
    if ecosystem_base == "Go":
        return name.rstrip("/").lower()
    if ecosystem_base == "SwiftURL":
        return re.sub(r"^[a-z+]+://", "", name.lower()).removesuffix(".git").rstrip("/")
    return name
