"""Which reporting cases were opened from a vulnerability report (store layer)."""

from __future__ import annotations

from rempart.store.models import ReportingCase

CVD_REPORT_SOURCE = "cvd-report"


def case_references_for_report(report_reference: str) -> list[str]:
    rows = ReportingCase.objects.filter(source=CVD_REPORT_SOURCE, source_ref=report_reference)
    return list(rows.order_by("reference").values_list("reference", flat=True))
