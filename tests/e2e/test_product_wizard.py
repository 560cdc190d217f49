"""The main journey in a real browser: log in, register a product with the wizard, see it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.scope import default_in_scope_answers

PASSWORD = "correct horse battery staple"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/products/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Products")


def test_wizard_end_to_end(live_server, organization, make_user, page: Page) -> None:
    make_user("erin", "editor")
    base = live_server.url
    log_in(page, base, "erin")
    page.click("text=Register a product")

    page.fill("input[name=name]", "Nimbus Home Router")
    page.fill("textarea[name=description]", "Wi-Fi router with an integrated DSL modem")
    page.click("button:has-text('Next: scope')")

    expect(page.locator("#wizard-scope")).to_be_visible()
    for question, answer in default_in_scope_answers(load_catalog()).items():
        page.check(f"input[name=q_{question}][value={answer}]")
    page.click("button:has-text('Next: category')")

    # The reading aid points at the router category; the person decides.
    expect(page.locator("a[href='#cat-AIII-C1-12']")).to_be_visible()
    page.check("input[name=categories][value=AIII-C1-12]")
    page.click("button:has-text('Next: support period')")

    # A support period under five years without the expected use time is refused, citing Art. 13(8).
    page.fill("input[name=support_months]", "24")
    page.click("button:has-text('Next: review')")
    expect(page.locator(".error").first).to_contain_text("at least 60 months")
    page.fill("input[name=support_months]", "96")
    # The basis of the period is recorded whatever its length (Annex VII point 4).
    page.fill("textarea[name=support_justification]", "Routers stay in use for eight years.")
    page.click("button:has-text('Next: review')")

    review = page.locator("#review")
    expect(review).to_contain_text("Important · Class I")
    expect(review.locator("#procedures")).to_contain_text("✗ Internal control (Module A)")
    expect(review.locator("a.cite", has_text="Art. 32(2)")).to_be_visible()
    page.click("#save-product")

    expect(page).to_have_url(re.compile(r"/products/nimbus-home-router/$"))
    expect(page.locator("#classification")).to_contain_text(
        "Routers, modems intended for the connection to the internet"
    )
    expect(page.locator("#scope")).to_contain_text("In scope")

    page.fill("#release-block input[name=version]", "1.8.2")
    page.fill("#release-block input[name=release_date]", "2025-11-05")
    page.click("#release-block button[type=submit]")
    expect(page.locator("#release-table")).to_contain_text("November 2033")
    # The same version again is refused with 422: the error must appear in place (htmx leaves
    # 4xx unswapped unless told otherwise).
    page.fill("#release-block input[name=version]", "1.8.2")
    page.click("#release-block button[type=submit]")
    expect(page.locator("#release-block .error, #release-block .errorlist").first).to_be_visible()

    page.goto(f"{base}/products/")
    row = page.locator("#products tr", has_text="Nimbus Home Router")
    expect(row).to_contain_text("Important · Class I")
    expect(row).to_contain_text("supported")
