"""CSAF publisher settings, security advisories and their published revisions (store layer)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rempart.store.models import AdvisoryRevision, CsafSettings, Finding, SecurityAdvisory


@dataclass(frozen=True, slots=True)
class CsafSettingsView:
    publisher_name: str
    publisher_namespace: str
    publisher_category: str
    contact_details: str
    tracking_prefix: str
    openpgp_fingerprint: str
    updated_by: str
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class RevisionView:
    version: str
    status: str
    summary: str
    document: dict[str, Any]
    sha256: str
    published_by: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class AdvisoryView:
    id: int
    tracking_id: str
    title: str
    status: str
    tlp: str
    content: dict[str, Any]
    finding_ids: tuple[int, ...]
    vulnerability_ids: tuple[str, ...]
    created_by: str
    created_at: datetime
    updated_at: datetime
    revisions: tuple[RevisionView, ...]

    @property
    def published(self) -> bool:
        return bool(self.revisions)


SETTINGS_FIELDS = (
    "publisher_name", "publisher_namespace", "publisher_category", "contact_details",
    "tracking_prefix", "openpgp_fingerprint",
)  # fmt: skip


def settings() -> CsafSettingsView:
    row = CsafSettings.objects.order_by("pk").first() or CsafSettings()
    return CsafSettingsView(
        row.publisher_name, row.publisher_namespace, row.publisher_category, row.contact_details,
        row.tracking_prefix, row.openpgp_fingerprint, row.updated_by, row.updated_at,
    )  # fmt: skip


def save_settings(values: dict[str, str], actor: str, now: datetime) -> CsafSettingsView:
    row = CsafSettings.objects.order_by("pk").first() or CsafSettings()
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by, row.updated_at = actor, now
    row.save()
    return settings()


def _revision(row: AdvisoryRevision) -> RevisionView:
    return RevisionView(
        row.version, row.status, row.summary, dict(row.document), row.sha256, row.published_by,
        row.published_at,
    )  # fmt: skip


def _view(row: SecurityAdvisory) -> AdvisoryView:
    return AdvisoryView(
        row.pk, row.tracking_id, row.title, row.status, row.tlp, dict(row.content),
        tuple(sorted(f.pk for f in row.findings.all())), tuple(row.vulnerability_ids),
        row.created_by, row.created_at, row.updated_at,
        tuple(_revision(r) for r in row.revisions.all()),
    )  # fmt: skip


def _query() -> Any:
    return SecurityAdvisory.objects.prefetch_related("findings", "revisions")


def get(tracking_id: str, for_update: bool = False) -> AdvisoryView | None:
    if (
        for_update
        and not SecurityAdvisory.objects.select_for_update()
        .filter(tracking_id=tracking_id)
        .exists()
    ):
        return None
    row = _query().filter(tracking_id=tracking_id).first()
    return _view(row) if row else None


def all_advisories() -> list[AdvisoryView]:
    return [_view(row) for row in _query().order_by("-created_at", "-pk")]


def count_with_prefix(prefix: str) -> int:
    return SecurityAdvisory.objects.filter(tracking_id__startswith=prefix).count()


def create(values: dict[str, Any], finding_ids: Iterable[int], now: datetime) -> AdvisoryView:
    row = SecurityAdvisory.objects.create(created_at=now, updated_at=now, **values)
    row.findings.set(list(finding_ids))
    view = get(row.tracking_id)
    assert view is not None  # noqa: S101 - just created
    return view


def update(
    tracking_id: str,
    values: dict[str, Any],
    now: datetime,
    finding_ids: Iterable[int] | None = None,
) -> AdvisoryView:
    SecurityAdvisory.objects.filter(tracking_id=tracking_id).update(updated_at=now, **values)
    if finding_ids is not None:
        SecurityAdvisory.objects.get(tracking_id=tracking_id).findings.set(list(finding_ids))
    view = get(tracking_id)
    assert view is not None  # noqa: S101 - callers hold it
    return view


def add_revision(tracking_id: str, values: dict[str, Any]) -> None:
    advisory = SecurityAdvisory.objects.get(tracking_id=tracking_id)
    AdvisoryRevision.objects.create(advisory=advisory, **values)


def published_documents() -> list[tuple[str, RevisionView]]:
    """(tracking id, newest revision) of every published advisory."""
    found = []
    for row in _query().filter(revisions__isnull=False).distinct().order_by("tracking_id"):
        revisions = list(row.revisions.all())
        found.append((row.tracking_id, _revision(revisions[-1])))
    return found


def all_revisions() -> list[tuple[str, RevisionView]]:
    rows = AdvisoryRevision.objects.select_related("advisory").order_by("published_at", "pk")
    return [(row.advisory.tracking_id, _revision(row)) for row in rows]


def fixed_advisory_vulnerabilities(product_id: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """(tracking id, status, vulnerability ids) of published advisories naming the product's findings."""
    rows = (
        _query()
        .filter(revisions__isnull=False, findings__release__product_id=product_id)
        .distinct()
        .order_by("tracking_id")
    )
    return [(row.tracking_id, row.status, tuple(row.vulnerability_ids)) for row in rows]


def finding_facts(finding_ids: Iterable[int]) -> list[dict[str, Any]]:
    """What an advisory needs of each finding (the product tree, the vulnerabilities)."""
    rows = Finding.objects.filter(pk__in=list(finding_ids)).select_related("release__product")
    return [
        {
            "id": row.pk, "product_slug": row.release.product.slug,
            "product_name": row.release.product.name, "version": row.release.version,
            "release_status": row.release.status, "vulnerability_id": row.vulnerability_id,
            "aliases": list(row.aliases), "summary": row.summary,
            "component_name": row.component_name, "component_version": row.component_version,
            "component_purl": row.component_purl, "fixed_versions": list(row.fixed_versions),
            "status": row.status,
        }
        for row in rows.order_by("pk")
    ]  # fmt: skip


def published_for_product(product_slug: str) -> list[tuple[str, str, datetime, dict[str, Any]]]:
    """(tracking id, title, first publication, newest published document) of a product's advisories."""
    rows = (
        _query()
        .filter(revisions__isnull=False, findings__release__product__slug=product_slug)
        .distinct()
    )
    found = []
    for row in rows:
        revisions = list(row.revisions.all())
        found.append(
            (row.tracking_id, row.title, revisions[0].published_at, dict(revisions[-1].document))
        )
    return sorted(found, key=lambda item: item[2], reverse=True)
