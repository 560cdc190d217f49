"""OSV affected ranges: is this version inside them? (core layer)

Implements the evaluation of OSV schema ``affected[].ranges`` and ``affected[].versions``
(ossf/osv-schema ``docs/schema.md``, section "Evaluation"):

- A version is affected if it equals an entry of the explicit ``versions`` list or lies in
  any range.
- Within one range, events are sorted by version (``introduced: "0"`` first) and replayed as a
  timeline: ``introduced`` turns "affected" on when ``v >= introduced``; ``fixed`` turns it
  off when ``v >= fixed``; ``last_affected`` turns it off when ``v > last_affected``.
  Several ``introduced`` events (several intervals) and unsorted events are therefore fine.
- ``limit`` events bound the range: if any exist, ``v`` must be below at least one of them;
  ``limit: "*"`` means infinity.
- Events at one version keep the record's order (a stable sort, as the schema's pseudocode
  ``sorted(range.events)`` does): RustSec writes ``introduced: 0.10.0, fixed: 0.10.0`` for an
  empty interval, so 0.10.0 is not affected; PYSEC-2022-236 closes ``[0, 3.1.1)`` before it
  reopens ``[3.1.1, 3.1.3)``, so 3.1.1 is. docs/version-correctness.md lists every record of
  the shared data where such ties matter.
- ``GIT`` ranges name commits; without the repository they cannot be evaluated, so only the
  record's ``versions`` list (which OSV fills from the git tags) is used for them.

Keys come from a :class:`~rempart.core.versions.scheme.VersionScheme` and are compared with
``<`` only. Parsing an advisory happens once (:func:`compile_affected`); each check is then a
few tuple comparisons.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rempart.core.errors import InvalidInput
from rempart.core.versions.scheme import SortKey, VersionScheme
from rempart.core.versions.semver import SEMVER_LENIENT


class RangeType(StrEnum):
    """``affected[].ranges[].type`` of the OSV schema."""

    SEMVER = "SEMVER"
    ECOSYSTEM = "ECOSYSTEM"
    GIT = "GIT"


class EventKind(StrEnum):
    """The four OSV range events."""

    INTRODUCED = "introduced"
    FIXED = "fixed"
    LAST_AFFECTED = "last_affected"
    LIMIT = "limit"


@dataclass(frozen=True, slots=True)
class Event:
    """One range event, its version exactly as the advisory wrote it."""

    kind: EventKind
    version: str


@dataclass(frozen=True, slots=True)
class AffectedRange:
    """One ``affected[].ranges[]`` entry (``repo`` only for ``GIT``)."""

    type: RangeType
    events: tuple[Event, ...]
    repo: str | None = None

    def versions_of(self, kind: EventKind) -> tuple[str, ...]:
        """The versions of every event of one kind, in record order."""
        return tuple(event.version for event in self.events if event.kind is kind)

    def describe(self) -> str:
        """``introduced 0, fixed 1.2.3`` — for reports."""
        return ", ".join(f"{event.kind.value} {event.version}" for event in self.events)


class InvalidRange(InvalidInput):
    """A range breaks the OSV schema or names a version its ecosystem cannot parse."""

    kind = "invalid_range"


def check_events(events: Sequence[Event]) -> None:
    """Refuse event lists that break the OSV schema's requirements on ``events``."""
    kinds = {event.kind for event in events}
    if EventKind.INTRODUCED not in kinds:
        raise InvalidRange.single("events", "a range needs at least one introduced event")
    if EventKind.FIXED in kinds and EventKind.LAST_AFFECTED in kinds:
        raise InvalidRange.single("events", "a range cannot have both fixed and last_affected")


@dataclass(frozen=True, slots=True)
class CompiledRange:
    """A range with parsed keys, its events sorted for replay."""

    source: AffectedRange
    scheme: VersionScheme  # SEMVER ranges of non-SemVer ecosystems use SemVer, not the ecosystem's
    steps: tuple[tuple[EventKind, SortKey | None], ...]  # None: "introduced 0"
    limits: tuple[SortKey, ...]  # empty: no limit, or only "*"

    def contains_version(self, version: str) -> bool | None:
        """Whether ``version`` is affected; ``None`` when this range's scheme cannot parse it."""
        key = self.scheme.try_parse(version)
        return None if key is None else self.contains(key)

    def contains(self, key: SortKey) -> bool:
        """Whether the version with ``key`` is affected by this range (OSV evaluation)."""
        if self.limits and not any(key < limit for limit in self.limits):
            return False
        affected = False
        for kind, bound in self.steps:
            if bound is None:  # "introduced: 0", before every version
                affected = True
            elif kind is EventKind.INTRODUCED:
                affected = affected or not key < bound
            elif kind is EventKind.FIXED:
                affected = affected and key < bound
            else:  # LAST_AFFECTED: still affected up to and including the bound
                affected = affected and not bound < key
        return affected


def scheme_for_range(range_type: RangeType, ecosystem_scheme: VersionScheme) -> VersionScheme:
    """The scheme a range's versions follow: SEMVER ranges use SemVer 2.0 precedence."""
    if range_type is RangeType.SEMVER and not ecosystem_scheme.semver_compatible:
        return SEMVER_LENIENT
    return ecosystem_scheme


def compile_range(affected_range: AffectedRange, scheme: VersionScheme) -> CompiledRange:
    """Parse every event version once; raises :class:`InvalidRange` for a bad range."""
    if affected_range.type is RangeType.GIT:
        raise InvalidRange.single("type", "GIT ranges cannot be evaluated without the repository")
    check_events(affected_range.events)
    scheme = scheme_for_range(affected_range.type, scheme)
    steps: list[tuple[int, EventKind, SortKey | None]] = []
    limits: list[SortKey] = []
    for index, event in enumerate(affected_range.events):
        if event.kind is EventKind.LIMIT:
            if "*" not in event.version:
                limits.append(_parse_event(scheme, event))
            continue
        if event.kind is EventKind.INTRODUCED and event.version == "0":
            steps.append((index, event.kind, None))
        else:
            steps.append((index, event.kind, _parse_event(scheme, event)))
    ordered = sorted(steps, key=_StepOrder)
    return CompiledRange(
        affected_range, scheme, tuple((kind, key) for _i, kind, key in ordered), tuple(limits)
    )


class _StepOrder:
    """Sort key for replay: "introduced 0" first, then by version, then record order."""

    __slots__ = ("bound", "index")

    def __init__(self, step: tuple[int, EventKind, SortKey | None]) -> None:
        self.index, _kind, self.bound = step

    def __lt__(self, other: _StepOrder) -> bool:
        if self.bound is None or other.bound is None:
            if (self.bound is None) != (other.bound is None):
                return self.bound is None
        elif self.bound < other.bound:
            return True
        elif other.bound < self.bound:
            return False
        return self.index < other.index


def _parse_event(scheme: VersionScheme, event: Event) -> SortKey:
    key = scheme.try_parse(event.version)
    if key is None:
        raise InvalidRange.single(
            event.kind.value, f"{event.version!r} is not a valid {scheme.name} version"
        )
    return key


@dataclass(frozen=True, slots=True)
class ListedVersions:
    """An explicit ``versions`` list: exact strings, plus sorted keys of the parsable ones."""

    strings: frozenset[str]
    keys: tuple[SortKey, ...]  # ascending; equality derived from ``<``

    def contains(self, version: str, key: SortKey | None) -> bool:
        """Whether ``version`` is listed, as the same string or an equal version."""
        if version in self.strings:
            return True
        if key is None or not self.keys:
            return False
        at = bisect_left(self.keys, key)  # keys order by "<"
        return at < len(self.keys) and not key < self.keys[at]


def compile_versions(versions: Sequence[str], scheme: VersionScheme | None) -> ListedVersions:
    """Index a ``versions`` list; strings the scheme cannot parse still match exactly."""
    keys: list[SortKey] = []
    if scheme is not None:
        keys = [key for key in map(scheme.try_parse, versions) if key is not None]
    keys.sort()  # keys order by "<"
    return ListedVersions(frozenset(versions), tuple(keys))
