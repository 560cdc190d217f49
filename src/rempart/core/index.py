"""The advisory index: (ecosystem, release, normalized name) -> advisories (core layer).

Built once from OSV records (:meth:`AdvisoryIndex.build`): records are merged by alias
(:func:`~rempart.core.advisory.merge_vulnerabilities`), every affected package of a supported
ecosystem gets its ranges compiled (event versions parsed once), and the result is a plain
dictionary. A lookup is a hash probe; matching a component then costs only the range tests of
the few advisories of its package (DESIGN.md, "Performance model").

The index also carries what the matcher needs to tell "clean" from "not assessed":

- ``sources``: which advisory sources were loaded, for which ecosystems, how many records
  and how fresh (:class:`AdvisorySource`);
- ``unreadable``: packages named by a record that could not be read (a bad range, an
  unparsable event version): components of those packages are "not assessed", never clean;
- the optional KEV catalog and EPSS table used to annotate findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from rempart.core.advisory import AffectedPackage, Vulnerability, merge_vulnerabilities
from rempart.core.finding import EpssTable, KevCatalog, MatchBasis
from rempart.core.versions.ecosystems import ecosystem
from rempart.core.versions.purls import PackageKey
from rempart.core.versions.ranges import (
    AffectedRange,
    CompiledRange,
    InvalidRange,
    ListedVersions,
    RangeType,
    compile_range,
    compile_versions,
)
from rempart.core.versions.scheme import SortKey, VersionScheme


@dataclass(frozen=True, slots=True)
class AdvisorySource:
    """One loaded advisory source (an OSV dump, a mirror, a feed).

    Freshness comes from the data's own date (``as_of``): the newest ``modified`` of its
    records (for KEV the catalog's ``dateReleased``, for EPSS its ``score_date``). When it was
    fetched says nothing about how current it is: a catalog from August 2025 imported today is
    still from August 2025. Only records that carry no date at all (the Go database writes the
    zero time) fall back to ``retrieved_at``, and ``as_of_basis`` says so. A source without
    either has an unknown age and is treated as stale.
    """

    name: str
    ecosystems: frozenset[str]
    record_count: int
    newest_modified: datetime | None
    retrieved_at: datetime | None = None
    skipped_records: int = 0

    @property
    def as_of(self) -> datetime | None:
        """The date of the data itself; the retrieval time only for undated records."""
        return self.newest_modified or self.retrieved_at

    @property
    def as_of_basis(self) -> str:
        """``data`` (the records' own date), ``retrieval`` (undated records) or ``unknown``."""
        if self.newest_modified is not None:
            return "data"
        return "retrieval" if self.retrieved_at is not None else "unknown"

    @classmethod
    def from_records(
        cls,
        name: str,
        records: Iterable[Vulnerability],
        *,
        retrieved_at: datetime | None = None,
        skipped_records: int = 0,
        ecosystems: Iterable[str] = (),
    ) -> AdvisorySource:
        """Describe a source by its records: the ecosystems they name, count, newest date."""
        covered = set(ecosystems)
        count = 0
        newest: datetime | None = None
        for record in records:
            count += 1
            covered.update(a.package.identity()[0] for a in record.affected)
            if record.modified is not None and (newest is None or record.modified > newest):
                newest = record.modified
        return cls(name, frozenset(covered), count, newest, retrieved_at, skipped_records)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One affected package of one vulnerability, ready to test versions against."""

    vulnerability: Vulnerability
    affected: AffectedPackage
    ranges: tuple[CompiledRange, ...]
    versions: ListedVersions
    fixed_versions: tuple[str, ...]  # of this package across the vulnerability's entries

    def match(
        self, version: str, key: SortKey | None
    ) -> tuple[MatchBasis, AffectedRange | None] | None:
        """How ``version`` (with its ecosystem key, if parsable) is affected, or ``None``."""
        for compiled in self.ranges:
            if compiled.contains_version(version):
                return MatchBasis.RANGE, compiled.source
        if self.versions.contains(version, key):
            return MatchBasis.LISTED_VERSION, None
        return None


@dataclass(frozen=True, slots=True)
class AdvisoryIndex:
    """Advisories by package; build with :meth:`build`."""

    entries: Mapping[PackageKey, tuple[IndexEntry, ...]]
    vulnerabilities: Mapping[str, Vulnerability]
    sources: tuple[AdvisorySource, ...] = ()
    unreadable: Mapping[PackageKey, tuple[str, ...]] = field(default_factory=dict)
    ignored: Mapping[str, int] = field(default_factory=dict)  # affected entries by reason
    kev: KevCatalog | None = None
    epss: EpssTable | None = None

    @classmethod
    def build(
        cls,
        records: Iterable[Vulnerability],
        sources: Iterable[AdvisorySource] = (),
        *,
        unreadable: Mapping[PackageKey, Iterable[str]] | None = None,
        kev: KevCatalog | None = None,
        epss: EpssTable | None = None,
    ) -> AdvisoryIndex:
        """Merge ``records`` by alias and index every affected package of a supported ecosystem."""
        grouped: dict[PackageKey, list[IndexEntry]] = {}
        broken: dict[PackageKey, set[str]] = {k: set(v) for k, v in (unreadable or {}).items()}
        ignored: Counter[str] = Counter()
        merged = merge_vulnerabilities(records)
        for vulnerability in merged:
            for affected in vulnerability.affected:
                base, release, name = affected.package.identity()
                eco = ecosystem(base)
                if eco is None or eco.scheme is None:
                    ignored["unknown ecosystem" if eco is None else "unsupported ecosystem"] += 1
                    continue
                key = PackageKey(base, release, name)
                try:
                    entry = _entry(vulnerability, affected, eco.scheme)
                except InvalidRange:
                    broken.setdefault(key, set()).add(vulnerability.id)
                    ignored["invalid range"] += 1
                    continue
                grouped.setdefault(key, []).append(entry)
        listed = list(sources)
        for catalog_source in _catalog_sources(kev, epss):
            if all(s.name != catalog_source.name for s in listed):
                listed.append(catalog_source)
        return cls(
            entries={key: tuple(values) for key, values in grouped.items()},
            vulnerabilities={v.id: v for v in merged},
            sources=tuple(listed),
            unreadable={key: tuple(sorted(ids)) for key, ids in broken.items()},
            ignored=dict(ignored),
            kev=kev,
            epss=epss,
        )

    def lookup(self, key: PackageKey) -> tuple[IndexEntry, ...]:
        """Entries for a package; a release-scoped key also gets the release-less records."""
        found = self.entries.get(key, ())
        if key.release is not None:
            found = found + self.entries.get(PackageKey(key.ecosystem, None, key.name), ())
        return found

    def unreadable_for(self, key: PackageKey) -> tuple[str, ...]:
        """Ids of records about this package that could not be read."""
        found = self.unreadable.get(key, ())
        if key.release is not None:
            found = found + self.unreadable.get(PackageKey(key.ecosystem, None, key.name), ())
        return found

    def go_module_for(self, key: PackageKey) -> PackageKey | None:
        """For a Go *package* path, the longest enclosing module path that has advisories."""
        parts = key.name.split("/")
        for cut in range(len(parts) - 1, 0, -1):
            candidate = PackageKey(key.ecosystem, key.release, "/".join(parts[:cut]))
            if candidate in self.entries:
                return candidate
        return None

    def sources_for(self, ecosystem_base: str) -> tuple[AdvisorySource, ...]:
        """The loaded sources that cover one base ecosystem."""
        return tuple(s for s in self.sources if ecosystem_base in s.ecosystems)

    @property
    def entry_count(self) -> int:
        """Number of (vulnerability, affected package) pairs indexed."""
        return sum(len(values) for values in self.entries.values())


def _entry(
    vulnerability: Vulnerability, affected: AffectedPackage, scheme: VersionScheme
) -> IndexEntry:
    ranges = tuple(compile_range(r, scheme) for r in affected.ranges if r.type is not RangeType.GIT)
    fixed = vulnerability.fixed_versions_for(affected.package.identity())
    listed = compile_versions(affected.versions, scheme)
    return IndexEntry(vulnerability, affected, ranges, listed, fixed)


def _catalog_sources(kev: KevCatalog | None, epss: EpssTable | None) -> list[AdvisorySource]:
    """KEV and EPSS as sources (they cover no ecosystem: they annotate, never clear)."""
    found: list[AdvisorySource] = []
    if kev is not None:
        found.append(AdvisorySource("CISA KEV", frozenset(), len(kev), kev.data_date))
    if epss is not None:
        found.append(AdvisorySource("FIRST EPSS", frozenset(), len(epss), epss.score_date))
    return found
