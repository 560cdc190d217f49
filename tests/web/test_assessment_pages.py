"""Annex I assessment pages: forms, evidence upload and download, exports, permissions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import EvidenceItem, RequirementEntry

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def editor(organization, operator, make_user, typical_answers, settings, tmp_path) -> Client:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 3, 1)))
    make_user("erin", "editor")
    browser = Client()
    browser.login(username="erin", password="correct horse battery staple")
    return browser


def test_pages_show_requirements_with_citations_and_readiness(editor: Client) -> None:
    page = editor.get("/products/router/assessment/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "AI-P1-2a" in html
    assert "AI-P2-8" in html
    assert "0 %" in html
    assert "met ÷ applicable" in html
    assert "DATE-FULL" in html
    assert "DATE-ART14" in html
    summary = editor.get("/products/router/assessment/summary/", HTTP_HX_REQUEST="true")
    assert "0 met ÷ 22 applicable = 0 %" in summary.content.decode()
    detail = editor.get("/products/router/")
    assert "/products/router/assessment/summary/" in detail.content.decode()
    requirement = editor.get("/products/router/assessment/AI-P2-1/")
    text = requirement.content.decode()
    assert "software bill of materials" in text
    assert "Annex I, Part II, point (1)" in text
    assert editor.get("/products/router/assessment/AI-P9-1/").status_code == 404
    assert editor.get("/assessment/").status_code == 200


def test_not_applicable_without_justification_shows_the_error(editor: Client) -> None:
    response = editor.post(
        "/products/router/assessment/AI-P1-2c/",
        {"applicable": "no", "status": "not-started", "justification": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "clear justification" in response.content.decode()
    assert RequirementEntry.objects.count() == 0
    saved = editor.post(
        "/products/router/assessment/AI-P1-2c/",
        {
            "applicable": "no",
            "status": "not-started",
            "justification": "No updates channel: sealed unit",
        },
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert "not applicable" in saved.content.decode()
    assert "0 met ÷ 21 applicable" in saved.content.decode()


def test_upload_download_and_refusals(editor: Client, settings) -> None:
    url = "/products/router/assessment/AI-P2-1/evidence/"
    refused = editor.post(
        url, {"kind": "file", "file": SimpleUploadedFile("x.pdf", b"<html><script>1</script>")}
    )
    assert refused.status_code == 422
    assert EvidenceItem.objects.count() == 0
    ok = editor.post(url, {"kind": "file", "file": SimpleUploadedFile("../shot.png", PNG)})
    assert ok.status_code == 302
    item = EvidenceItem.objects.get()
    download = editor.get(f"/assessment/evidence/{item.pk}/download/")
    assert download.content == PNG
    assert download["Content-Disposition"] == 'attachment; filename="shot.png"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "image/png"
    bad_url = editor.post(url, {"kind": "url", "url": "javascript:alert(1)"})
    assert bad_url.status_code == 422
    assert EvidenceItem.objects.count() == 1


def test_exports(editor: Client) -> None:
    data = json.loads(editor.get("/products/router/assessment/export.json").content)
    assert data["schema"] == "rempart.gap-report/1"
    assert len(data["requirements"]) == 22
    html = editor.get("/products/router/assessment/export.html")
    assert b"Annex I gap report" in html.content
    assert b"<script" not in html.content
    assert editor.get("/products/router/assessment/export.docx").status_code == 422


def test_viewers_read_but_cannot_write_and_anonymous_is_sent_to_login(
    editor: Client, make_user
) -> None:
    make_user("vic", "viewer")
    viewer = Client()
    viewer.login(username="vic", password="correct horse battery staple")
    assert viewer.get("/products/router/assessment/").status_code == 200
    refused = viewer.post(
        "/products/router/assessment/AI-P2-1/", {"applicable": "yes", "status": "met"}
    )
    assert refused.status_code == 403
    assert RequirementEntry.objects.count() == 0
    anonymous = Client().get("/products/router/assessment/")
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]


def test_part_i_point_2_pages_quote_the_chapeau(editor: Client) -> None:
    page = editor.get("/products/router/assessment/AI-P1-2c/").content.decode()
    assert "On the basis of the cybersecurity risk assessment" in page
    assert "ART13-4" in page
    other = editor.get("/products/router/assessment/AI-P2-3/").content.decode()
    assert "On the basis of the cybersecurity risk assessment" not in other
    assert "whole support period" in other


def test_settings_page_for_admins_only(editor: Client, make_user) -> None:
    assert editor.get("/settings/assessment/").status_code == 200
    refused = editor.post(
        "/settings/assessment/",
        {"evidence_max_bytes": 1000, "kev_remediation_days": 7, "critical_remediation_days": 14},
    )
    assert refused.status_code == 403
    make_user("ada", "admin")
    admin = Client()
    admin.login(username="ada", password="correct horse battery staple")
    bad = admin.post(
        "/settings/assessment/",
        {"evidence_max_bytes": 10, "kev_remediation_days": 7, "critical_remediation_days": 14},
    )
    assert bad.status_code == 422
    assert "between 1 KiB and 1 GiB" in bad.content.decode()
    saved = admin.post(
        "/settings/assessment/",
        {"evidence_max_bytes": 4096, "kev_remediation_days": 7, "critical_remediation_days": 14},
    )
    assert saved.status_code == 302
    page = editor.get("/products/router/assessment/AI-P2-1/").content.decode()
    assert "Up to 4.0\xa0KB" in page


def test_justification_links_the_risks_it_names(editor: Client, operator) -> None:  # type: ignore[no-untyped-def]
    from rempart.core.risk.assessment import RiskDraft
    from rempart.services.risk import assessment as risk

    risk.start_assessment(operator, "router", "1.0")
    risk.add_risk(
        operator,
        "router",
        "1.0",
        RiskDraft(
            title="Radio jamming",
            likelihood="likely",
            impact="major",
            treatment="avoid",
            treatment_description="No radio on board.",
            requirement_ids=("AI-P1-2c",),
            next_review=date(2027, 1, 1),
        ),
    )
    editor.post(
        "/products/router/assessment/AI-P1-2c/",
        {"applicable": "no", "status": "not-started", "justification": "Avoided, see R-1."},
        HTTP_HX_REQUEST="true",
    )
    html = editor.get("/products/router/assessment/AI-P1-2c/").content.decode()
    assert 'href="/products/router/risk/1.0/#risk-R-1"' in html
    assert "Radio jamming" in html
