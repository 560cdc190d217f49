"""Go module versions (core layer).

Go module versions are SemVer 2.0 with a mandatory ``v`` (``v1.2.3``); the OSV Go database writes
them without it (``1.2.3``), so both are accepted. Everything else follows from SemVer:

- pseudo-versions (``v0.0.0-20191109021931-daa7c04131f5``, ``v1.2.4-0.2019...-abcdef``) are
  pre-releases and sort exactly as the go command sorts them;
- ``+incompatible`` is build metadata and is ignored for precedence
  (``v2.0.0+incompatible == v2.0.0``);
- ``golang.org/x/mod/semver`` shorthands ``v1`` and ``v1.2`` mean ``v1.0.0`` and ``v1.2.0``.

The standard library and toolchain are tagged ``go1.21``, ``go1.21.3``, ``go1.21rc2``; like the
Go vulnerability database we read them as ``1.21.0``, ``1.21.3``, ``1.21.0-rc.2``.
"""

from __future__ import annotations

import re

from rempart.core.versions.scheme import SortKey, VersionScheme
from rempart.core.versions.semver import semver_key

_SHORTHAND = re.compile(r"^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$")
_GO_TAG = re.compile(r"^go(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:(alpha|beta|rc)(\d+))?$")


def _toolchain_key(text: str) -> SortKey | None:
    match = _GO_TAG.match(text)
    if match is None:
        return None
    major, minor, patch, stage, number = match.groups()
    semver = f"{major}.{minor}.{patch or 0}"
    if stage:
        semver += f"-{stage}.{number}"
    return semver_key(semver)


def _parse(text: str) -> SortKey | None:
    if text.startswith("go"):
        return _toolchain_key(text)
    bare = text[1:] if text.startswith("v") else text
    key = semver_key(bare)
    if key is not None:
        return key
    shorthand = _SHORTHAND.match(bare)
    if shorthand is not None and text.startswith("v"):
        return semver_key(f"{shorthand[1]}.{shorthand[2] or 0}.0")
    return None


GO = VersionScheme("Go module", _parse, semver_compatible=True)
