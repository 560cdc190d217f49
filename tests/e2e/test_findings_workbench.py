"""In a real browser: filter the workbench (htmx), triage in bulk, open a finding, open an
Art. 14 case from it in one step and confirm awareness."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from rempart.core.clock import SystemClock
from tests.e2e.test_product_wizard import log_in


def test_from_workbench_to_case(live_server, gateway, make_user, page: Page) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/products/gateway/releases/3.0.0/findings/")
    total = page.locator("#finding-count")
    expect(total).to_contain_text(re.compile(r"^\d+ findings"))

    # htmx swaps the table when a filter changes; the URL follows.
    page.check("#finding-filters input[name=exploited]")
    expect(total).to_contain_text(re.compile(r"^1 finding"))
    expect(page).to_have_url(re.compile(r"exploited=1"))
    page.uncheck("#finding-filters input[name=exploited]")
    page.fill("#finding-filters input[name=component]", "docker")
    expect(page.locator("#finding-rows tbody tr").first).to_contain_text("github.com/docker/docker")

    # bulk: select the page, record a decision
    page.check("#finding-rows thead input[data-select-all]")
    page.click("#bulk-actions summary")
    page.select_option("#bulk-actions select[name=decide_state]", "affected")
    page.fill("#bulk-actions input[name=action_statement]", "Update the Docker client")
    page.click("#bulk-actions button[value=decide]")
    expect(page.locator(".flash")).to_contain_text("Decision recorded")

    # the KEV finding: its page, then the case in one step
    page.goto(f"{live_server.url}/findings/?kev=1")
    page.click("#finding-rows tbody tr >> a >> nth=0")
    expect(page.locator("h1")).to_contain_text("libwebp-sys")
    expect(page.locator("#paths")).to_contain_text("gridlink-firmware")
    page.click("#open-case")
    expect(page.locator(".flash")).to_contain_text("opened from this finding")
    expect(page.locator("main")).to_contain_text("CVE-2023-4863")
    aware = (SystemClock().now() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#confirm input[name=aware_at]", aware)
    page.click("#confirm button[type=submit]")
    expect(page.locator("#stages")).to_contain_text("Early warning")
    assert [m for m in problems if "Content Security Policy" in m] == []
