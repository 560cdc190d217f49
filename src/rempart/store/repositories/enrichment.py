"""CVE records and per-vulnerability enrichment: stored rows ↔ core values (store layer).

Both tables are written set-based: rows that did not change are not touched, so a sync that
brings ten changed CVE records writes ten rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rempart.core.advisory import parse_severity
from rempart.core.severity import CveFacts, Enrichment, Rating, Ssvc, Tier, Weakness, severity_rank
from rempart.store.models import Advisory, CveRecord, VulnerabilityEnrichment

BATCH = 2000


@dataclass(frozen=True, slots=True)
class CveChange:
    added: int
    updated: int
    unchanged: int
    removed: int


def _cve_values(facts: CveFacts) -> dict[str, Any]:
    ssvc = facts.ssvc
    return {
        "state": facts.state[:16],
        "date_updated": facts.date_updated,
        "title": facts.title[:500],
        "description": facts.description,
        "ratings": [r.as_dict() for r in facts.ratings],
        "weaknesses": [
            {"cwe_id": w.cwe_id, "name": w.name, "record": w.record, "source": w.source}
            for w in facts.weaknesses
        ],
        "exploitation": ssvc.exploitation[:8] if ssvc else "",
        "automatable": ssvc.automatable[:8] if ssvc else "",
        "technical_impact": ssvc.technical_impact[:16] if ssvc else "",
        "ssvc_timestamp": ssvc.timestamp if ssvc else None,
        "kev_date_added": facts.kev_date_added[:10],
    }


def replace_cve_records(
    source_id: int, records: Sequence[CveFacts], replace_all: bool
) -> CveChange:
    """Store a source's CVE records; a record is rewritten only when its ``dateUpdated`` moved."""
    existing = dict(
        CveRecord.objects.filter(source_id=source_id).values_list("cve_id", "date_updated")
    )
    others = set(
        CveRecord.objects.exclude(source_id=source_id)
        .filter(cve_id__in=[r.cve_id for r in records])
        .values_list("cve_id", flat=True)
    )
    incoming = {r.cve_id: r for r in records if r.cve_id not in others}
    changed = [
        r
        for cve_id, r in incoming.items()
        if cve_id in existing and existing[cve_id] != r.date_updated
    ]
    added = [r for cve_id, r in incoming.items() if cve_id not in existing]
    removed = sorted(set(existing) - set(incoming)) if replace_all else []
    CveRecord.objects.filter(
        source_id=source_id, cve_id__in=[r.cve_id for r in changed] + removed
    ).delete()
    CveRecord.objects.bulk_create(
        [
            CveRecord(source_id=source_id, cve_id=r.cve_id, **_cve_values(r))
            for r in (*changed, *added)
        ],
        batch_size=BATCH,
    )
    unchanged = len(incoming) - len(changed) - len(added)
    return CveChange(len(added), len(changed), unchanged, len(removed))


def _facts(row: CveRecord) -> CveFacts:
    ssvc = (
        Ssvc(
            row.cve_id,
            row.exploitation,
            row.automatable,
            row.technical_impact,
            row.ssvc_timestamp,
        )
        if row.exploitation
        else None
    )
    return CveFacts(
        cve_id=row.cve_id,
        state=row.state,
        date_updated=row.date_updated,
        title=row.title,
        description=row.description,
        ratings=tuple(Rating(**r) for r in row.ratings),
        weaknesses=tuple(Weakness(**w) for w in row.weaknesses),
        ssvc=ssvc,
        kev_date_added=row.kev_date_added,
    )


def all_cve_facts() -> dict[str, CveFacts]:
    """Every stored CVE record by CVE id (rejected records excluded)."""
    return {
        row.cve_id: _facts(row)
        for row in CveRecord.objects.exclude(state="REJECTED").iterator(BATCH)
    }


def cve_record(cve_id: str) -> CveFacts | None:
    row = CveRecord.objects.filter(cve_id=cve_id.upper()).first()
    return _facts(row) if row else None


def advisory_ratings() -> Iterator[tuple[str, list[str], list[Rating]]]:
    """(OSV id, aliases, its own ratings) for every stored, non-withdrawn record."""
    query = Advisory.objects.filter(withdrawn=False).order_by("pk")
    for osv_id, aliases, document in query.values_list("osv_id", "aliases", "document").iterator(
        BATCH
    ):
        yield osv_id, list(aliases), _document_ratings(osv_id, document)


def _document_ratings(osv_id: str, document: Any) -> list[Rating]:
    entries: list[Any] = []
    if isinstance(document, dict):
        entries += document.get("severity") or []
        for affected in document.get("affected") or []:
            if isinstance(affected, dict):
                entries += affected.get("severity") or []
    ratings = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("score"), str):
            severity = parse_severity(str(entry.get("type", "")), entry["score"])
            ratings.append(Rating.from_severity(Tier.ADVISORY, osv_id, severity))
    return ratings


def _enrichment_values(item: Enrichment, now: datetime) -> dict[str, Any]:
    rating = item.rating
    return {
        "severity": item.label,
        "severity_rank": severity_rank(item.label),
        "score": rating.score if rating else None,
        "vector": (rating.vector if rating else "")[:300],
        "severity_source": item.source[:300],
        "candidates": [r.as_dict() for r in item.candidates],
        "weaknesses": [
            {"cwe_id": w.cwe_id, "name": w.name, "record": w.record, "source": w.source}
            for w in item.weaknesses
        ],
        "exploitation": item.exploitation[:8],
        "exploitation_source": item.ssvc.cve_id if item.ssvc else "",
        "cve_ids": list(item.cve_ids),
        "title": item.title[:500],
        "updated_at": now,
    }


_COMPARED = (
    "severity",
    "score",
    "vector",
    "severity_source",
    "candidates",
    "weaknesses",
    "exploitation",
    "exploitation_source",
    "cve_ids",
    "title",
)


def replace_enrichments(items: Iterable[Enrichment], now: datetime) -> tuple[int, int, int]:
    """Set-based: insert new ids, update changed rows, delete ids no longer known.

    Returns (added, updated, removed).
    """
    existing = {
        row.vulnerability_id: row for row in VulnerabilityEnrichment.objects.iterator(BATCH)
    }
    created: list[VulnerabilityEnrichment] = []
    updated: list[VulnerabilityEnrichment] = []
    seen: set[str] = set()
    for item in items:
        seen.add(item.vulnerability_id)
        values = _enrichment_values(item, now)
        row = existing.get(item.vulnerability_id)
        if row is None:
            created.append(
                VulnerabilityEnrichment(vulnerability_id=item.vulnerability_id, **values)
            )
        elif any(getattr(row, name) != values[name] for name in _COMPARED):
            for name, value in values.items():
                setattr(row, name, value)
            updated.append(row)
    gone = [row.pk for vid, row in existing.items() if vid not in seen]
    VulnerabilityEnrichment.objects.bulk_create(created, batch_size=BATCH)
    VulnerabilityEnrichment.objects.bulk_update(
        updated, [*_COMPARED, "severity_rank", "updated_at"], batch_size=BATCH
    )
    VulnerabilityEnrichment.objects.filter(pk__in=gone).delete()
    return len(created), len(updated), len(gone)


@dataclass(frozen=True, slots=True)
class EnrichmentView:
    vulnerability_id: str
    severity: str
    score: float | None
    vector: str
    severity_source: str
    candidates: tuple[dict[str, Any], ...]
    weaknesses: tuple[dict[str, Any], ...]
    exploitation: str
    exploitation_source: str
    cve_ids: tuple[str, ...]
    title: str


def enrichment_of(vulnerability_id: str) -> EnrichmentView | None:
    row = VulnerabilityEnrichment.objects.filter(vulnerability_id=vulnerability_id).first()
    if row is None:
        return None
    return EnrichmentView(
        row.vulnerability_id,
        row.severity,
        row.score,
        row.vector,
        row.severity_source,
        tuple(row.candidates),
        tuple(row.weaknesses),
        row.exploitation,
        row.exploitation_source,
        tuple(row.cve_ids),
        row.title,
    )


def cvss_and_cwe(vulnerability_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """vulnerability id -> (its CVSS v3 vector or "", its first CWE id or "")."""
    rows = VulnerabilityEnrichment.objects.filter(vulnerability_id__in=list(set(vulnerability_ids)))
    found = {}
    for row in rows:
        vector = row.vector if row.vector.startswith("CVSS:3") else ""
        if not vector:
            vector = next(
                (
                    c["vector"]
                    for c in row.candidates
                    if str(c.get("vector", "")).startswith("CVSS:3")
                ),
                "",
            )
        cwe = next((w["cwe_id"] for w in row.weaknesses if w.get("cwe_id")), "")
        found[row.vulnerability_id] = (vector, cwe)
    return found
