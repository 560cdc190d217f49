"""Opening an Art. 14 reporting case from a vulnerability report (services layer).

A report received through the CVD channel is one of the signals the issue names for a case.
The case starts as a proposal (awareness unconfirmed) unless the person opening it records the
time they became aware, so the report alone never starts the 24-hour clock: only a person who
judges the vulnerability actively exploited does.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from rempart.core.errors import Conflict
from rempart.core.reporting.case import CaseDraft, CaseSource, ReleaseRef
from rempart.core.reporting.clocks import CaseKind
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.disclosure import vulnerability_reports
from rempart.services.reporting import cases as reporting
from rempart.store.repositories import report_cases as repo
from rempart.store.repositories.reporting import CaseView


def cases_for_report(ctx: ServiceContext, report_reference: str) -> list[str]:
    """References of the cases opened from this report."""
    require(ctx, Action.READ)
    return repo.case_references_for_report(report_reference)


def open_case_from_report(
    ctx: ServiceContext,
    report_reference: str,
    *,
    kind: str = CaseKind.VULNERABILITY.value,
    aware_at: datetime | None = None,
    aware_reason: str = "",
) -> CaseView:
    """Open a case for the report's product, prefilled from the report and its linked findings."""
    require(ctx, Action.WRITE)
    report = vulnerability_reports.get_report(ctx, report_reference)
    with transaction.atomic():
        existing = repo.case_references_for_report(report.reference)
        if existing:
            raise Conflict(f"report {report.reference} already has reporting case {existing[0]}")
        vulnerability_ids = sorted({f.vulnerability_id for f in report.findings})
        releases = sorted({f.release_version for f in report.findings})
        draft = CaseDraft(
            kind=kind,
            title=report.summary[:300],
            products=(report.product_slug,),
            releases=tuple(ReleaseRef(report.product_slug, v) for v in releases),
            vulnerability_id=vulnerability_ids[0] if vulnerability_ids else "",
            aliases=tuple(vulnerability_ids[1:]),
            summary=report.details,
            source=CaseSource.CVD_REPORT.value,
            source_ref=report.reference,
            aware_at=aware_at,
            aware_reason=aware_reason,
            detected_at=report.received_at,
            findings=tuple(f.id for f in report.findings),
            vulnerability_reports=(report.reference,),
        )
        case = reporting.open_case(ctx, draft)
        audit.record(
            ctx,
            "vulnerability_report.case_opened",
            "vulnerability_report",
            report.reference,
            {"case": case.reference, "kind": kind, "awareness_confirmed": aware_at is not None},
        )
    return case
