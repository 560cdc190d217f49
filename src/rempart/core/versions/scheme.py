"""What every version scheme offers: parse a string into a sortable key (core layer).

A :class:`VersionScheme` turns a version string into a *key*: an object that sorts like the
version under the ecosystem's rules. Keys of one scheme are only ever compared with ``<`` and
``==`` (some library types, such as univers' Maven and Gentoo versions, implement only those
two correctly), so :mod:`rempart.core.versions.ranges` derives ``>=`` as ``not <``.

Parsing is cached per scheme (:func:`functools.lru_cache`): one scan asks for the same few
thousand strings again and again, and every advisory range re-uses its event versions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cmp_to_key, lru_cache
from typing import Any, Protocol

from rempart.core.errors import InvalidInput

#: parsed versions kept per scheme; large enough for a 10,000-component SBOM plus every
#: event version of a full OSV ecosystem dump
CACHE_SIZE = 1 << 17


class SortKey(Protocol):
    """A parsed version: totally ordered by ``<`` within its scheme, equal by ``==``."""

    def __lt__(self, other: Any, /) -> bool: ...


class UnparsableVersion(InvalidInput):
    """A version string does not follow its ecosystem's version syntax."""

    kind = "unparsable_version"


class VersionScheme:
    """A named version syntax with a cached parser.

    ``parser`` returns the key, or ``None`` when the string is not a version of this scheme;
    it never raises for bad input, so the cache can remember refusals too.
    """

    __slots__ = ("_cached", "name", "semver_compatible")

    def __init__(
        self,
        name: str,
        parser: Callable[[str], SortKey | None],
        *,
        semver_compatible: bool = False,
    ) -> None:
        self.name = name
        #: True when OSV ``SEMVER`` ranges can be evaluated with this very scheme
        self.semver_compatible = semver_compatible
        self._cached = lru_cache(maxsize=CACHE_SIZE)(parser)

    def __repr__(self) -> str:
        return f"VersionScheme({self.name!r})"

    def try_parse(self, text: str) -> SortKey | None:
        """The key of ``text``, or ``None`` when it is not a valid version of this scheme."""
        if not text or len(text) > 256:  # no real version is longer; keeps hostile input cheap
            return None
        return self._cached(text)

    def parse(self, text: str) -> SortKey:
        """The key of ``text``; raises :class:`UnparsableVersion` when it is not valid."""
        key = self.try_parse(text)
        if key is None:
            raise UnparsableVersion.single(
                "version", f"{text!r} is not a valid {self.name} version"
            )
        return key

    def is_valid(self, text: str) -> bool:
        """Whether ``text`` parses under this scheme."""
        return self.try_parse(text) is not None

    def compare(self, left: str, right: str) -> int:
        """-1, 0 or 1 as ``left`` sorts before, equal to or after ``right``."""
        a, b = self.parse(left), self.parse(right)
        if a < b:
            return -1
        if b < a:
            return 1
        return 0

    def sorted(self, versions: list[str]) -> list[str]:
        """``versions`` in ascending order under this scheme (all must be valid)."""
        return sorted(versions, key=cmp_to_key(self.compare))

    def cache_info(self) -> Any:
        """Hit/miss statistics of the parse cache (for benchmarks)."""
        return self._cached.cache_info()

    def clear_cache(self) -> None:
        """Forget every parsed version (benchmarks measure cold parsing with this)."""
        self._cached.cache_clear()
