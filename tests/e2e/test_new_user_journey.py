"""The journey of a new user under the 24-hour clock: register a product through the wizard,
open an Art. 14 case by hand, confirm awareness, export the early warning (issue 18)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from rempart.core.clock import SystemClock
from rempart.store.models import Finding, Release
from tests.e2e.test_case_by_hand import watch
from tests.e2e.test_product_wizard import log_in
from tests.e2e.test_wizard_questions import _answer_defaults


def test_register_open_confirm_export(live_server, organization, make_user, page: Page) -> None:
    problems = watch(page)
    make_user("erin", "editor")
    base = live_server.url
    log_in(page, base, "erin")

    page.click("text=Register a product")
    page.fill("input[name=name]", "Nimbus Router")
    page.click("button:has-text('Next: scope')")
    _answer_defaults(page)
    page.click("button:has-text('Next: category')")
    page.check("input[name=categories][value=AIII-C1-12]")
    page.click("button:has-text('Next: support period')")
    # The basis of the period is recorded whatever its length (Annex VII point 4).
    page.fill("textarea[name=support_justification]", "Routers stay in use for five years.")
    page.click("button:has-text('Next: review')")
    page.click("#save-product")
    expect(page).to_have_url(re.compile(r"/products/nimbus-router/$"))
    page.fill("#release-block input[name=version]", "1.8.2")
    page.fill("#release-block input[name=release_date]", "2025-11-05")
    page.click("#release-block button[type=submit]")
    expect(page.locator("#release-table")).to_contain_text("1.8.2")
    now = SystemClock().now()
    Finding.objects.create(  # what a scan of the release's SBOM would have found
        release=Release.objects.get(version="1.8.2"), vulnerability_id="CVE-2023-4863",
        severity="high", known_exploited=True, component_bom_ref="webp",
        component_name="libwebp", component_version="1.3.1", first_seen=now, last_seen=now,
    )  # fmt: skip

    page.click("header nav a[href='/cases/']")
    page.click("#new-case")
    page.fill("input[name=title]", "libwebp heap overflow exploited")
    page.fill("input[name=vulnerability_id]", "CVE-2023-4863")
    page.check("#product-nimbus-router")
    # htmx refreshes the lists (debounced): allow for a busy machine
    expect(page.locator("input[name=releases][value='nimbus-router@1.8.2']")).to_be_checked(
        timeout=20_000
    )
    page.click("#open-case")
    expect(page.locator("#covers")).to_contain_text("nimbus-router 1.8.2")

    page.fill(
        "#confirm input[name=aware_at]", (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    )
    page.fill("#confirm input[name=reason]", "The CSIRT called us")
    page.click("#confirm button[type=submit]")
    expect(page.locator("#stages .countdown").first).to_have_text(re.compile(r"^due in 23 h"))
    expect(page.locator("#history")).to_contain_text("Awareness confirmed")

    row = page.locator("#stages tr", has_text="Early warning")
    with page.expect_download() as download:
        row.locator("a", has_text="PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    with page.expect_download() as download:
        row.locator("a", has_text="JSON").click()
    early_warning = download.value.path().read_text()
    assert "1.8.2" in early_warning  # the affected release reaches the report
    assert problems == [], problems
