"""Advisory sources, OSV records, KEV and EPSS: stored rows ↔ core values."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rempart.core.finding import EpssScore as EpssValue
from rempart.core.finding import EpssTable, KevCatalog
from rempart.core.finding import KevEntry as KevValue
from rempart.core.index import AdvisorySource as SourceValue
from rempart.core.versions.ecosystems import split_ecosystem
from rempart.core.versions.purls import PackageKey
from rempart.store.models import Advisory, AdvisoryPackage, AdvisorySource, EpssScore, KevEntry

BATCH = 2000


@dataclass(frozen=True, slots=True)
class SourceView:
    name: str
    kind: str
    location: str
    retrieved_at: datetime
    record_count: int
    skipped: dict[str, int]
    newest_modified: datetime | None
    ecosystems: tuple[str, ...]
    version: str
    etag: str
    last_modified: str
    sha256: str

    @property
    def as_of(self) -> datetime | None:
        """The data's own date (newest record ``modified``, KEV ``dateReleased``, EPSS
        ``score_date``); the retrieval time only for records that carry no date."""
        return self.newest_modified or self.retrieved_at

    @property
    def as_of_basis(self) -> str:
        """``data`` or ``retrieval`` (undated records): what ``as_of`` rests on."""
        return "data" if self.newest_modified is not None else "retrieval"


def _view(row: AdvisorySource) -> SourceView:
    return SourceView(
        row.name,
        row.kind,
        row.location,
        row.retrieved_at,
        row.record_count,
        dict(row.skipped),
        row.newest_modified,
        tuple(row.ecosystems),
        row.version,
        row.etag,
        row.last_modified,
        row.sha256,
    )


def sources() -> list[SourceView]:
    return [_view(row) for row in AdvisorySource.objects.order_by("name")]


def source(name: str) -> SourceView | None:
    row = AdvisorySource.objects.filter(name=name).first()
    return _view(row) if row else None


def save_source(name: str, kind: str, fields: Mapping[str, Any]) -> int:
    """Create or update a source row; return its id."""
    row, _ = AdvisorySource.objects.update_or_create(
        name=name, defaults={"kind": kind, **fields, "revision": uuid.uuid4()}
    )
    return int(row.pk)


def existing_modified(source_id: int) -> dict[str, datetime | None]:
    """osv id -> stored ``modified`` of a source's records."""
    return dict(Advisory.objects.filter(source_id=source_id).values_list("osv_id", "modified"))


def packages_of(source_id: int, osv_ids: Iterable[str]) -> set[tuple[str, str]]:
    """(ecosystem, package) pairs the stored versions of these records name."""
    rows = AdvisoryPackage.objects.filter(
        advisory__source_id=source_id, advisory__osv_id__in=list(osv_ids)
    )
    return set(rows.values_list("ecosystem", "package"))


def replace_records(
    source_id: int,
    records: Sequence[
        tuple[str, list[str], str, datetime | None, bool, dict[str, Any], Iterable[tuple[str, str]]]
    ],
    removed: Iterable[str],
) -> None:
    """Insert or replace records (id, aliases, summary, modified, withdrawn, document, packages)."""
    ids = [r[0] for r in records] + list(removed)
    Advisory.objects.filter(source_id=source_id, osv_id__in=ids).delete()
    rows = [
        Advisory(
            source_id=source_id,
            osv_id=i,
            aliases=a,
            summary=s[:2000],
            modified=m,
            withdrawn=w,
            document=d,
        )
        for i, a, s, m, w, d, _ in records
    ]
    created = Advisory.objects.bulk_create(rows, batch_size=BATCH)
    packages = [
        AdvisoryPackage(advisory=row, ecosystem=ecosystem, package=package)
        for row, record in zip(created, records, strict=True)
        for ecosystem, package in set(record[6])
    ]
    AdvisoryPackage.objects.bulk_create(packages, batch_size=BATCH)


def documents(source_ids: Iterable[int] | None = None) -> Iterable[dict[str, Any]]:
    """Every stored OSV document (non-withdrawn), in a stable order."""
    query = Advisory.objects.filter(withdrawn=False)
    if source_ids is not None:
        query = query.filter(source_id__in=list(source_ids))
    yield from query.order_by("pk").values_list("document", flat=True).iterator(BATCH)


def stored_records() -> Iterable[tuple[str, dict[str, Any]]]:
    """(osv id, document) of every stored non-withdrawn OSV record, in a stable order."""
    query = Advisory.objects.filter(withdrawn=False).order_by("pk")
    yield from query.values_list("osv_id", "document").iterator(BATCH)


def stored_packages(osv_ids: Iterable[str]) -> list[tuple[PackageKey, str]]:
    """(package, osv id) pairs the stored records name, as recorded when they were imported."""
    ids = list(osv_ids)
    if not ids:
        return []
    rows = AdvisoryPackage.objects.filter(advisory__osv_id__in=ids, advisory__withdrawn=False)
    return [
        (PackageKey(*split_ecosystem(ecosystem), package), osv_id)
        for ecosystem, package, osv_id in rows.values_list(
            "ecosystem", "package", "advisory__osv_id"
        )
    ]


def core_sources() -> list[SourceValue]:
    """The OSV sources as the matcher describes them (freshness, ecosystems, counts)."""
    return [
        SourceValue(
            name=row.name,
            ecosystems=frozenset(row.ecosystems),
            record_count=row.record_count,
            newest_modified=row.newest_modified,
            retrieved_at=row.retrieved_at,
            skipped_records=sum(row.skipped.values()),
        )
        for row in AdvisorySource.objects.filter(kind=AdvisorySource.Kind.OSV).order_by("name")
    ]


def unreadable() -> dict[PackageKey, tuple[str, ...]]:
    """Packages named by records that could not be read, with those records' ids."""
    found: dict[PackageKey, set[str]] = {}
    rows = AdvisorySource.objects.filter(kind=AdvisorySource.Kind.OSV).values_list(
        "unreadable", flat=True
    )
    for entries in rows:
        for ecosystem, release, name, record_id in entries:
            found.setdefault(PackageKey(ecosystem, release, name), set()).add(record_id)
    return {key: tuple(sorted(ids)) for key, ids in found.items()}


def data_stamp() -> tuple[object, ...]:
    """Changes whenever advisory data changes (the in-memory index is rebuilt then)."""
    return tuple(
        AdvisorySource.objects.order_by("name").values_list(
            "name", "retrieved_at", "record_count", "sha256", "revision"
        )
    )


def kev_ids() -> set[str]:
    """The CVE ids of the stored KEV catalog (what a new catalog would remove)."""
    return set(KevEntry.objects.values_list("cve_id", flat=True).iterator(BATCH))


def epss_ids() -> set[str]:
    """The CVE ids that have a stored EPSS score."""
    return set(EpssScore.objects.values_list("cve_id", flat=True).iterator(BATCH))


def replace_kev(entries: Iterable[KevValue]) -> int:
    KevEntry.objects.all().delete()
    rows = [
        KevEntry(
            cve_id=e.cve_id,
            vendor=e.vendor[:300],
            product=e.product[:300],
            name=e.name[:500],
            date_added=e.date_added,
            due_date=e.due_date,
            known_ransomware_use=e.known_ransomware_use,
            required_action=e.required_action,
        )
        for e in entries
    ]
    KevEntry.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def kev_catalog() -> KevCatalog | None:
    source_row = AdvisorySource.objects.filter(kind=AdvisorySource.Kind.KEV).first()
    if source_row is None:
        return None
    entries = {
        row.cve_id: KevValue(
            row.cve_id,
            row.date_added,
            row.due_date,
            row.known_ransomware_use,
            row.vendor,
            row.product,
            row.name,
            row.required_action,
        )
        for row in KevEntry.objects.iterator(BATCH)
    }
    # The catalog's own release date (dateReleased), never when it was imported.
    return KevCatalog(source_row.version, source_row.newest_modified, entries)


def replace_epss(scores: Iterable[EpssValue]) -> int:
    EpssScore.objects.all().delete()
    rows = [EpssScore(cve_id=s.cve_id, score=s.score, percentile=s.percentile) for s in scores]
    EpssScore.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def epss_table() -> EpssTable | None:
    source_row = AdvisorySource.objects.filter(kind=AdvisorySource.Kind.EPSS).first()
    if source_row is None:
        return None
    scores = {
        row.cve_id: EpssValue(row.cve_id, row.score, row.percentile)
        for row in EpssScore.objects.iterator(BATCH)
    }
    version, _, day = source_row.version.partition("@")
    return EpssTable(version, _moment(day), scores)


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
