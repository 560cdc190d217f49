"""Maven versions: Maven's ComparableVersion through univers, patched (core layer).

univers ships a port of Maven's ``ComparableVersion`` that orders qualifiers correctly
(alpha < beta < milestone < rc = cr < snapshot < "" = ga = final < sp, unknown qualifiers
after, ``1.0a1 == 1.0-alpha-1``), but misses one alias that Maven itself implements:
``release`` means the same as ``ga`` and ``final`` (``1.0.RELEASE == 1.0``, common in Spring
artifacts). :class:`_MavenVersion` adds it without touching univers' module-level table, so
other users of univers in the same process are unaffected.

It also applies Maven's MNG-6964 fix, which univers lacks: comparing a sub-list with "nothing"
looks at all its elements (``1-0.alpha < 1``, not equal).

Known difference, documented in docs/decisions/0003-version-semantics.md: for ``1-1`` versus
``1-ga-1`` univers (like Maven 3.x) says ``1-1 > 1-ga-1`` while OSV-Scanner's fixtures say equal.
"""

from __future__ import annotations

from typing import Any

from univers import maven as univers_maven

from rempart.core.versions.scheme import SortKey, VersionScheme

#: qualifiers that Maven treats as "no qualifier", beyond univers' ``ga`` and ``final``
_RELEASE_ALIASES = frozenset({"release"})


def _is_null(item: object) -> bool:
    """Maven's ``Item.isNull()``: 0, the empty qualifier, or an empty list."""
    return item == 0 or item == "" or (isinstance(item, tuple) and not item)


def _normalized(item: object) -> object:
    """Maven's ``ListItem.normalize()`` applied innermost list first, as Maven does.

    univers normalizes a sublist when the next one opens and the outermost list at the end, but
    never revisits the lists in between, so ``0-0-0`` stays ``(((),),)`` where Maven has ``()``
    (equal to ``0``). Unfixed, that breaks transitivity: univers put ``0-0-0`` below
    ``0.alpha`` although ``0.alpha < 0.0 == 0-0-0``.
    """
    if not isinstance(item, tuple):
        return item
    items = [_normalized(child) for child in item]
    for index in range(len(items) - 1, -1, -1):
        if _is_null(items[index]):
            del items[index]
        elif not isinstance(items[index], tuple):
            break
    return tuple(items)


class _MavenVersion(univers_maven.Version):
    """univers' ComparableVersion port with Maven's ``release`` alias and full normalization."""

    def __init__(self, version: str) -> None:
        super().__init__(version)  # type: ignore[no-untyped-call]
        self._parsed = _normalized(self._parsed)

    def _list_compare(self, items: Any, other: Any) -> int:
        """Maven's ``ListItem.compareTo(null)`` since MNG-6964: every element counts, not just
        the first, so ``1-0.alpha < 1`` (univers still stops at the first element: equal)."""
        if other is None:
            for item in items:
                result: int = self._compare(item, None)  # type: ignore[no-untyped-call]
                if result != 0:
                    return result
            return 0
        compared: int = super()._list_compare(items, other)  # type: ignore[no-untyped-call]
        return compared

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
        version: SortKey = _MavenVersion(stripped)
    except (ValueError, RuntimeError):
        return None
    return version


MAVEN = VersionScheme("Maven ComparableVersion", _parse)
