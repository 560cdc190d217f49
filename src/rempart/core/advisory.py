"""Vulnerability advisories, the nouns of the OSV schema (core layer).

:class:`Vulnerability` is one OSV record as Rempart keeps it: ids, texts, severity (CVSS
vectors scored with the ``cvss`` library), dates, affected packages with their ranges and
explicit versions, and references. ``rempart.formats.osv`` builds them from bytes;
:func:`merge_vulnerabilities` folds the copies and aliases of one vulnerability together.

Merging rules (one vulnerability, many records — PYSEC, GHSA, GO, RUSTSEC, CVE):

- copies with one id are reduced to the newest (``modified``) first, then withdrawn records
  are dropped: a withdrawn advisory affects nothing, and an older live copy of it cannot
  bring it back;
- records that share an id, or that name each other in ``aliases`` (directly or through a
  chain), are one vulnerability;
- the record with the newest ``modified`` wins: its id becomes the vulnerability's id and its
  texts and severity are used. Ties on ``modified`` go to the smallest id, so the outcome
  never depends on input order;
- for each affected package, a record's ranges supersede those of an *older copy* — a record
  with the same id, or one that it names or that names it in ``aliases``. Records that are
  only linked through a third id keep their own ranges side by side: databases sometimes
  alias one GHSA from two different CVEs (PYSEC-2021-88 and PYSEC-2021-104 both name
  GHSA-5pr9-v234-jw36), and superseding across such a chain would silently drop the affected
  versions of one CVE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from cvss import CVSS2, CVSS3, CVSS4
from cvss.exceptions import CVSSError

from rempart.core.versions.ecosystems import split_ecosystem
from rempart.core.versions.names import normalize_name
from rempart.core.versions.ranges import AffectedRange, EventKind, RangeType


class SeverityLabel(StrEnum):
    """Qualitative severity (CVSS v3.1 / v4.0 specification, "Qualitative Severity Rating")."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"
    UNKNOWN = "unknown"


_LABEL_RANK = {label: rank for rank, label in enumerate(reversed(SeverityLabel))}


def label_for_score(score: float, *, cvss_v2: bool = False) -> SeverityLabel:
    """The rating band of a CVSS base score (v2 has no "critical" and no "none")."""
    if cvss_v2:
        return (
            SeverityLabel.HIGH
            if score >= 7.0
            else SeverityLabel.MEDIUM
            if score >= 4.0
            else SeverityLabel.LOW
        )
    if score >= 9.0:
        return SeverityLabel.CRITICAL
    if score >= 7.0:
        return SeverityLabel.HIGH
    if score >= 4.0:
        return SeverityLabel.MEDIUM
    if score > 0.0:
        return SeverityLabel.LOW
    return SeverityLabel.NONE


@dataclass(frozen=True, slots=True)
class Severity:
    """One OSV ``severity`` entry; ``score`` is the computed base score when it is CVSS."""

    type: str  # CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu, ...
    vector: str
    score: float | None
    label: SeverityLabel


_UBUNTU_PRIORITIES = {
    "critical": SeverityLabel.CRITICAL,
    "high": SeverityLabel.HIGH,
    "medium": SeverityLabel.MEDIUM,
    "low": SeverityLabel.LOW,
    "negligible": SeverityLabel.LOW,
}


def parse_severity(severity_type: str, value: str) -> Severity:
    """Score an OSV severity entry; an unreadable vector gives label ``unknown``, no error."""
    calculators = {"CVSS_V2": CVSS2, "CVSS_V3": CVSS3, "CVSS_V4": CVSS4}
    calculator = calculators.get(severity_type)
    if calculator is None:
        label = _UBUNTU_PRIORITIES.get(value.strip().lower(), SeverityLabel.UNKNOWN)
        return Severity(severity_type, value, None, label)
    try:
        base: Decimal = calculator(value.strip()).base_score
    except (CVSSError, ValueError, KeyError, IndexError):
        return Severity(severity_type, value, None, SeverityLabel.UNKNOWN)
    score = float(base)
    return Severity(
        severity_type, value, score, label_for_score(score, cvss_v2=severity_type == "CVSS_V2")
    )


@dataclass(frozen=True, slots=True)
class Reference:
    """A link of an advisory (OSV ``references[]``: ADVISORY, FIX, REPORT, WEB, ...)."""

    type: str
    url: str


@dataclass(frozen=True, slots=True)
class Package:
    """``affected[].package``: ecosystem string as written (may carry ``:suffix``), name."""

    ecosystem: str
    name: str
    purl: str | None = None

    def identity(self) -> tuple[str, str | None, str]:
        """(base ecosystem, release or None, normalized name): the index key parts."""
        base, release = split_ecosystem(self.ecosystem)
        return base, release, normalize_name(base, self.name)


@dataclass(frozen=True, slots=True)
class AffectedPackage:
    """One ``affected[]`` entry: a package, its ranges and its explicit versions."""

    package: Package
    ranges: tuple[AffectedRange, ...] = ()
    versions: tuple[str, ...] = ()
    severity: tuple[Severity, ...] = ()
    # The id of the record this entry comes from: after aliases are merged, a finding is shown
    # under the record that names its package (RUSTSEC-2023-0061 for libwebp-sys, not -0060).
    origin: str = ""

    @property
    def fixed_versions(self) -> tuple[str, ...]:
        """Every ``fixed`` version of the non-GIT ranges, in record order, without repeats."""
        fixed = (
            version
            for affected_range in self.ranges
            if affected_range.type is not RangeType.GIT
            for version in affected_range.versions_of(EventKind.FIXED)
        )
        return tuple(dict.fromkeys(fixed))


@dataclass(frozen=True, slots=True)
class Vulnerability:
    """One vulnerability (an OSV record, or several merged: see the module docstring)."""

    id: str
    modified: datetime | None
    aliases: tuple[str, ...] = ()
    summary: str = ""
    details: str = ""
    severity: tuple[Severity, ...] = ()
    published: datetime | None = None
    withdrawn: datetime | None = None
    affected: tuple[AffectedPackage, ...] = ()
    references: tuple[Reference, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """The id followed by every alias."""
        return (self.id, *self.aliases)

    @property
    def cve_ids(self) -> tuple[str, ...]:
        """The CVE ids among id and aliases (KEV and EPSS are keyed by CVE)."""
        return tuple(value for value in self.ids if value.upper().startswith("CVE-"))

    @property
    def worst_severity(self) -> Severity | None:
        """The highest-scoring entry of the record's or its packages' severities."""
        entries = [*self.severity, *(s for a in self.affected for s in a.severity)]
        if not entries:
            return None
        return max(entries, key=lambda s: (_LABEL_RANK[s.label], s.score or 0.0))

    @property
    def severity_label(self) -> SeverityLabel:
        """The qualitative severity; ``unknown`` when the record gives none."""
        worst = self.worst_severity
        return worst.label if worst is not None else SeverityLabel.UNKNOWN

    def fixed_versions_for(self, identity: tuple[str, str | None, str]) -> tuple[str, ...]:
        """The fixed versions the record gives for one package identity."""
        fixed = (
            version
            for affected in self.affected
            if affected.package.identity() == identity
            for version in affected.fixed_versions
        )
        return tuple(dict.fromkeys(fixed))


def _recency(vulnerability: Vulnerability) -> tuple[float, str]:
    """Sort key: newest ``modified`` first, then smallest id (negated timestamp)."""
    modified = vulnerability.modified
    stamp = modified.timestamp() if modified is not None else float("-inf")
    return (-stamp, vulnerability.id)


def merge_vulnerabilities(records: Iterable[Vulnerability]) -> tuple[Vulnerability, ...]:
    """Fold copies and aliases into one vulnerability each; drop withdrawn ones.

    The result is sorted by id, so it does not depend on the input order.
    """
    newest: dict[str, Vulnerability] = {}
    for record in records:
        current = newest.get(record.id)
        if current is None or _recency(record) < _recency(current):
            newest[record.id] = record
    live = [record for record in newest.values() if record.withdrawn is None]
    groups = _alias_groups(live)
    merged = [_merge_group(group) for group in groups]
    return tuple(sorted(merged, key=lambda v: v.id))


def _copies(older: Vulnerability, newer: Vulnerability) -> bool:
    """Whether two records are copies of one advisory: same id, or one aliases the other."""
    return older.id == newer.id or older.id in newer.aliases or newer.id in older.aliases


def _alias_groups(records: list[Vulnerability]) -> list[list[Vulnerability]]:
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        """Union-find root of ``node``, halving paths on the way."""
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for record in records:
        root = find(record.id)
        for alias in record.aliases:
            other = find(alias)
            if other != root:
                parent[other] = root
    groups: dict[str, list[Vulnerability]] = {}
    for record in records:
        groups.setdefault(find(record.id), []).append(record)
    return list(groups.values())


def _merge_group(group: list[Vulnerability]) -> Vulnerability:
    ordered = sorted(group, key=_recency)
    winner = ordered[0]
    if len(ordered) == 1:
        return winner
    ids = {value for record in ordered for value in record.ids}
    affected: list[AffectedPackage] = []
    claimed: dict[tuple[str, str | None, str], list[Vulnerability]] = {}
    for record in ordered:  # newest first: its packages supersede older *copies*
        kept = [
            entry
            for entry in record.affected
            if not any(
                _copies(record, newer) for newer in claimed.get(entry.package.identity(), ())
            )
        ]
        for entry in kept:
            owners = claimed.setdefault(entry.package.identity(), [])
            if all(owner is not record for owner in owners):
                owners.append(record)
        affected.extend(kept)
    published = [r.published for r in ordered if r.published is not None]
    return replace(
        winner,
        aliases=tuple(sorted(ids - {winner.id})),
        summary=next((r.summary for r in ordered if r.summary), ""),
        details=next((r.details for r in ordered if r.details), ""),
        severity=next((r.severity for r in ordered if r.severity), ()),
        published=min(published) if published else None,
        affected=tuple(affected),
        references=tuple(dict.fromkeys(ref for r in ordered for ref in r.references)),
        related=tuple(sorted({rel for r in ordered for rel in r.related} - ids)),
    )
