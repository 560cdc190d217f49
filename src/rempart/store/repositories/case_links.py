"""What a reporting case covers, the candidates to choose from, and the case history (store layer)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import F

from rempart.store.models import (
    CaseHistoryEntry,
    Finding,
    Product,
    Release,
    ReportingCase,
    VulnerabilityReport,
)
from rempart.store.repositories.reporting import (
    LinkedFinding,
    LinkedReport,
    linked_finding,
)


@dataclass(frozen=True, slots=True)
class ReleaseRow:
    id: int
    product_id: int
    product_slug: str
    product_name: str
    version: str
    status: str
    release_date: date | None
    end_of_support: date | None


@dataclass(frozen=True, slots=True)
class FindingRow:
    finding: LinkedFinding
    aliases: tuple[str, ...]
    release_id: int
    product_id: int


@dataclass(frozen=True, slots=True)
class ReportRow:
    report: LinkedReport
    id: int
    product_id: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    summary: str
    changes: dict[str, Any]
    note: str


def products(slugs: Collection[str] | None = None) -> list[tuple[int, str, str]]:
    """(id, slug, name) of every product, or of those with these slugs, by name."""
    query = Product.objects.all()
    if slugs is not None:
        query = query.filter(slug__in=list(slugs))
    return list(query.order_by("name", "slug").values_list("pk", "slug", "name"))


def releases_of(product_slugs: Collection[str]) -> list[ReleaseRow]:
    rows = (
        Release.objects.filter(product__slug__in=list(product_slugs))
        .select_related("product")
        .order_by("product__name", "product__slug", F("release_date").desc(nulls_last=True), "-id")
    )
    return [
        ReleaseRow(
            r.pk,
            r.product_id,
            r.product.slug,
            r.product.name,
            r.version,
            r.status,
            r.release_date,
            r.end_of_support,
        )
        for r in rows
    ]


def open_findings_of(release_ids: Collection[int]) -> list[FindingRow]:
    """Open findings of these releases (the caller picks those of the case's vulnerability)."""
    rows = (
        Finding.objects.filter(release_id__in=list(release_ids), status=Finding.Status.OPEN)
        .select_related("release__product")
        .order_by("release__product__slug", "release__version", "vulnerability_id", "pk")
    )
    return [
        FindingRow(linked_finding(r), tuple(r.aliases), r.release_id, r.release.product_id)
        for r in rows.iterator()
    ]


def open_finding_names(release_ids: Collection[int]) -> list[tuple[int, str, list[str]]]:
    """(release id, vulnerability ID, aliases) of the open findings: cheap, for matching."""
    return list(
        Finding.objects.filter(
            release_id__in=list(release_ids), status=Finding.Status.OPEN
        ).values_list("release_id", "vulnerability_id", "aliases")
    )


def findings_by_id(ids: Iterable[int]) -> dict[int, FindingRow]:
    rows = Finding.objects.filter(pk__in=list(ids)).select_related("release__product")
    return {
        r.pk: FindingRow(linked_finding(r), tuple(r.aliases), r.release_id, r.release.product_id)
        for r in rows
    }


def _report_row(row: VulnerabilityReport) -> ReportRow:
    return ReportRow(
        LinkedReport(row.reference, row.product.slug, row.summary, row.status),
        row.pk,
        row.product_id,
    )


def reports_of(product_slugs: Collection[str], limit: int = 200) -> list[ReportRow]:
    rows = (
        VulnerabilityReport.objects.filter(product__slug__in=list(product_slugs))
        .select_related("product")
        .order_by("-received_at", "-id")[:limit]
    )
    return [_report_row(r) for r in rows]


def reports_by_reference(references: Iterable[str]) -> dict[str, ReportRow]:
    rows = VulnerabilityReport.objects.filter(reference__in=list(references)).select_related(
        "product"
    )
    return {r.reference: _report_row(r) for r in rows}


def set_links(
    reference: str,
    product_ids: Iterable[int],
    release_ids: Iterable[int],
    finding_ids: Iterable[int],
    report_ids: Iterable[int],
) -> None:
    row = ReportingCase.objects.get(reference=reference)
    row.products.set(list(product_ids))
    row.releases.set(list(release_ids))
    row.findings.set(list(finding_ids))
    row.vulnerability_reports.set(list(report_ids))


def add_links(reference: str, finding_ids: Iterable[int], report_ids: Iterable[int]) -> None:
    row = ReportingCase.objects.get(reference=reference)
    row.findings.add(*finding_ids)
    row.vulnerability_reports.add(*report_ids)


def add_history(
    case_id: int,
    at: datetime,
    actor: str,
    action: str,
    summary: str,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> None:
    CaseHistoryEntry.objects.create(
        case_id=case_id, at=at, actor=actor, action=action, summary=summary,
        changes=dict(changes or {}), note=note,
    )  # fmt: skip


def history(case_id: int) -> list[HistoryEntry]:
    return [
        HistoryEntry(e.at, e.actor, e.action, e.summary, dict(e.changes), e.note)
        for e in CaseHistoryEntry.objects.filter(case_id=case_id)
    ]
