"""Maven versions: Maven's ComparableVersion through univers, patched (core layer).

univers ships a port of Maven's ``ComparableVersion`` that orders qualifiers correctly
(alpha < beta < milestone < rc = cr < snapshot < "" = ga = final < sp, unknown qualifiers
after, ``1.0a1 == 1.0-alpha-1``), but misses one alias that Maven itself implements:
``release`` means the same as ``ga`` and ``final`` (``1.0.RELEASE == 1.0``, common in Spring
artifacts). :class:`_MavenVersion` adds it without touching univers' module-level table, so
other users of univers in the same process are unaffected.

Known difference, documented in docs/decisions/0003-version-semantics.md: for ``1-1`` versus
``1-ga-1`` univers (like Maven 3.x) says ``1-1 > 1-ga-1`` while OSV-Scanner's fixtures say equal.
"""

from __future__ import annotations

from univers import maven as univers_maven

from rempart.core.versions.scheme import SortKey, VersionScheme

#: qualifiers that Maven treats as "no qualifier", beyond univers' ``ga`` and ``final``
_RELEASE_ALIASES = frozenset({"release"})


class _MavenVersion(univers_maven.Version):
    """univers' ComparableVersion port with Maven's ``release`` alias."""

    def _parse_buffer(self, buf: str, followed_by_digit: bool = False) -> object:
        if buf in _RELEASE_ALIASES:
            return ""
        parsed: object = super()._parse_buffer(buf, followed_by_digit)  # type: ignore[no-untyped-call]
        return parsed


def _parse(text: str) -> SortKey | None:
    stripped = text.strip()
    # ComparableVersion accepts any string; refuse the ones that cannot be a version at all.
    if not stripped or not stripped[0].isalnum() or any(c.isspace() for c in stripped):
        return None
    try:
        version: SortKey = _MavenVersion(stripped)  # type: ignore[no-untyped-call]
    except (ValueError, RuntimeError):
        return None
    return version


MAVEN = VersionScheme("Maven ComparableVersion", _parse)
