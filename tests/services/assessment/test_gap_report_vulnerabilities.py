"""The gap report names the product's open exploited and critical findings and open Art. 14 cases."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pytest

from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft, ReleaseRef
from rempart.services.assessment import gap_report
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.store.models import Finding, Release

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the operator fixture's clock


def _finding(version: str, vulnerability: str, severity: str, kev: bool = False) -> None:
    Finding.objects.create(
        release=Release.objects.get(product__slug="gateway", version=version),
        vulnerability_id=vulnerability, severity=severity, known_exploited=kev,
        score=9.8 if severity == "critical" else 7.5, component_bom_ref=vulnerability,
        component_name="libwebp", component_version="1.3.1", first_seen=NOW, last_seen=NOW,
    )  # fmt: skip


@pytest.fixture
def gateway(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator, ProductDraft(name="Gateway", scope_answers=typical_answers, support_months=120)
    )
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    _finding("3.0.0", "CVE-2023-4863", "high", kev=True)
    _finding("3.0.0", "CVE-2026-0002", "critical")
    _finding("3.0.0", "CVE-2026-0003", "high")  # neither exploited nor critical: not listed
    _finding("3.0.0", "CVE-2026-0004", "critical")
    Finding.objects.filter(vulnerability_id="CVE-2026-0004").update(status="resolved")
    reporting.open_case(
        operator,
        CaseDraft(
            kind="vulnerability", title="libwebp exploited", products=("gateway",),
            releases=(ReleaseRef("gateway", "3.0.0"),), vulnerability_id="CVE-2023-4863",
            aware_at=NOW - timedelta(hours=2), aware_reason="The CSIRT called",
        ),
    )  # fmt: skip
    reporting.open_case(
        operator, CaseDraft(kind="incident", title="Suspicious login", products=("gateway",))
    )
    return "gateway"


def test_the_json_lists_findings_and_cases(gateway, operator) -> None:
    handling = gap_report.gap_report(operator, gateway)["vulnerability_handling"]
    assert handling["findings_total"] == 2
    assert [f["vulnerability_id"] for f in handling["findings"]] == [
        "CVE-2023-4863",  # KEV-listed first
        "CVE-2026-0002",
    ]
    cases = {c["title"]: c for c in handling["cases"]}
    exploited = cases["libwebp exploited"]
    assert exploited["releases"] == ["3.0.0"]
    assert exploited["next_due"]["stage"] == "early-warning"
    assert exploited["next_due"]["due_at"] == "2026-11-24T07:00:00Z"
    assert exploited["next_due"]["citation"] == "ART14-2a"
    assert cases["Suspicious login"]["next_due"] is None  # awareness not confirmed
    assert [c["id"] for c in handling["citations"]] == ["AI-P2-2", "ART14-1", "ART14-3"]


def test_html_and_pdf_show_the_section(gateway, operator, tmp_path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    html, _, _ = gap_report.export(operator, gateway, "html")
    text = html.decode()
    assert "Exploited and critical findings, Art. 14 cases" in text
    assert "2026-11-24 07:00 UTC" in text
    assert "awareness not confirmed yet" in text
    data, _, _ = gap_report.export(operator, gateway, "pdf")
    document = pdfium.PdfDocument(data)
    pages = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    for expected in ("Exploited and critical findings", "CVE-2023-4863", "yes (CISA KEV)",
                     "Early warning", "2026-11-24 07:00 UTC", "CASE-2026-"):  # fmt: skip
        assert expected in pages, expected
    where = os.environ.get("REMPART_SCREENSHOTS")
    if where:  # to look at it: every page as PNG
        for i in range(len(document)):
            document[i].render(scale=1.5).to_pil().save(f"{where}/gap-report-{i + 1}.png")
