"""In a real browser: start a release's risk assessment and add a risk through the htmx form."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from tests.e2e.test_product_wizard import log_in


def test_add_a_risk(
    live_server, organization, operator, make_user, typical_answers, page: Page
) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 2, 1)))
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/products/router/")
    page.click("#risk-assessment a[href='/products/router/risk/1.0/']")
    page.click("#start button[type=submit]")
    expect(page.locator("#matrix")).to_contain_text("Almost certain")

    form = page.locator("#risk-form")
    form.locator("input[name=title]").fill("Credential stuffing on the admin login")
    form.locator("select[name=likelihood]").select_option("likely")
    form.locator("select[name=impact]").select_option("major")
    form.locator("select[name=treatment]").select_option("mitigate")
    form.locator("input[name=requirement_ids]").fill("AI-P1-2x")
    form.locator("button[type=submit]").click()
    expect(page.locator("#risk-form")).to_contain_text("not an Annex I requirement ID")

    page.locator("#risk-form input[name=requirement_ids]").fill("AI-P1-2d")
    page.locator("#risk-form button[type=submit]").click()
    row = page.locator("#risk-R-1")
    expect(row).to_contain_text("Credential stuffing on the admin login")
    expect(row).to_contain_text("high")
    expect(row.locator("a.cite")).to_have_text("Annex I, Part I, point (2)(d)")
