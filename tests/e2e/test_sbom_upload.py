"""In a real browser: upload an SBOM to a release and see its components and quality panel."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from tests.e2e.test_product_wizard import log_in

SBOM = "sboms/cyclonedx/CycloneDX-bom-examples/SBOM/juice-shop/v11.1.2/bom.xml"


def test_upload_sbom_and_browse(
    live_server, organization, operator, make_user, typical_answers, page: Page, shared_data: Path
) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Juice Shop",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "juice-shop", ReleaseDraft("11.1.2", date(2026, 2, 1)))
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/products/juice-shop/releases/11.1.2/?tab=sbom")
    page.set_input_files("#sbom-upload input[name=file]", str(shared_data / SBOM))
    page.fill("#sbom-upload input[name=label]", "web")
    page.click("#sbom-upload button[type=submit]")

    expect(page.locator(".flash")).to_contain_text("Imported 840 components")
    expect(page).to_have_url(re.compile(r"\?tab=sbom$"))  # back on the SBOM tab
    expect(page.locator("section[id^=quality-]")).to_contain_text("Quality: web")
    expect(page.locator("section[id^=quality-] a.cite")).to_have_text("Annex I, Part II, point (1)")
    # the dependency tree is collapsed, and loaded when opened
    tree = page.locator("section[id^=tree-] ul.tree").first
    expect(tree).to_have_count(0)
    page.locator("section[id^=tree-] details summary").first.click()
    expect(tree).to_be_visible()

    page.click("#release-tabs >> text=Components")
    expect(page.locator("#component-table")).to_contain_text("840 components")

    page.fill("#components input[name=q]", "express")
    expect(page.locator("#component-table")).to_contain_text(
        re.compile(r"\d+ components? matching “express”")
    )
    expect(page.locator("#component-rows")).to_contain_text("pkg:npm/express@")
