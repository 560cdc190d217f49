"""Components x advisory index -> findings + coverage: the vulnerability scan (core layer).

:func:`match_components` looks every component up by its purl and tests its version against
the advisories of its package. It also states what it could *not* check, because a scan must
never report "clean" for what it did not assess (DESIGN.md principle 5). A component is
"not assessed", with one :class:`NotAssessedReason`, when:

- it has no purl, or an invalid one; its purl type maps to no OSV ecosystem (unknown) or to
  one whose versions Rempart cannot order (unsupported); its distribution release is unknown;
- it has no version, or a version its ecosystem's scheme cannot parse (exact-string matches
  against advisories' ``versions`` lists are still reported);
- no loaded advisory source covers its ecosystem, or a covering source is older than
  ``max_source_age`` at ``now`` (its findings are still reported: stale data can confirm a
  vulnerability, it cannot clear one);
- an advisory about its package could not be read.

``now`` is passed in: the core never reads the clock. To rescan only what an advisory update
touches, intersect :func:`packages_touched` of the new records with :func:`package_key_of` of
each release's components, and pass ``only=`` to :func:`match_components`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from rempart.core.advisory import Vulnerability
from rempart.core.component import Component
from rempart.core.finding import EpssScore, Finding, KnownExploited
from rempart.core.index import AdvisoryIndex, AdvisorySource, IndexEntry
from rempart.core.versions.ecosystems import known_ecosystems
from rempart.core.versions.pep440 import is_legacy
from rempart.core.versions.purls import PackageKey, PackageRef, Unidentified, identify_purl
from rempart.core.versions.ranges import AffectedRange
from rempart.core.versions.semver import SEMVER_LENIENT

#: default freshness bound for advisory sources (OSV databases change daily)
DEFAULT_MAX_SOURCE_AGE = timedelta(days=7)


class NotAssessedReason(StrEnum):
    """Why a component was not (fully) checked for vulnerabilities."""

    NO_PURL = "no_purl"
    INVALID_PURL = "invalid_purl"
    UNKNOWN_ECOSYSTEM = "unknown_ecosystem"
    UNSUPPORTED_ECOSYSTEM = "unsupported_ecosystem"
    UNKNOWN_RELEASE = "unknown_release"
    NO_VERSION = "no_version"
    UNPARSABLE_VERSION = "unparsable_version"
    NO_SOURCE = "no_source"
    STALE_SOURCE = "stale_source"
    UNREADABLE_ADVISORY = "unreadable_advisory"


@dataclass(frozen=True, slots=True)
class NotAssessed:
    """A component that was not fully checked, and why."""

    component: Component
    reason: NotAssessedReason
    detail: str
    ecosystem: str | None = None


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """An advisory source as used by one scan: fresh or stale at the scan's ``now``."""

    source: AdvisorySource
    fresh: bool
    age: timedelta | None  # None: the source's age is unknown


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a scan covered: components, identification, sources and their freshness."""

    components: int
    identified: int  # resolved to a package of a supported OSV ecosystem
    assessed: int  # identified, version parsed, every covering source fresh and readable
    not_assessed: tuple[NotAssessed, ...]
    sources: tuple[SourceStatus, ...]
    max_source_age: timedelta

    @property
    def complete(self) -> bool:
        """True only if there was something to check and every component was assessed."""
        return self.components > 0 and not self.not_assessed


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Findings plus coverage. ``clean`` needs no findings *and* complete coverage."""

    findings: tuple[Finding, ...]
    coverage: Coverage

    @property
    def clean(self) -> bool:
        """No vulnerabilities found and everything assessed; an empty SBOM is never clean."""
        return not self.findings and self.coverage.complete


def source_status(source: AdvisorySource, now: datetime, max_age: timedelta) -> SourceStatus:
    """Whether ``source`` is fresh at ``now``; an unknown age counts as stale."""
    as_of = source.as_of
    if as_of is None:
        return SourceStatus(source, fresh=False, age=None)
    age = max(now - as_of, timedelta(0))
    return SourceStatus(source, fresh=age <= max_age, age=age)


@lru_cache(maxsize=1 << 16)
def _identify(purl: str) -> PackageRef | Unidentified:
    return identify_purl(purl)


def clear_caches() -> None:
    """Forget every parsed purl and version (benchmarks time cold matching with this)."""
    _identify.cache_clear()
    schemes = {eco.scheme for eco in known_ecosystems() if eco.scheme is not None}
    for scheme in (*schemes, SEMVER_LENIENT):
        scheme.clear_cache()


def package_key_of(component: Component) -> PackageKey | None:
    """The index key of a component, or ``None`` when it cannot be identified."""
    ref = _identify(component.purl) if component.purl else None
    return ref.key if isinstance(ref, PackageRef) else None


def lookup_keys(component: Component) -> tuple[PackageKey, ...]:
    """Every index key matching this component may read: its own key, the release-less key
    of a distribution package, and for a Go package path each enclosing module path.

    A scan that loads only these keys' advisories (a compiled index on disk) gets the same
    findings and coverage as one with every advisory loaded.
    """
    ref = _identify(component.purl) if component.purl else None
    if not isinstance(ref, PackageRef):
        return ()
    key = ref.key
    keys = [key]
    if key.release is not None:
        keys.append(PackageKey(key.ecosystem, None, key.name))
    if ref.go_package:
        parts = key.name.split("/")
        keys += [
            PackageKey(key.ecosystem, key.release, "/".join(parts[:cut]))
            for cut in range(len(parts) - 1, 0, -1)
        ]
    return tuple(keys)


def packages_touched(records: Iterable[Vulnerability]) -> frozenset[PackageKey]:
    """Every package key an advisory update names (withdrawn records included: they clear)."""
    return frozenset(
        PackageKey(*affected.package.identity())
        for record in records
        for affected in record.affected
    )


# What matching one purl gave: its identification, its problems (reason, detail, ecosystem)
# and its findings with a placeholder component. Independent of the component otherwise.
_Memoized = tuple[
    PackageRef | Unidentified | None,
    tuple[tuple[NotAssessedReason, str, str | None], ...],
    tuple[Finding, ...],
]


class MatchMemo:
    """Remembers, per purl, what matching found, for one index and one source freshness.

    A portfolio repeats the same components across releases (consecutive releases share
    most of them, products share libraries): with a memo, a full rescan matches each
    distinct purl once. It forgets everything when the index object or any source's
    freshness changes, and when it holds ``limit`` purls.
    """

    def __init__(self, limit: int = 250_000) -> None:
        self.limit = limit
        # The index itself, not its id(): a freed index's id is reused by the next one, and
        # a memo keyed on it would answer for advisories that have since changed.
        self._index: AdvisoryIndex | None = None
        self._freshness: tuple[tuple[str, bool], ...] | None = None
        self._entries: dict[str, _Memoized] = {}

    def entries_for(
        self, index: AdvisoryIndex, statuses: dict[str, SourceStatus]
    ) -> dict[str, _Memoized]:
        """The memo valid for this index and freshness (a fresh one if either changed)."""
        freshness = tuple(sorted((name, s.fresh) for name, s in statuses.items()))
        changed = index is not self._index or freshness != self._freshness
        if changed or len(self._entries) >= self.limit:
            self._index, self._freshness, self._entries = index, freshness, {}
        return self._entries


def match_components(
    components: Iterable[Component],
    index: AdvisoryIndex,
    *,
    now: datetime,
    max_source_age: timedelta = DEFAULT_MAX_SOURCE_AGE,
    only: Collection[PackageKey] | None = None,
    memo: MatchMemo | None = None,
) -> ScanResult:
    """Match components against the index; see the module docstring for coverage rules.

    With ``only``, components whose package key is not in it are skipped entirely (not
    counted): the caller is re-checking a subset after an advisory update. ``memo`` (kept
    by the caller across calls with the same index) makes repeated purls cost a lookup.
    """
    statuses = {s.name: source_status(s, now, max_source_age) for s in index.sources}
    findings: list[Finding] = []
    not_assessed: list[NotAssessed] = []
    exploitation = _Exploitation(index)
    remembered = memo.entries_for(index, statuses) if memo is not None else None
    total = identified = assessed = 0
    for component in components:
        purl = component.purl
        known = remembered.get(purl) if remembered is not None and purl else None
        if known is None:
            ref = _identify(purl) if purl else None
            if only is not None and (not isinstance(ref, PackageRef) or _key_in(ref, only) is None):
                continue
            found = _problems(component, ref, index, statuses)
            matched = (
                _findings(component, ref, index, exploitation)
                if isinstance(ref, PackageRef)
                else []
            )
            if remembered is not None and purl:
                remembered[purl] = (
                    ref,
                    tuple((p.reason, p.detail, p.ecosystem) for p in found),
                    tuple(matched),
                )
            problems: list[NotAssessed] = found
        else:
            ref, reasons, templates = known
            if only is not None and (not isinstance(ref, PackageRef) or _key_in(ref, only) is None):
                continue
            problems = [NotAssessed(component, r, d, e) for r, d, e in reasons]
            matched = [replace(f, component=component) for f in templates]
        total += 1
        if isinstance(ref, PackageRef):
            identified += 1
            assessed += not problems
            findings.extend(matched)
        not_assessed.extend(problems)
    coverage = Coverage(
        components=total,
        identified=identified,
        assessed=assessed,
        not_assessed=tuple(not_assessed),
        sources=tuple(statuses.values()),
        max_source_age=max_source_age,
    )
    findings.sort(key=lambda f: f.sort_key)
    return ScanResult(tuple(findings), coverage)


def _key_in(ref: PackageRef, only: Collection[PackageKey]) -> PackageKey | None:
    if ref.key in only:
        return ref.key
    release_less = PackageKey(ref.key.ecosystem, None, ref.key.name)
    return release_less if release_less in only else None


def _problems(
    component: Component,
    ref: PackageRef | Unidentified | None,
    index: AdvisoryIndex,
    statuses: dict[str, SourceStatus],
) -> list[NotAssessed]:
    """Every reason this component is not fully assessed (empty: fully assessed)."""
    if ref is None:
        return [NotAssessed(component, NotAssessedReason.NO_PURL, "the component has no purl")]
    if isinstance(ref, Unidentified):
        return [NotAssessed(component, NotAssessedReason(ref.problem.value), ref.detail)]
    eco = ref.key.ecosystem
    if ref.version is None:
        detail = "the purl has no version"
        return [NotAssessed(component, NotAssessedReason.NO_VERSION, detail, eco)]
    scheme = ref.ecosystem.scheme
    problems: list[NotAssessed] = []
    if scheme is not None and not scheme.is_valid(ref.version):
        detail = f"{ref.version!r} is not a valid {scheme.name} version"
        problems.append(NotAssessed(component, NotAssessedReason.UNPARSABLE_VERSION, detail, eco))
    covering = [statuses[s.name] for s in index.sources_for(eco) if s.name in statuses]
    if not covering:
        detail = f"no advisory source for {eco} was loaded"
        problems.append(NotAssessed(component, NotAssessedReason.NO_SOURCE, detail, eco))
    stale = [s for s in covering if not s.fresh]
    if stale:
        names = ", ".join(sorted(s.source.name for s in stale))
        detail = f"advisory source older than the allowed age or of unknown age: {names}"
        problems.append(NotAssessed(component, NotAssessedReason.STALE_SOURCE, detail, eco))
    broken = index.unreadable_for(ref.key)
    if broken:
        detail = "unreadable advisories: " + ", ".join(broken)
        problems.append(NotAssessed(component, NotAssessedReason.UNREADABLE_ADVISORY, detail, eco))
    return problems


def _entries(ref: PackageRef, index: AdvisoryIndex) -> tuple[IndexEntry, ...]:
    entries = index.lookup(ref.key)
    if not entries and ref.go_package:
        module = index.go_module_for(ref.key)
        if module is not None:
            entries = index.lookup(module)
    return entries


def _findings(
    component: Component, ref: PackageRef, index: AdvisoryIndex, exploitation: _Exploitation
) -> list[Finding]:
    if ref.version is None:
        return []
    scheme = ref.ecosystem.scheme
    key = scheme.try_parse(ref.version) if scheme is not None else None
    found: dict[str, Finding] = {}
    for entry in _entries(ref, index):
        vulnerability = entry.vulnerability
        if vulnerability.id in found:
            continue
        matched = entry.match(ref.version, key)
        if matched is None:
            continue
        basis, matched_range = matched
        found[vulnerability.id] = Finding(
            legacy_ordering=_legacy_ordering(ref, matched_range),
            component=component,
            vulnerability=_as_seen_from(vulnerability, entry.affected.origin),
            package=ref.key,
            version=ref.version,
            basis=basis,
            matched_range=matched_range,
            fixed_versions=entry.fixed_versions,
            known_exploited=exploitation.known_exploited(vulnerability),
            epss=exploitation.epss(vulnerability),
        )
    return list(found.values())


def _legacy_ordering(ref: PackageRef, matched_range: AffectedRange | None) -> bool:
    """Whether a PyPI finding rests on a version that only the pre-PEP 440 rules order."""
    if ref.key.ecosystem != "PyPI" or ref.version is None:
        return False
    bounds = [event.version for event in matched_range.events] if matched_range else []
    return any(is_legacy(v) for v in (ref.version, *bounds) if v != "0")


def _as_seen_from(vulnerability: Vulnerability, origin: str) -> Vulnerability:
    """The merged vulnerability under the id of the record that names this package."""
    if not origin or origin == vulnerability.id or origin not in vulnerability.ids:
        return vulnerability
    aliases = tuple(value for value in vulnerability.ids if value != origin)
    return replace(vulnerability, id=origin, aliases=aliases)


class _Exploitation:
    """KEV and EPSS lookups through CVE aliases, remembered per vulnerability for one scan."""

    def __init__(self, index: AdvisoryIndex) -> None:
        self.index = index
        self._kev: dict[str, KnownExploited] = {}
        self._epss: dict[str, EpssScore | None] = {}

    def known_exploited(self, vulnerability: Vulnerability) -> KnownExploited:
        """The KEV facts of the lowest CVE id the catalog lists (not known exploited if none).

        The same rule as the set-based KEV update of stored findings
        (``store.repositories.exploitation``): a rescan and an import agree.
        """
        cached = self._kev.get(vulnerability.id)
        if cached is None:
            kev = self.index.kev
            entries = [kev.get(c) for c in vulnerability.cve_ids] if kev is not None else []
            listed = [e for e in entries if e is not None]
            first = min(listed, key=lambda e: e.cve_id, default=None)
            cached = self._kev[vulnerability.id] = KnownExploited.from_entry(first)
        return cached

    def epss(self, vulnerability: Vulnerability) -> EpssScore | None:
        """The highest EPSS score among the CVE aliases (then the highest percentile), if any."""
        if vulnerability.id not in self._epss:
            table = self.index.epss
            scores = [s for s in map(table.get, vulnerability.cve_ids) if s] if table else []
            self._epss[vulnerability.id] = max(
                scores, key=lambda s: (s.score, s.percentile), default=None
            )
        return self._epss[vulnerability.id]
