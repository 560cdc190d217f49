"""In a real browser: the documents page shows what is missing and refuses a final draft; the
public product page is reachable without login and passes axe-core with no serious or
critical violation (axe-core 4.14.1 bundled in tests/e2e/assets, never from a CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from rempart.services.documents import records
from tests.documents_fixtures import SLUG, make_documented_product
from tests.e2e.test_product_wizard import log_in

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    # evaluate() runs through the DevTools protocol, outside the page's CSP (script-src 'self').
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert result["passes"], "axe-core ran no check"
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_public_page_is_accessible_without_login(
    live_server, operator, typical_answers, page: Page
) -> None:
    make_documented_product(operator, typical_answers)
    for language in ("en", "de"):
        page.goto(f"{live_server.url}/product-info/{SLUG}/?lang={language}")
        expect(page.locator("h1")).to_contain_text("Nimbus Router")
        expect(page.locator("#security-contact")).to_contain_text("psirt@test.example")
        expect(page.locator("#support")).to_contain_text("2034")
        expect(page.locator("#sbom a").first).to_be_visible()
        violations = axe_violations(page)
        assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    assert "AII-" not in page.content()


def test_documents_page_lists_missing_items_and_disables_final(
    live_server, operator, typical_answers, make_user, page: Page
) -> None:
    make_documented_product(operator, typical_answers)
    records.save_record(operator, SLUG, ["en", "de"], {"signatory_name": None})
    make_user("alice", "admin")
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/products/{SLUG}/")
    page.click("#product-documents a")
    expect(page.locator("h1")).to_have_text("Documents: Nimbus Router")
    row = page.locator("#doc-declaration-en")
    expect(row).to_contain_text("draft: 1 missing")
    row.locator("summary").click()
    expect(row.locator(".missing-list")).to_contain_text("Signatory")
    expect(row.locator("button[name=format]")).to_be_disabled()
    expect(page.locator("#doc-user-information-de")).to_contain_text("complete")
    page.fill("#documentation-form input[name=signatory_name]", "Dr. Erika Mustermann")
    page.click("#documentation-form button[type=submit]")
    expect(page.locator("#doc-declaration-en")).to_contain_text("complete")
    with page.expect_download() as download:
        page.locator("#doc-declaration-en button[name=format]").click()
    assert download.value.suggested_filename == f"{SLUG}-1.8.2-declaration-en.pdf"
