"""RubyGems versions through univers' port of ``Gem::Version`` (core layer).

Segments split on dots and on letter/digit boundaries; any segment with a letter makes the
version a pre-release (``1.0.0.pre < 1.0.0``, ``1.0.a < 1.0``), a ``-`` means ``.pre.``
(``1.0.0-1 < 1.0.0``) and trailing zero segments do not count (``1.0 == 1.0.0``).
"""

from __future__ import annotations

from univers import gem as univers_gem

from rempart.core.versions.scheme import SortKey, VersionScheme


def _parse(text: str) -> SortKey | None:
    stripped = text.strip()
    if not stripped or not univers_gem.GemVersion.is_correct(stripped):
        return None
    try:
        version: SortKey = univers_gem.GemVersion(stripped)  # type: ignore[no-untyped-call]
    except (ValueError, univers_gem.InvalidRequirementError):
        return None
    return version


GEM = VersionScheme("RubyGems", _parse)
