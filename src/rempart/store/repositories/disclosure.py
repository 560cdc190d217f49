"""Disclosure settings, vulnerability reports, their notes and the intake counters (store)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime

from rempart.core.disclosure.settings import DisclosureSettings as SettingsValue
from rempart.store.models import (
    DisclosureSettings,
    Finding,
    IntakeAttempt,
    Organization,
    Product,
    ReportNote,
    UsedFormToken,
    VulnerabilityReport,
)

STORED = tuple(f.name for f in fields(SettingsValue) if f.name != "organization_name")
_TUPLES = (
    "contacts",
    "encryption",
    "preferred_languages",
    "canonical",
    "csaf",
    "published_products",
)


def settings_to_core(row: DisclosureSettings | None, organization_name: str) -> SettingsValue:
    if row is None:
        return SettingsValue(organization_name=organization_name)
    values: dict[str, object] = {name: getattr(row, name) for name in STORED}
    for name in _TUPLES:
        values[name] = tuple(values[name])  # type: ignore[arg-type]
    return SettingsValue(organization_name=organization_name, **values)  # type: ignore[arg-type]


def get_settings(organization_id: int) -> SettingsValue | None:
    """The stored settings, or ``None`` if none were saved yet."""
    org = Organization.objects.get(pk=organization_id)
    row = DisclosureSettings.objects.filter(organization_id=organization_id).first()
    return settings_to_core(row, org.name) if row else None


def save_settings(organization_id: int, value: SettingsValue, now: datetime) -> SettingsValue:
    values: dict[str, object] = {name: getattr(value, name) for name in STORED}
    for name in _TUPLES:
        values[name] = list(values[name])  # type: ignore[call-overload]
    row, _ = DisclosureSettings.objects.select_for_update().update_or_create(
        organization_id=organization_id, defaults={**values, "updated_at": now}
    )
    return replace(settings_to_core(row, value.organization_name))


@dataclass(frozen=True, slots=True)
class NoteView:
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LinkedFinding:
    id: int
    vulnerability_id: str
    release_version: str
    component_name: str
    severity: str


@dataclass(frozen=True, slots=True)
class ReportView:
    id: int
    reference: str
    product_slug: str
    product_name: str
    summary: str
    details: str
    affected_versions: str
    reporter_contact: str
    wants_credit: bool
    channel: str
    status: str
    decision: str
    received_at: datetime
    acknowledged_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime
    notes: tuple[NoteView, ...] = ()
    findings: tuple[LinkedFinding, ...] = ()


def _to_view(row: VulnerabilityReport, full: bool = False) -> ReportView:
    notes: tuple[NoteView, ...] = ()
    linked: tuple[LinkedFinding, ...] = ()
    if full:
        notes = tuple(NoteView(n.author, n.text, n.created_at) for n in row.notes.all())
        linked = tuple(
            LinkedFinding(f.pk, f.vulnerability_id, f.release.version, f.component_name, f.severity)
            for f in row.findings.select_related("release").order_by("vulnerability_id", "pk")
        )
    return ReportView(
        row.pk,
        row.reference,
        row.product.slug,
        row.product.name,
        row.summary,
        row.details,
        row.affected_versions,
        row.reporter_contact,
        row.wants_credit,
        row.channel,
        row.status,
        row.decision,
        row.received_at,
        row.acknowledged_at,
        row.decided_at,
        row.updated_at,
        notes,
        linked,
    )


def create_report(values: dict[str, object], product_slug: str, now: datetime) -> ReportView:
    product = Product.objects.get(slug=product_slug)
    row = VulnerabilityReport.objects.create(
        product=product, received_at=now, updated_at=now, **values
    )
    return _to_view(row)


def reference_exists(reference: str) -> bool:
    return VulnerabilityReport.objects.filter(reference=reference).exists()


def get_report(reference: str, for_update: bool = False) -> ReportView | None:
    query = VulnerabilityReport.objects.select_related("product")
    if for_update:
        query = query.select_for_update(of=("self",))
    row = query.filter(reference=reference).first()
    return _to_view(row, full=True) if row else None


def list_reports(
    status: str | None = None, product_slug: str | None = None, limit: int = 200
) -> list[ReportView]:
    query = VulnerabilityReport.objects.select_related("product")
    if status:
        query = query.filter(status=status)
    if product_slug:
        query = query.filter(product__slug=product_slug)
    return [_to_view(row) for row in query[:limit]]


def count_by_status() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in VulnerabilityReport.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def update_report(reference: str, values: dict[str, object]) -> None:
    VulnerabilityReport.objects.filter(reference=reference).update(**values)


def add_note(reference: str, author: str, text: str, now: datetime) -> None:
    report = VulnerabilityReport.objects.get(reference=reference)
    ReportNote.objects.create(report=report, author=author, text=text, created_at=now)


def product_finding_ids(reference: str, finding_ids: list[int]) -> list[int]:
    """Those of ``finding_ids`` that belong to the report's product (others are refused)."""
    product_id = VulnerabilityReport.objects.get(reference=reference).product_id
    return list(
        Finding.objects.filter(pk__in=finding_ids, release__product_id=product_id).values_list(
            "pk", flat=True
        )
    )


def link_findings(reference: str, finding_ids: list[int]) -> None:
    VulnerabilityReport.objects.get(reference=reference).findings.add(*finding_ids)


def product_findings(product_slug: str, limit: int = 200) -> list[LinkedFinding]:
    rows = (
        Finding.objects.filter(release__product__slug=product_slug, status="open")
        .select_related("release")
        .order_by("vulnerability_id", "release__version")[:limit]
    )
    return [
        LinkedFinding(f.pk, f.vulnerability_id, f.release.version, f.component_name, f.severity)
        for f in rows
    ]


def count_attempts(ip: str, since: datetime) -> int:
    return IntakeAttempt.objects.filter(ip=ip, at__gte=since).count()


def record_attempt(ip: str, now: datetime) -> None:
    IntakeAttempt.objects.create(ip=ip, at=now)


def spend_nonce(nonce: str, now: datetime) -> bool:
    """Mark ``nonce`` used; ``False`` if it was used before (a replay)."""
    _, created = UsedFormToken.objects.get_or_create(nonce=nonce, defaults={"used_at": now})
    return created


def forget_before(cutoff: datetime) -> None:
    """Drop counters and nonces older than any window that still reads them."""
    IntakeAttempt.objects.filter(at__lt=cutoff).delete()
    UsedFormToken.objects.filter(used_at__lt=cutoff).delete()
