"""In a real browser: the gap report is styled inside the app (its inline stylesheet allowed by
its own policy, nothing else), and a vulnerability report's text wraps (issue 11 item 11)."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Browser

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.store.models import Product, VulnerabilityReport
from tests.e2e.test_product_wizard import PASSWORD

WIDTH = 1440


def test_gap_report_is_styled_and_report_text_wraps(
    live_server, organization, operator, make_user, typical_answers, browser: Browser
) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Router", scope_answers=typical_answers, support_months=60,
            support_justification="Expected use time of comparable routers.",
        ),
    )  # fmt: skip
    VulnerabilityReport.objects.create(
        reference="VR-ABCD-EFGH-JKMN",
        product=Product.objects.get(slug="router"),
        summary="Overflow in the web UI",
        details="Steps:\n" + "A" * 3000 + "\n" + " ".join(["long line of words"] * 200),
        channel="web",
        received_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        updated_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
    )
    make_user("ada", "admin")
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/products/router/assessment/export.html")
    # The bundled print stylesheet applies: tables collapse their borders, the font is set.
    assert page.eval_on_selector("table", "t => getComputedStyle(t).borderCollapse") == "collapse"
    assert "DejaVu Sans" in page.eval_on_selector("body", "b => getComputedStyle(b).fontFamily")
    assert problems == []  # no "Refused to apply inline style" from the CSP

    page.goto(f"{live_server.url}/vulnerability-reports/VR-ABCD-EFGH-JKMN/")
    details = page.locator("pre.report-details")
    assert details.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    box = details.bounding_box()
    assert box is not None
    assert box["width"] < WIDTH
    assert problems == []
    context.close()
