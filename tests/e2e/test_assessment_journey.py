"""In a real browser: take one Annex I requirement from "not started" to "met" with evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import EvidenceItem
from tests.e2e.test_product_wizard import log_in


def test_requirement_to_met_with_evidence(
    live_server,
    organization,
    operator,
    make_user,
    typical_answers,
    settings,
    tmp_path: Path,
    page: Page,
) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "nimbus-router", ReleaseDraft("1.8.2", date(2026, 5, 1)))
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")

    page.goto(f"{live_server.url}/products/nimbus-router/")
    section = page.locator("#annex-i-assessment")
    expect(section.locator("#readiness-figure")).to_have_text("0 %")
    section.get_by_role("link", name="Open the Annex I assessment").click()
    expect(page.locator("#req-AI-P2-1 .status")).to_contain_text("not-started")
    page.click("#req-AI-P2-1 a[href$='/AI-P2-1/']")
    expect(page.locator("h1")).to_contain_text("AI-P2-1")
    expect(page.locator("#requirement-status")).to_have_text("not-started")

    evidence = tmp_path / "sbom-process.md"
    evidence.write_text("# SBOM process\n\nCycloneDX generated in CI for every release.\n")
    page.set_input_files("#evidence-upload input[name=file]", str(evidence))
    page.click("#evidence-upload button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Evidence added")
    expect(page.locator("#evidence")).to_contain_text("sbom-process.md")
    assert EvidenceItem.objects.get().media_type == "text/markdown"

    page.select_option("#entry-form select[name=status]", "met")
    page.fill("#entry-form textarea[name=how_met]", "SBOM from CI, see the evidence file")
    page.click("#entry-form button[type=submit]")
    # htmx swaps the assessment section in place: status and readiness change together.
    expect(page.locator("#requirement-status")).to_have_text("met")
    expect(page.locator("#readiness-figure")).to_have_text("4 %")
    expect(page.locator("#readiness-explanation")).to_contain_text("1 met ÷ 22 applicable")
    expect(page.locator("#history")).to_contain_text("status: not-started → met")

    page.goto(f"{live_server.url}/assessment/")
    expect(page.locator("#portfolio")).to_contain_text("4 %")
