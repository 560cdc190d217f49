"""SemVer 2.0 precedence for npm, crates.io, Hex, SwiftURL and OSV ``SEMVER`` ranges (core layer).

Our own parser, because univers' ``SemverVersion`` takes invalid input such as ``1.2`` without
complaint and compares about 10x slower (docs/decisions/0003-version-semantics.md). The key is a
plain tuple, so comparisons run at C speed:

``(major, minor, patch, pre)`` where ``pre`` is ``(1,)`` for a release and
``(0, id1, id2, ...)`` for a pre-release, each identifier ``(0, n)`` if numeric or ``(1, s)``
otherwise. That encodes semver.org section 11 exactly: a pre-release sorts before its release,
numeric identifiers sort numerically and before alphanumeric ones, and a longer identifier list
wins when all shared identifiers are equal. Build metadata (``+...``) is ignored.

npm follows the same precedence (node-semver ``compare``); its parser additionally accepts a
leading ``v`` or ``=`` (``semver.clean``), which :data:`NPM` allows.
"""

from __future__ import annotations

import re

from rempart.core.versions.scheme import SortKey, VersionScheme

# semver.org's recommended regular expression, split for readability; numeric parts have no
# leading zeros, identifiers are [0-9A-Za-z-].
_NUM = r"0|[1-9]\d*"
_PRE_ID = r"(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
_BUILD_ID = r"[0-9a-zA-Z-]+"
SEMVER_RE = re.compile(
    rf"^(?P<major>{_NUM})\.(?P<minor>{_NUM})\.(?P<patch>{_NUM})"
    rf"(?:-(?P<pre>{_PRE_ID}(?:\.{_PRE_ID})*))?"
    rf"(?:\+(?P<build>{_BUILD_ID}(?:\.{_BUILD_ID})*))?$"
)

#: the key part that makes a release sort after all of its pre-releases
RELEASE = (1,)


def prerelease_key(pre: str | None) -> tuple[object, ...]:
    """The sortable form of a dot-separated pre-release string (``None`` for a release)."""
    if pre is None:
        return RELEASE
    idents = ((0, int(i)) if i.isdigit() else (1, i) for i in pre.split("."))
    return (0, *idents)


def semver_key(text: str) -> SortKey | None:
    """The key of a strict SemVer 2.0 string (no ``v`` prefix), or ``None``."""
    match = SEMVER_RE.match(text)
    if match is None:
        return None
    return (
        int(match["major"]),
        int(match["minor"]),
        int(match["patch"]),
        prerelease_key(match["pre"]),
    )


def _npm_key(text: str) -> SortKey | None:
    # node-semver's clean(): surrounding blanks and a leading "=" or "v" are tolerated.
    return semver_key(text.strip().lstrip("=vV").strip())


def _lenient_key(text: str) -> SortKey | None:
    # OSV SEMVER ranges say "no leading v", but component versions often carry one.
    return semver_key(text[1:] if text[:1] in ("v", "V") else text)


#: SemVer 2.0 exactly (crates.io, Hex, SwiftURL, Bitnami)
SEMVER = VersionScheme("SemVer 2.0", semver_key, semver_compatible=True)
#: npm: SemVer 2.0 precedence, node-semver's tolerant parsing
NPM = VersionScheme("npm SemVer", _npm_key, semver_compatible=True)
#: OSV ``SEMVER`` ranges in an ecosystem whose own scheme is not SemVer
SEMVER_LENIENT = VersionScheme("SemVer 2.0 (leading v)", _lenient_key, semver_compatible=True)
