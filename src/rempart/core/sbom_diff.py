"""What changed between two releases' components (core layer).

:func:`diff_components` compares the components of release A (``old``) with release B
(``new``) and sorts every difference into one of:

- **added** / **removed** — an identity present on one side only;
- **upgraded** / **downgraded** — same identity, a version that is really higher / lower
  under the ecosystem's own ordering (PEP 440 for pypi; univers' Maven, SemVer, Go,
  Debian, RPM, Alpine, RubyGems, NuGet and Composer schemes for those purl types);
- **unordered** — same identity, a different version, but no scheme can order the two
  (no purl, an unknown purl type, or an unparsable version): we say so rather than guess;
- **changed** — same identity and version, but a different hash set, licence, purl
  (e.g. qualifiers), CPE or supplier.

Identity (:func:`component_identity`) is the purl without version, qualifiers and subpath
(``pkg:npm/%40angular/core``), else ``type:group/name``. When an identity occurs several
times on a side (two versions of one npm package), equal versions pair first; the rest pair
in version order when both sides have the same count and every version is orderable,
one-to-one when one is left on each side, and otherwise count as added/removed.

The ordering helper is private on purpose: ``rempart.core.versions`` is the long-term home
of version schemes, and the two will be unified there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from packageurl import PackageURL
from packaging.version import InvalidVersion
from packaging.version import Version as PypiVersion
from univers import versions as uv

from rempart.core.component import Component


class ChangeKind(StrEnum):
    """How one component differs between two releases (see the module docstring)."""

    ADDED = "added"
    REMOVED = "removed"
    UPGRADED = "upgraded"
    DOWNGRADED = "downgraded"
    UNORDERED = "unordered"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class ComponentChange:
    """One difference; ``fields`` names what changed for ``CHANGED``."""

    kind: ChangeKind
    identity: str
    old: Component | None
    new: Component | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SbomDiff:
    """All differences between two component sets, grouped by kind, sorted by identity."""

    changes: tuple[ComponentChange, ...]
    unchanged: int = 0
    by_kind: dict[ChangeKind, tuple[ComponentChange, ...]] = field(default_factory=dict)

    def of(self, kind: ChangeKind) -> tuple[ComponentChange, ...]:
        """The changes of one kind."""
        return self.by_kind.get(kind, ())


# purl type -> version parser; anything missing here is "unordered"
_SCHEMES: dict[str, Callable[[str], Any]] = {
    "pypi": PypiVersion,
    "maven": uv.MavenVersion,
    "npm": uv.SemverVersion,
    "cargo": uv.SemverVersion,
    "golang": uv.GolangVersion,
    "deb": uv.DebianVersion,
    "rpm": uv.RpmVersion,
    "apk": uv.AlpineLinuxVersion,
    "gem": uv.RubygemsVersion,
    "nuget": uv.NugetVersion,
    "composer": uv.ComposerVersion,
}
_COMPARED_FIELDS = ("purl", "cpe", "licenses", "supplier")


def diff_components(old: Iterable[Component], new: Iterable[Component]) -> SbomDiff:
    """Compare release A's components (``old``) with release B's (``new``)."""
    before: dict[str, list[Component]] = defaultdict(list)
    after: dict[str, list[Component]] = defaultdict(list)
    for component in old:
        before[component_identity(component)].append(component)
    for component in new:
        after[component_identity(component)].append(component)
    changes: list[ComponentChange] = []
    unchanged = 0
    for identity in sorted(before.keys() | after.keys()):
        found, same = _diff_identity(identity, before.get(identity, []), after.get(identity, []))
        changes.extend(found)
        unchanged += same
    by_kind: dict[ChangeKind, list[ComponentChange]] = defaultdict(list)
    for change in changes:
        by_kind[change.kind].append(change)
    return SbomDiff(
        tuple(changes), unchanged, {kind: tuple(items) for kind, items in by_kind.items()}
    )


def component_identity(component: Component) -> str:
    """The purl without version, qualifiers and subpath; else ``type:group/name``."""
    if component.purl:
        return _purl_identity(component.purl)
    group = f"{component.group}/" if component.group else ""
    return f"{component.type}:{group}{component.name}"


@lru_cache(maxsize=65536)
def _purl_identity(purl: str) -> str:
    try:
        parsed = PackageURL.from_string(purl)
    except ValueError:
        return purl
    return str(
        PackageURL(type=parsed.type, namespace=parsed.namespace, name=parsed.name).to_string()
    )


def _diff_identity(
    identity: str, old: list[Component], new: list[Component]
) -> tuple[list[ComponentChange], int]:
    """Changes within one identity, and how many instances stayed exactly the same."""
    changes: list[ComponentChange] = []
    unchanged = 0
    by_version: dict[str | None, list[Component]] = defaultdict(list)
    for component in new:
        by_version[component.version].append(component)
    unmatched_old: list[Component] = []
    for component in old:
        twins = by_version.get(component.version)
        if not twins:
            unmatched_old.append(component)
            continue
        twin = twins.pop(0)
        differing = _differing_fields(component, twin)
        if differing:
            changes.append(
                ComponentChange(ChangeKind.CHANGED, identity, component, twin, differing)
            )
        else:
            unchanged += 1
    remaining_new = [c for twins in by_version.values() for c in twins]
    for before, after in _pair_versions(identity, unmatched_old, remaining_new):
        if before is None or after is None:
            kind = ChangeKind.ADDED if before is None else ChangeKind.REMOVED
            changes.append(ComponentChange(kind, identity, before, after))
            continue
        kind = _version_change(identity, before, after)
        extra = ("version", *_differing_fields(before, after)) if kind is ChangeKind.CHANGED else ()
        changes.append(ComponentChange(kind, identity, before, after, extra))
    return changes, unchanged


def _pair_versions(
    identity: str, old: list[Component], new: list[Component]
) -> list[tuple[Component | None, Component | None]]:
    """Pair the instances whose versions differ; unpaired ones are added or removed."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    scheme = identity.split(":", 1)[1].split("/", 1)[0] if identity.startswith("pkg:") else ""
    keys_old = [_parse(scheme, c.version) for c in old]
    keys_new = [_parse(scheme, c.version) for c in new]
    if old and len(old) == len(new) and None not in keys_old and None not in keys_new:
        old_sorted = [c for _, c in sorted(zip(keys_old, old, strict=True), key=lambda p: p[0])]
        new_sorted = [c for _, c in sorted(zip(keys_new, new, strict=True), key=lambda p: p[0])]
        return list(zip(old_sorted, new_sorted, strict=True))
    return [(c, None) for c in old] + [(None, c) for c in new]


def _version_change(identity: str, old: Component, new: Component) -> ChangeKind:
    scheme = identity.split(":", 1)[1].split("/", 1)[0] if identity.startswith("pkg:") else ""
    order = _compare(scheme, old.version, new.version)
    if order is None or order == 0:
        # order 0: two spellings of one version ("1.0" / "1.0.0") — not an up- or downgrade
        return ChangeKind.UNORDERED if order is None else ChangeKind.CHANGED
    return ChangeKind.UPGRADED if order < 0 else ChangeKind.DOWNGRADED


def _compare(scheme: str, a: str | None, b: str | None) -> int | None:
    """-1, 0 or 1 under the purl type's version scheme; ``None`` when it cannot order them."""
    left, right = _parse(scheme, a), _parse(scheme, b)
    if left is None or right is None:
        return None
    if left == right:
        return 0
    return -1 if left < right else 1


@lru_cache(maxsize=65536)
def _parse(scheme: str, version: str | None) -> Any:
    """A comparable version object, or ``None`` (unknown scheme, missing or invalid version)."""
    parser = _SCHEMES.get(scheme)
    if parser is None or not version:
        return None
    try:
        return parser(version)
    except (InvalidVersion, uv.InvalidVersion, ValueError, TypeError):
        return None


def _differing_fields(old: Component, new: Component) -> tuple[str, ...]:
    differing = [name for name in _COMPARED_FIELDS if getattr(old, name) != getattr(new, name)]
    if set(old.hashes) != set(new.hashes):
        differing.append("hashes")
    return tuple(differing)
