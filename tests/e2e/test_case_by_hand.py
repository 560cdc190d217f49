"""In a real browser: open an Art. 14 case by hand, then change what it covers (issue 18, item 1)."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime

from playwright.sync_api import Page, expect

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Finding, Release
from tests.e2e.test_product_wizard import log_in

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SHOTS = os.environ.get("REMPART_SCREENSHOTS")  # a folder: save screenshots to look at


def shot(page: Page, name: str, problems: list[str] | None = None) -> None:
    """Screenshots at 1440 and 390 px; Playwright's own injected style is not the page's fault."""
    if not SHOTS:
        return
    before = len(problems) if problems is not None else 0
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True, caret="initial")
    page.set_viewport_size({"width": 1440, "height": 900})
    if problems is not None:
        problems[before:] = [p for p in problems[before:] if "inline style" not in p]


def watch(page: Page) -> list[str]:
    """Console errors and failed responses (the favicon aside: issue 11 adds it)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    return problems


def _fleet(operator, typical_answers) -> None:  # type: ignore[no-untyped-def]
    for name in ("Nimbus Router", "Nimbus Camera", "Gridlink Gateway"):
        products.create_product(
            operator, ProductDraft(name=name, scope_answers=typical_answers, support_months=60)
        )
    for version, released, status in (
        ("1.0", date(2025, 1, 10), "released"),
        ("1.1", date(2026, 3, 1), "released"),
        ("2.0", None, "planned"),
    ):
        products.add_release(
            operator, "nimbus-router", ReleaseDraft(version, released, status=status)
        )
    for version in ("1.0", "2.0"):
        Finding.objects.create(
            release=Release.objects.get(product__slug="nimbus-router", version=version),
            vulnerability_id="CVE-2023-4863", severity="high", known_exploited=True,
            component_bom_ref="webp", component_name="libwebp", component_version="1.3.1",
            first_seen=NOW, last_seen=NOW,
        )  # fmt: skip


def test_open_a_case_by_hand_and_change_what_it_covers(
    live_server, organization, operator, typical_answers, make_user, page: Page
) -> None:
    _fleet(operator, typical_answers)
    problems = watch(page)
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/cases/")
    page.click("#new-case")
    expect(page.locator("h1")).to_contain_text("Open an Art. 14 case by hand")
    # With JavaScript the refresh button is not needed and not shown.
    expect(page.locator("#product-picker button[value=refresh]")).to_be_hidden()

    page.select_option("select[name=kind]", "vulnerability")
    page.fill("input[name=title]", "libwebp heap overflow exploited in the wild")
    # The list is searchable: typing narrows it; a chosen product is never hidden.
    page.fill("#product-filter", "router")
    expect(page.locator("#product-list label:visible")).to_have_count(1)
    expect(page.locator("#product-filter-count")).to_have_text("1 of 3 products shown")
    page.check("#product-nimbus-router")
    # No vulnerability named yet: releases listed, none proposed.
    expect(page.locator("#release-picker")).to_contain_text("Nimbus Router 1.1")
    expect(page.locator("#release-picker input:checked")).to_have_count(0)
    page.fill("input[name=vulnerability_id]", "CVE-2023-4863")
    # Naming it proposes the placed-on-market release with a finding (not the planned 2.0).
    expect(page.locator("input[name=releases][value='nimbus-router@1.0']")).to_be_checked(
        timeout=20_000
    )
    expect(page.locator("input[name=releases][value='nimbus-router@2.0']")).not_to_be_checked()
    expect(page.locator("input[name=releases][value='nimbus-router@1.1']")).not_to_be_checked()
    expect(page.locator("#finding-picker input:checked")).to_have_count(1)
    page.fill("#product-filter", "")
    shot(page, "case-new", problems)
    page.click("#open-case")

    expect(page).to_have_url(re.compile(r"/cases/CASE-2026-\d{4}/$"))
    covers = page.locator("#covers")
    expect(covers).to_contain_text("Affected releases: nimbus-router 1.0")
    expect(covers).to_contain_text("CVE-2023-4863 in libwebp 1.3.1 (nimbus-router 1.0)")
    expect(page.locator("#history")).to_contain_text("Opened by hand.")
    shot(page, "case-page", problems)

    page.click("#change-links")
    page.check("input[name=releases][value='nimbus-router@1.1']")
    page.check("#product-nimbus-camera")  # refreshes the lists; the ticks stay
    expect(page.locator("input[name=releases][value='nimbus-router@1.1']")).to_be_checked()
    page.fill("textarea[name=note]", "1.1 ships the same decoder")
    shot(page, "case-links", problems)
    page.click("#save-links")
    expect(page.locator("#covers")).to_contain_text("nimbus-router 1.0, nimbus-router 1.1")
    history = page.locator("#history")
    expect(history).to_contain_text(
        "Products: added nimbus-camera. Releases: added nimbus-router 1.1."
    )
    expect(history).to_contain_text("1.1 ships the same decoder")
    assert problems == [], problems
