"""The report page's panel that turns a vulnerability report into a proposed Art. 14 case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client

from rempart.core.disclosure import form_token
from rempart.core.register import ProductDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.products import register as products
from rempart.store.models import ReportingCase, VulnerabilityReport

PASSWORD = "correct horse battery staple"


@pytest.fixture
def reference(organization, operator, typical_answers, client) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    disclosure.save_settings(
        ServiceContext(Actor.operator("tester")),
        {"contacts": ["mailto:psirt@test.example"], "public_base_url": "https://psirt.example"},
    )
    issued = datetime.now(tz=UTC) - timedelta(seconds=30)
    token = form_token.issue(str(settings.SECRET_KEY).encode(), "panel", issued)
    posted = client.post(
        "/report/",
        {
            "product": "nimbus-router",
            "summary": "Remote code execution in the updater",
            "details": "Seen exploited against customers",
            "affected_versions": "1.x",
            "reporter_contact": "",
            "website": "",
            "form_token": token,
        },
    )
    assert posted.status_code == 302
    return str(VulnerabilityReport.objects.get().reference)


def test_editor_opens_one_proposed_case_from_the_report(reference, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("erin", "editor")
    team = Client()
    assert team.login(username="erin", password=PASSWORD)
    panel = f"/vulnerability-reports/{reference}/case/"
    assert "Open a reporting case" in team.get(panel).content.decode()

    response = team.post(panel, {"kind": "vulnerability"})
    case = ReportingCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.reference}/"
    assert (case.status, case.source_ref) == ("proposed", reference)
    shown = team.get(panel).content.decode()
    assert case.reference in shown
    assert "Open a reporting case" not in shown

    team.post(panel, {"kind": "vulnerability"})  # refused: one case per report
    assert ReportingCase.objects.count() == 1


def test_viewer_sees_no_form_and_cannot_open(reference, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("vic", "viewer")
    viewer = Client()
    assert viewer.login(username="vic", password=PASSWORD)
    panel = f"/vulnerability-reports/{reference}/case/"
    assert "Open a reporting case" not in viewer.get(panel).content.decode()
    viewer.post(panel, {"kind": "vulnerability"})
    assert ReportingCase.objects.count() == 0


def test_product_page_records_where_the_product_is_made_available(reference, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("erin", "editor")
    team = Client()
    assert team.login(username="erin", password=PASSWORD)
    page = team.get("/products/nimbus-router/").content.decode()
    assert 'action="/products/nimbus-router/availability/"' in page
    saved = team.post("/products/nimbus-router/availability/", {"member_states": ["FR", "BE"]})
    assert saved.status_code == 302
    assert "Made available in" in team.get("/products/nimbus-router/").content.decode()
    assert "BE Belgium, FR France" in team.get("/products/nimbus-router/").content.decode()
    team.post("/products/nimbus-router/availability/", {"member_states": ["ZZ"]})
    assert "BE Belgium, FR France" in team.get("/products/nimbus-router/").content.decode()
