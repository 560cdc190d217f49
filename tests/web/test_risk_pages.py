"""Risk assessment, self-assessment and records pages: forms, htmx partials, CSRF, roles."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.risk import assessment as risk
from rempart.store.models import Risk, SecurityTest, SelfAssessmentAnswer, Threat
from tests.conftest import REPO_ROOT

BASE = "/products/router/risk/1.0/"


@pytest.fixture
def editor(organization, operator, make_user, typical_answers) -> Client:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 1, 1)))
    make_user("erin", "editor")
    browser = Client()
    browser.login(username="erin", password="correct horse battery staple")
    return browser


def risk_post(**changes: str) -> dict[str, str]:
    data = {
        "title": "Credential stuffing",
        "likelihood": "likely",
        "impact": "major",
        "treatment": "mitigate",
        "requirement_ids": "AI-P1-2d",
    }
    data.update(changes)
    return data


def test_product_page_links_to_each_release_assessment(editor: Client) -> None:
    page = editor.get("/products/router/")
    assert b'id="risk-assessment"' in page.content
    assert b"/products/router/risk/1.0/" in page.content
    assert b"Art. 13(2)" in page.content


def test_start_add_risk_with_htmx_and_matrix(editor: Client) -> None:
    page = editor.get(BASE)
    assert b"Start the risk assessment" in page.content
    assert editor.post(f"{BASE}start/").status_code == 302
    page = editor.get(BASE)
    assert b"Risk matrix" in page.content
    assert b"Almost certain" in page.content
    response = editor.post(f"{BASE}risks/", risk_post(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="risk-block"' in response.content
    assert b"R-1" in response.content
    assert b"<html" not in response.content  # a partial for htmx
    page = editor.get(BASE)
    assert b"<strong>R-1</strong>" in page.content  # placed in the matrix
    bad = editor.post(
        f"{BASE}risks/", risk_post(requirement_ids="AI-P1-2x"), HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 422
    assert b"not an Annex I requirement ID" in bad.content
    assert Risk.objects.count() == 1
    removed = editor.post(f"{BASE}risks/R-1/delete/", HTTP_HX_REQUEST="true")
    assert removed.status_code == 200
    assert Risk.objects.count() == 0


def test_import_export_and_errors(editor: Client, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    data = (REPO_ROOT / "docs" / "examples" / "threats.csv").read_bytes()
    ok = editor.post(f"{BASE}import/", {"file": SimpleUploadedFile("t.csv", data)})
    assert ok.status_code == 302
    assert Threat.objects.count() == 4
    bad = editor.post(
        f"{BASE}import/",
        {"file": SimpleUploadedFile("t.csv", b"title,impact\nx,huge\n")},
    )
    assert bad.status_code == 422
    assert b"row 2, column" in bad.content
    assert Threat.objects.count() == 4
    exported = editor.get(f"{BASE}export.csv")
    assert exported["Content-Type"].startswith("text/csv")
    assert b"R-1,Credential stuffing on the web admin" in exported.content


def test_viewer_cannot_write_and_csrf_is_checked(editor: Client, make_user, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    make_user("vic", "viewer")
    viewer = Client()
    viewer.login(username="vic", password="correct horse battery staple")
    assert b"Add a risk" not in viewer.get(BASE).content
    assert viewer.post(f"{BASE}risks/", risk_post()).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="erin", password="correct horse battery staple")
    assert strict.post(f"{BASE}risks/", risk_post()).status_code == 403
    assert Risk.objects.count() == 0
    assert Client().get(BASE).status_code == 302  # to the login page


def test_questionnaire_and_records(editor: Client) -> None:
    page = editor.get("/products/router/selfassessment/")
    assert b"Product design" in page.content
    # No answer is pre-selected: a Save without a choice records nothing.
    assert b'<option value="" selected disabled>' in page.content
    assert b'value="yes" selected' not in page.content
    unanswered = editor.post("/products/router/selfassessment/answer/", {"question": "SA-D1"})
    assert unanswered.status_code == 422
    assert SelfAssessmentAnswer.objects.count() == 0
    assert b"Vulnerability management" in page.content
    assert (
        editor.post(
            "/products/router/selfassessment/answer/", {"question": "SA-D1", "answer": "yes"}
        ).status_code
        == 302
    )
    assert SelfAssessmentAnswer.objects.get().answer == "yes"
    assert (
        editor.post(
            "/products/router/selfassessment/answer/", {"question": "SA-D1", "answer": "partly"}
        ).status_code
        == 422
    )
    response = editor.post(
        "/products/router/security-records/tests/",
        {
            "kind": "penetration-test",
            "date": "2026-06-01",
            "tester": "Red Team",
            "scope": "web UI",
            "findings": "critical | RCE in upload\nlow | banner",
            "requirement_ids": "AI-P2-3",
        },
    )
    assert response.status_code == 302
    (test,) = SecurityTest.objects.all()
    assert test.findings[0] == {"title": "RCE in upload", "severity": "critical", "status": "open"}
    editor.post(
        f"/products/router/security-records/tests/{test.pk}/findings/0/", {"status": "fixed"}
    )
    test.refresh_from_db()
    assert test.findings[0]["status"] == "fixed"
    bad = editor.post(
        "/products/router/security-records/audits/",
        {
            "date": "2026-06-01",
            "auditor": "Cert AG",
            "scope": "x",
            "result": "passed",
            "requirement_ids": "ISO-27001",
        },
    )
    assert bad.status_code == 422
    assert b"not an Annex I requirement ID" in bad.content
    page = editor.get("/products/router/security-records/")
    assert b"RCE in upload" in page.content


def test_edit_a_risk(editor: Client, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    editor.post(f"{BASE}risks/", risk_post())
    page = editor.get(f"{BASE}risks/R-1/edit/")
    assert page.status_code == 200
    assert b'value="Credential stuffing"' in page.content
    bad = editor.post(f"{BASE}risks/R-1/edit/", risk_post(treatment="accept", requirement_ids=""))
    assert bad.status_code == 422
    assert b"say why and how" in bad.content
    done = editor.post(
        f"{BASE}risks/R-1/edit/",
        risk_post(residual_likelihood="rare", residual_impact="major", owner="PSIRT"),
    )
    assert done.status_code == 302
    assert Risk.objects.get().owner == "PSIRT"
    assert editor.get(f"{BASE}risks/R-9/edit/").status_code == 404
