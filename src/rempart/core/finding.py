"""Findings and the exploitation facts attached to them: CISA KEV and FIRST EPSS (core layer).

A :class:`Finding` says "this component, at this version, is affected by this vulnerability",
with the evidence (the matched range or listed version), the fixed versions of that package,
and two facts used for prioritising: whether CISA lists the vulnerability as known exploited
(:class:`KnownExploited`, from :class:`KevCatalog`) and its EPSS probability
(:class:`EpssScore`, from :class:`EpssTable`). Both catalogs are keyed by CVE id; the matcher
looks them up through every CVE alias of the vulnerability.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from rempart.core.advisory import Vulnerability
from rempart.core.component import Component
from rempart.core.versions.purls import PackageKey
from rempart.core.versions.ranges import AffectedRange


@dataclass(frozen=True, slots=True)
class KevEntry:
    """One entry of the CISA Known Exploited Vulnerabilities catalog."""

    cve_id: str
    date_added: date
    due_date: date | None = None
    known_ransomware_use: bool = False  # knownRansomwareCampaignUse == "Known"
    vendor: str = ""
    product: str = ""
    name: str = ""
    required_action: str = ""


@dataclass(frozen=True, slots=True)
class KevChange:
    """How two catalog releases differ (for "what became known exploited since?")."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KevCatalog:
    """A KEV catalog release: its version, release time and entries by upper-case CVE id."""

    version: str
    released: datetime | None
    entries: Mapping[str, KevEntry] = field(default_factory=dict)

    def get(self, cve_id: str) -> KevEntry | None:
        """The entry for a CVE id (any case), or ``None``."""
        return self.entries.get(cve_id.upper())

    def __len__(self) -> int:
        return len(self.entries)

    def changes_since(self, older: KevCatalog) -> KevChange:
        """CVEs added, removed and changed between ``older`` and this release (sorted)."""
        new, old = set(self.entries), set(older.entries)
        changed = sorted(c for c in new & old if self.entries[c] != older.entries[c])
        return KevChange(tuple(sorted(new - old)), tuple(sorted(old - new)), tuple(changed))


@dataclass(frozen=True, slots=True)
class EpssScore:
    """FIRST EPSS: probability of exploitation in the next 30 days, and its percentile."""

    cve_id: str
    score: float
    percentile: float


@dataclass(frozen=True, slots=True)
class EpssTable:
    """One EPSS release (``model_version``, ``score_date``) and its scores by CVE id."""

    model_version: str
    score_date: datetime | None
    scores: Mapping[str, EpssScore] = field(default_factory=dict)

    def get(self, cve_id: str) -> EpssScore | None:
        """The score for a CVE id (any case), or ``None``."""
        return self.scores.get(cve_id.upper())

    def __len__(self) -> int:
        return len(self.scores)


@dataclass(frozen=True, slots=True)
class KnownExploited:
    """The KEV facts on a finding; ``kev`` is false when no CVE alias is in the catalog."""

    kev: bool
    cve_id: str | None = None
    date_added: date | None = None
    due_date: date | None = None
    ransomware: bool = False

    @classmethod
    def from_entry(cls, entry: KevEntry | None) -> KnownExploited:
        """The facts of a catalog entry, or "not known exploited"."""
        if entry is None:
            return NOT_KNOWN_EXPLOITED
        return cls(True, entry.cve_id, entry.date_added, entry.due_date, entry.known_ransomware_use)


NOT_KNOWN_EXPLOITED = KnownExploited(kev=False)


class MatchBasis(StrEnum):
    """What in the advisory placed the component's version among the affected ones."""

    RANGE = "range"  # inside an affected[].ranges[] entry
    LISTED_VERSION = "listed_version"  # equal to an entry of affected[].versions


@dataclass(frozen=True, slots=True)
class Finding:
    """A component affected by a vulnerability, with the evidence and prioritising facts."""

    component: Component
    vulnerability: Vulnerability
    package: PackageKey
    version: str
    basis: MatchBasis
    matched_range: AffectedRange | None  # set when ``basis`` is RANGE
    fixed_versions: tuple[str, ...]
    known_exploited: KnownExploited = NOT_KNOWN_EXPLOITED
    epss: EpssScore | None = None
    # The version, or a bound of the matched range, is not PEP 440 and was ordered by the
    # pre-PEP 440 rules (rempart.core.versions.pep440): a finding to double-check.
    legacy_ordering: bool = False

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """Stable report order: component bom-ref, vulnerability id, package name."""
        return (self.component.bom_ref, self.vulnerability.id, self.package.name)
