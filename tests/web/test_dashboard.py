"""The home page is the dashboard; the product list has its own address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from rempart.core.reporting.case import CaseDraft
from rempart.services.reporting import cases as reporting

pytestmark = pytest.mark.database
PASSWORD = "correct horse battery staple"


@pytest.fixture
def viewer(organization, make_user) -> Client:  # type: ignore[no-untyped-def]
    make_user("vera", "viewer")
    browser = Client()
    assert browser.login(username="vera", password=PASSWORD)
    return browser


def test_an_empty_workspace_says_what_to_do_next(viewer) -> None:
    page = viewer.get("/").content.decode()
    assert 'id="no-clocks"' in page
    assert 'id="no-products"' in page
    assert 'id="no-new-exploited"' in page
    assert "Ask an editor to register the first product" in page
    products = viewer.get("/products/")
    assert products.status_code == 200
    assert "<h1>Products</h1>" in products.content.decode()


def test_a_running_case_and_its_product_are_on_the_home_page(gateway, operator, viewer) -> None:
    draft = CaseDraft(
        kind="vulnerability",
        title="Exploited RCE",
        products=("gateway",),
        member_states=("DE",),
        aware_at=operator.clock.now() - timedelta(hours=30),
        aware_reason="Seen in the KEV feed",
    )
    case = reporting.open_case(operator, draft)
    page = viewer.get("/").content.decode()
    assert f'href="/cases/{case.reference}/stages/early-warning/"' in page
    assert 'class="clock urgency-overdue"' in page
    assert "overdue by" in page
    assert 'class="overdue-item"' in page
    assert 'href="/products/gateway/"' in page
    assert 'href="/products/gateway/releases/3.0.0/findings/"' in page  # open findings
    assert 'style="' not in page
    assert "<script>" not in page


def test_the_pictures_load_after_the_page(gateway, viewer) -> None:  # type: ignore[no-untyped-def]
    """The dashboard answers without drawing; its charts come from their own fragment."""
    page = viewer.get("/").content.decode()
    assert 'hx-get="/dashboard/charts/"' in page
    assert "<svg" not in page
    fragment = viewer.get("/dashboard/charts/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.count('role="img"') == 2
    assert "gateway" in fragment.lower()
    assert Client().get("/dashboard/charts/").status_code == 302  # sign in first
