"""Support period basis, retention dates and the free and open-source route in the browser
(issue 11 item 8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Product

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(organization, operator, make_user, typical_answers) -> Client:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router", scope_answers=typical_answers, support_months=60,
            support_justification="Expected use time of comparable routers.",
        ),
    )  # fmt: skip
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 3, 1)))
    products.add_release(operator, "router", ReleaseDraft("2.0", status="planned"))
    make_user("erin", "editor")
    browser = Client()
    assert browser.login(username="erin", password=PASSWORD)
    return browser


def test_retention_dates_per_product_and_release(editor: Client) -> None:
    page = editor.get("/products/router/").content.decode()
    assert 'id="retention"' in page
    assert (
        "Technical documentation and EU declaration of conformity: until at least <strong>2036-03-01</strong>"
        in page
    )
    assert "Documentation kept until" in page  # the releases table's column
    assert "<td>2036-03-01</td>" in page  # release 1.0
    release = editor.get("/products/router/releases/1.0/").content.decode()
    assert "until at least <strong>2036-03-01</strong>" in release
    assert "Art. 13(13)" in release
    planned = editor.get("/products/router/releases/2.0/").content.decode()
    assert 'id="retention"' not in planned  # not placed on the market


def test_a_product_without_its_support_basis_is_flagged(editor: Client) -> None:
    Product.objects.filter(slug="router").update(support_justification="")
    page = editor.get("/products/router/").content.decode()
    assert 'id="no-basis"' in page
    assert "whatever the period" in page


def test_the_foss_route_is_not_offered_to_proprietary_products(
    editor: Client, typical_answers
) -> None:  # type: ignore[no-untyped-def]
    scope = editor.post("/products/new/", {"name": "Closed Box", "description": "x"})["Location"]
    category = editor.post(scope, {f"q_{k}": v for k, v in typical_answers.items()})["Location"]
    page = editor.get(category).content.decode()
    assert 'id="no-foss-route"' in page
    assert 'name="free_open_source_public_documentation"' not in page
    refused = editor.post(
        category,
        {"categories": ["AIII-C1-12"], "standards_applied": "none",
         "free_open_source_public_documentation": "on"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Art. 32(5)" in refused.content.decode()
