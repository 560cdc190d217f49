"""In a real browser: the reporting dashboard's countdowns and confirming awareness on a case."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from rempart.core.clock import SystemClock
from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from tests.e2e.test_product_wizard import log_in


def test_dashboard_countdowns_and_confirmation(
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
    products.add_release(operator, "router", ReleaseDraft("1.0.0", date(2026, 1, 10)))
    now_ctx = ServiceContext(Actor.operator("tester"), SystemClock())
    now = now_ctx.clock.now()
    overdue = reporting.open_case(
        now_ctx,
        CaseDraft(kind="incident", title="Old intrusion", products=("router",),
                  aware_at=now - timedelta(hours=30), aware_reason="found late"),
    )  # fmt: skip
    proposed = reporting.open_case(
        now_ctx, CaseDraft(kind="vulnerability", title="Exploited RCE", products=("router",))
    )
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/cases/")

    rows = page.locator("#cases tbody tr")
    expect(rows.first).to_contain_text(overdue.reference)  # overdue first
    expect(rows.first.locator(".countdown")).to_have_text(re.compile(r"^overdue by 6 h \d+ min$"))
    expect(rows.first.locator(".countdown")).to_have_class(re.compile("overdue"))
    expect(rows.nth(1)).to_contain_text("awaiting confirmation")

    page.click(f"text={proposed.reference}")
    page.fill(
        "#confirm input[name=aware_at]", (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    )
    page.fill("#confirm input[name=reason]", "The CSIRT called us")
    page.click("#confirm button[type=submit]")
    expect(page.locator("#stages")).to_contain_text("Early warning notification")
    expect(page.locator("#stages .countdown").first).to_have_text(
        re.compile(r"^due in 23 h \d+ min$")
    )
    assert [m for m in problems if "Content Security Policy" in m] == []
