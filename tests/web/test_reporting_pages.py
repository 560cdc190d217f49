"""Reporting pages: dashboard, case page, report form, exports, settings; CSRF and roles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.store.models import CaseStage, ReportingCase

PASSWORD = "correct horse battery staple"


@pytest.fixture
def setup(organization, operator, typical_answers, make_user) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0.0", date(2026, 1, 10)))
    clients = {}
    for name, role in (("erin", "editor"), ("vic", "viewer")):
        make_user(name, role)
        browser = Client()
        assert browser.login(username=name, password=PASSWORD)
        clients[role] = browser
    return clients


def test_dashboard_and_case_flow(setup: dict[str, Client]) -> None:
    editor = setup["editor"]
    page = editor.get("/cases/")
    assert page.status_code == 200
    assert b"No open cases." in page.content
    assert b"reporting.js" in page.content
    assert b"<script>" not in page.content  # CSP: no inline scripts

    bad = editor.post("/cases/new/", {"kind": "incident", "title": "x", "products": "ghost"})
    assert bad.status_code == 422
    assert b"no product with slug" in bad.content
    assert ReportingCase.objects.count() == 0
    created = editor.post(
        "/cases/new/",
        {"kind": "incident", "title": "Intrusion", "products": "router", "member_states": ["DE"]},
    )
    assert created.status_code == 302
    url = created["Location"]
    case_page = editor.get(url)
    assert b"Confirm awareness" in case_page.content
    assert b"Art. 14(4)(a)" in case_page.content  # citation chips on every stage

    future = (datetime.now(tz=UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    refused = editor.post(url + "confirm/", {"aware_at": future})
    assert refused.status_code == 422
    assert b"is in the future" in refused.content
    past = (datetime.now(tz=UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    no_reason = editor.post(url + "confirm/", {"aware_at": past})
    assert b"say how the manufacturer became aware earlier" in no_reason.content
    confirmed = editor.post(url + "confirm/", {"aware_at": past, "reason": "seen in the logs"})
    assert confirmed.status_code == 302
    dashboard = editor.get("/cases/").content.decode()
    assert "Early warning notification" in dashboard
    assert "data-due=" in dashboard
    assert "due in 23 h" in dashboard  # rendered on the server: works without JavaScript

    stage_url = url + "stages/early-warning/"
    form = editor.get(stage_url)
    assert b"RPT-SI-EW-MALICIOUS" in form.content
    incomplete = editor.post(
        stage_url,
        {
            "action": "submit",
            "RPT-SI-EW-MS": ["DE"],
            "submitted_at": past,
            "platform_reference": "SRP-1",
        },
    )
    assert incomplete.status_code == 422
    assert b"required" in incomplete.content
    assert CaseStage.objects.count() == 0
    assert (
        editor.post(
            stage_url, {"action": "draft", "RPT-SI-EW-MALICIOUS": "yes", "RPT-SI-EW-MS": ["DE"]}
        ).status_code
        == 302
    )
    done = editor.post(
        stage_url,
        {
            "action": "submit",
            "RPT-SI-EW-MALICIOUS": "yes",
            "RPT-SI-EW-MS": ["DE"],
            "submitted_at": past,
            "platform_reference": "SRP-1",
        },
    )
    assert done.status_code == 302
    frozen = editor.get(stage_url).content
    assert b"disabled" in frozen
    assert b"Record submission" not in frozen
    pdf = editor.get(stage_url + "export/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert editor.get(stage_url + "export/exe/").status_code == 422

    product = editor.get("/products/router/").content.decode()
    assert "Reporting cases" in product
    assert url.strip("/").rsplit("/", 1)[1] in product


def test_roles_and_csrf(setup: dict[str, Client], operator) -> None:
    case = reporting.open_case(
        operator, CaseDraft(kind="incident", title="x", products=("router",))
    )
    viewer = setup["viewer"]
    assert viewer.get(f"/cases/{case.reference}/").status_code == 200
    assert viewer.post(f"/cases/{case.reference}/dismiss/", {"reason": "no"}).status_code == 403
    assert viewer.post("/settings/reporting/", {"csirt_name": "x"}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="erin", password=PASSWORD)
    assert strict.post(f"/cases/{case.reference}/dismiss/", {"reason": "no"}).status_code == 403
    assert ReportingCase.objects.get().status == "proposed"
    assert setup["editor"].get("/cases/CASE-2026-0404/").status_code == 404


def test_settings_page(setup: dict[str, Client], make_user) -> None:
    make_user("ada", "admin")
    admin = Client()
    assert admin.login(username="ada", password=PASSWORD)
    page = admin.get("/settings/reporting/")
    assert b"not entered" in page.content
    saved = admin.post(
        "/settings/reporting/",
        {
            "csirt_name": "CSIRT as entered",
            "csirt_endpoint": "https://endpoint.invalid/",
            "main_establishment_basis": "main_establishment_decisions",
            "main_establishment_country": "AT",
        },
    )
    assert saved.status_code == 302
    assert b"<strong>AT</strong>" in admin.get("/settings/reporting/").content
