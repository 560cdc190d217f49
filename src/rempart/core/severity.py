"""A vulnerability's severity and exploitation, from every source Rempart holds (core layer).

Severity is resolved in tiers, the first tier that rates the vulnerability wins:

1. the advisory itself (the OSV record the finding names);
2. its aliases' OSV records (a GHSA record often rates what the Go or PyPI record leaves
   unrated);
3. the CVE records of its CVE aliases: first the CNA's metrics, then the CISA ADP
   container's ("Vulnrichment").

Within a tier, CVSS v4.0 and v3.x vectors are preferred over v2 and qualitative ratings,
and among those the worst rating counts. Every candidate is kept with where it came from, so
a person can see all of them. A vulnerability no source rates stays ``unknown``, and
:data:`SEVERITY_ORDER` sorts ``unknown`` right after ``critical``: never with the harmless.

Exploitation: CISA's SSVC decision point "Exploitation" (``none``, ``poc``, ``active``) from
the ADP container. ``active`` is an exploitation signal beside KEV.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from rempart.core.advisory import Severity, SeverityLabel

#: worst first; a severity nobody established sorts with the worst
SEVERITY_ORDER: tuple[str, ...] = ("critical", "unknown", "high", "medium", "low", "none")
_RANK = {label: rank for rank, label in enumerate(SEVERITY_ORDER)}


def severity_rank(label: str) -> int:
    """0 for critical, 1 for unknown, … 5 for none; anything unrecognised ranks as unknown."""
    return _RANK.get(label, _RANK["unknown"])


class Tier:
    ADVISORY = "advisory"
    ALIAS = "alias"
    CVE_CNA = "cve-cna"
    CVE_ADP = "cve-adp"


_TIER_ORDER = (Tier.ADVISORY, Tier.ALIAS, Tier.CVE_CNA, Tier.CVE_ADP)
_TIER_LABEL = {
    Tier.ADVISORY: "advisory",
    Tier.ALIAS: "alias record",
    Tier.CVE_CNA: "CVE record (CNA)",
    Tier.CVE_ADP: "CVE record (CISA ADP)",
}
_METHOD_PREFERENCE = {"CVSS_V4": 0, "CVSS_V3": 0, "CVSS_V2": 1}


@dataclass(frozen=True, slots=True)
class Rating:
    """One severity statement and its origin (``record``: the OSV or CVE id that states it)."""

    tier: str
    record: str
    type: str  # CVSS_V4, CVSS_V3, CVSS_V2, or a qualitative scheme
    vector: str
    score: float | None
    label: str

    @property
    def origin(self) -> str:
        """Where it came from, for people: ``GHSA-… (alias record, CVSS_V3)``."""
        return f"{self.record} ({_TIER_LABEL.get(self.tier, self.tier)}, {self.type})"

    def as_dict(self) -> dict[str, object]:
        return {
            "tier": self.tier,
            "record": self.record,
            "type": self.type,
            "vector": self.vector,
            "score": self.score,
            "label": self.label,
        }

    @classmethod
    def from_severity(cls, tier: str, record: str, severity: Severity) -> Rating:
        return cls(tier, record, severity.type, severity.vector, severity.score, severity.label)


@dataclass(frozen=True, slots=True)
class Weakness:
    cwe_id: str  # CWE-79
    name: str
    record: str  # the CVE id that states it
    source: str  # cna | CISA-ADP


@dataclass(frozen=True, slots=True)
class Ssvc:
    """CISA's SSVC decision points for one CVE (ADP "Vulnrichment")."""

    cve_id: str
    exploitation: str  # none | poc | active
    automatable: str = ""  # yes | no
    technical_impact: str = ""  # partial | total
    timestamp: datetime | None = None


@dataclass(frozen=True, slots=True)
class CveFacts:
    """What Rempart keeps of one CVE record (CVE JSON 5)."""

    cve_id: str
    state: str  # PUBLISHED | REJECTED
    date_updated: datetime | None
    title: str = ""
    description: str = ""
    ratings: tuple[Rating, ...] = ()  # tiers cve-cna and cve-adp
    weaknesses: tuple[Weakness, ...] = ()
    ssvc: Ssvc | None = None
    kev_date_added: str = ""  # the ADP's "kev" metric, when present


@dataclass(frozen=True, slots=True)
class Enrichment:
    """The resolved severity and exploitation facts of one vulnerability id."""

    vulnerability_id: str
    rating: Rating | None
    candidates: tuple[Rating, ...] = ()
    weaknesses: tuple[Weakness, ...] = ()
    ssvc: Ssvc | None = None
    cve_ids: tuple[str, ...] = ()
    title: str = ""

    @property
    def label(self) -> str:
        return self.rating.label if self.rating is not None else SeverityLabel.UNKNOWN.value

    @property
    def exploitation(self) -> str:
        return self.ssvc.exploitation if self.ssvc is not None else ""

    @property
    def source(self) -> str:
        return self.rating.origin if self.rating is not None else ""


def _usable(rating: Rating) -> bool:
    return rating.label != SeverityLabel.UNKNOWN.value


def best_in_tier(ratings: Iterable[Rating]) -> Rating | None:
    """The preferred rating of one tier: CVSS v3/v4 before v2 and others, then the worst."""
    usable = [r for r in ratings if _usable(r)]
    if not usable:
        return None
    return min(
        usable,
        key=lambda r: (
            _METHOD_PREFERENCE.get(r.type, 2),
            severity_rank(r.label),
            -(r.score or 0.0),
            r.record,
        ),
    )


def resolve(
    vulnerability_id: str,
    own: Sequence[Rating],
    alias_ratings: Sequence[Rating] = (),
    cve_records: Sequence[CveFacts] = (),
) -> Enrichment:
    """Resolve a vulnerability's severity by tier and gather its exploitation facts."""
    candidates: list[Rating] = [*own, *alias_ratings]
    for record in cve_records:
        candidates.extend(record.ratings)
    rating = None
    for tier in _TIER_ORDER:
        rating = best_in_tier(r for r in candidates if r.tier == tier)
        if rating is not None:
            break
    ssvc = _strongest_ssvc(r.ssvc for r in cve_records if r.ssvc is not None)
    weaknesses = tuple(dict.fromkeys(w for r in cve_records for w in r.weaknesses))
    title = next((r.title for r in cve_records if r.title), "")
    return Enrichment(
        vulnerability_id,
        rating,
        tuple(candidates),
        weaknesses,
        ssvc,
        tuple(sorted({r.cve_id for r in cve_records})),
        title,
    )


_EXPLOITATION_RANK = {"active": 0, "poc": 1, "none": 2}


def _strongest_ssvc(items: Iterable[Ssvc]) -> Ssvc | None:
    ordered = sorted(items, key=lambda s: (_EXPLOITATION_RANK.get(s.exploitation, 3), s.cve_id))
    return ordered[0] if ordered else None


@dataclass(frozen=True, slots=True)
class AliasGraph:
    """Which OSV records name each other (directly, either way): the alias tier's neighbours."""

    neighbours: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, records: Iterable[tuple[str, Sequence[str]]]) -> AliasGraph:
        links: dict[str, set[str]] = {}
        for record_id, aliases in records:
            for alias in aliases:
                if alias == record_id:
                    continue
                links.setdefault(record_id, set()).add(alias)
                links.setdefault(alias, set()).add(record_id)
        return cls({k: frozenset(v) for k, v in links.items()})

    def of(self, record_id: str) -> frozenset[str]:
        return self.neighbours.get(record_id, frozenset())
