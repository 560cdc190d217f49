"""In a real browser: the home dashboard, every page at a phone's width, and axe-core.

- The dashboard of the demo workspace shows a running Art. 14 case with its countdown and an
  overdue item, each linking where it is handled.
- At 390 x 844 (a phone) no page reachable from the navigation is wider than the window, and
  the navigation is one "Menu" button that opens without JavaScript.
- axe-core (bundled in tests/e2e/assets, never from a CDN) finds no serious or critical
  violation on the main pages.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from rempart.core.clock import SystemClock
from rempart.core.reporting.case import CaseDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.reporting import cases as reporting
from tests.e2e.test_crawl import crawl_demo
from tests.e2e.test_crawl import demo_admin as demo_admin
from tests.e2e.test_documents_journey import axe_violations
from tests.e2e.test_product_wizard import PASSWORD

PHONE = (390, 844)


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Today")


@pytest.fixture
def late_case(demo_admin, service_settings) -> str:
    """A case whose early warning was due 6 hours ago: an overdue report."""
    ctx = ServiceContext(Actor.operator("demo"), SystemClock(), settings=service_settings)
    draft = CaseDraft(
        kind="incident",
        title="Intruder in the update server",
        products=(reporting.list_cases(ctx)[0].case.products[0][0],),
        member_states=("DE",),
        aware_at=ctx.clock.now() - timedelta(hours=30),
        aware_reason="The hosting provider called",
    )
    return reporting.open_case(ctx, draft).reference


def test_dashboard_shows_the_running_case_and_what_is_overdue(
    live_server, demo_admin, late_case, page: Page
) -> None:
    _log_in(page, live_server.url, demo_admin)
    clocks = page.locator("#running-clocks li.clock")
    expect(clocks).to_have_count(2)
    # most urgent first: the overdue case (red), then the demo's case confirmed 2 h ago (amber)
    expect(clocks.nth(0)).to_have_class(re.compile(r"urgency-overdue"))
    expect(clocks.nth(0).locator(".countdown")).to_have_text(re.compile(r"^overdue by 6 h"))
    expect(clocks.nth(1)).to_have_class(re.compile(r"urgency-amber"))
    expect(clocks.nth(1).locator(".countdown")).to_have_text(re.compile(r"^due in 2[12] h"))
    overdue = page.locator("#overdue tr.overdue-item", has_text=late_case)
    expect(overdue).to_have_count(1)
    overdue.locator("a").first.click()
    expect(page).to_have_url(re.compile(rf"/cases/{late_case}/$"))
    page.go_back()
    page.locator("#running-clocks li.clock").nth(1).locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/cases/[^/]+/stages/early-warning/$"))


def test_the_menu_opens_without_javascript_on_a_phone(
    live_server, demo_admin, browser: Browser
) -> None:
    context = browser.new_context(
        viewport={"width": PHONE[0], "height": PHONE[1]}, java_script_enabled=False
    )
    page = context.new_page()
    _log_in(page, live_server.url, demo_admin)
    findings = page.locator("header nav a[href='/findings/']")
    expect(findings).to_be_hidden()
    page.click("#menu > summary")
    expect(findings).to_be_visible()
    findings.click()
    expect(page).to_have_url(re.compile(r"/findings/$"))
    context.close()


def test_no_page_is_wider_than_a_phone(live_server, demo_admin, browser: Browser) -> None:
    crawl = crawl_demo(live_server.url, demo_admin, browser, PHONE, per_route=1, max_pages=120)
    assert len(crawl.visited) > 50, crawl.visited
    assert crawl.problems == [], "\n".join(crawl.problems)


MAIN_PAGES = (
    "/",
    "/products/",
    "/findings/",
    "/cases/",
    "/assessment/",
    "/vulnerability-reports/",
    "/catalog/",
)


def test_main_pages_have_no_serious_accessibility_violation(
    live_server, demo_admin, page: Page
) -> None:
    _log_in(page, live_server.url, demo_admin)
    product = page.locator("#dashboard-products tbody a").first.get_attribute("href")
    release = page.locator("#dashboard-products tbody td:nth-child(4) a").first.get_attribute(
        "href"
    )
    case = page.locator("#running-clocks li.clock a").first.get_attribute("href")
    pages = [*MAIN_PAGES, product, release, f"{release}?tab=sbom", f"{release}findings/", case]
    found = {}
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert found == {}, "\n".join(f"{path}: {found[path]}" for path in found)
