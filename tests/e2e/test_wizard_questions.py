"""In a real browser: conditional scope questions (htmx and no JavaScript), drafts, review."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.scope import default_in_scope_answers
from rempart.store.models import AuditEvent, Product, WizardDraft
from tests.e2e.test_case_by_hand import shot, watch
from tests.e2e.test_product_wizard import PASSWORD, log_in

FOLLOW_UP = "#q-open_source_monetised"


def _answer_defaults(page: Page) -> None:
    for question, answer in default_in_scope_answers(load_catalog()).items():
        page.check(f"#q_{question}_{answer}")


def test_follow_ups_appear_live_and_a_draft_comes_back(
    live_server, organization, make_user, page: Page
) -> None:
    problems = watch(page)
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")
    page.click("text=Register a product")
    page.fill("input[name=name]", "Nimbus Smartwatch")
    page.fill("textarea[name=description]", "A smartwatch with heart-rate tracking")
    page.click("button:has-text('Next: scope')")

    # 16 questions at first: the two follow-ups are not asked yet.
    expect(page.locator("#scope-questions fieldset.question")).to_have_count(16)
    expect(page.locator(FOLLOW_UP)).to_have_count(0)
    _answer_defaults(page)
    page.check("#q_free_open_source_yes")
    expect(page.locator(FOLLOW_UP)).to_be_visible()
    expect(page.locator(FOLLOW_UP)).to_contain_text("Asked because you answered “yes”")
    page.check("#q_cloud_service_yes")
    expect(page.locator("#q-remote_data_processing")).to_be_visible()
    page.check("#q_cloud_service_no")
    expect(page.locator("#q-remote_data_processing")).to_have_count(0)
    # Answers given elsewhere meanwhile are kept (only the follow-ups are re-rendered).
    expect(page.locator("#q_medical_device_no")).to_be_checked()
    page.check("#q_open_source_monetised_yes")
    shot(page, "wizard-scope", problems)
    page.click("button:has-text('Next: category')")

    # The category hints name the categories, not bare IDs.
    hints = page.locator("#category-hints")
    expect(hints).to_contain_text("Personal wearable products")
    expect(hints).to_contain_text("AIII-C1-19")
    # Leave with a draft, come back to it.
    page.click("#save-draft")
    expect(page.locator(".flash")).to_contain_text("Draft for Nimbus Smartwatch saved")
    drafts = page.locator("#drafts")
    expect(drafts).to_contain_text("Nimbus Smartwatch")
    drafts.locator("a", has_text="Nimbus Smartwatch").click()
    expect(page).to_have_url(re.compile(r"/products/wizard/\d+/category/$"))
    page.click("ol.steps a:has-text('Scope')")
    expect(page.locator("#q_open_source_monetised_yes")).to_be_checked()
    page.click("button:has-text('Next: category')")
    page.check("input[name=categories][value=AIII-C1-19]")
    page.click("button:has-text('Next: support period')")
    page.fill("input[name=support_months]", "60")
    page.click("button:has-text('Next: review')")

    # The review keeps every answer with the article it rests on.
    answers = page.locator("#scope-answers")
    expect(answers.locator("tbody tr")).to_have_count(17)
    monetised = answers.locator("#answer-open_source_monetised")
    expect(monetised).to_contain_text("yes")
    expect(monetised).to_contain_text("follow-up to")
    expect(monetised.locator("a.cite")).to_have_count(1)
    expect(answers.locator("#answer-medical_device a.cite")).to_contain_text("Art. 2(2)")
    shot(page, "wizard-review", problems)
    page.click("#save-product")
    expect(page).to_have_url(re.compile(r"/products/nimbus-smartwatch/$"))
    assert WizardDraft.objects.count() == 0
    event = AuditEvent.objects.get(action="wizard.complete")
    assert event.object_id == "nimbus-smartwatch"
    assert event.data["scope_answers"]["open_source_monetised"] == "yes"
    assert problems == [], problems


def test_without_javascript_a_follow_up_appears_on_submit(
    live_server, organization, make_user, browser: Browser
) -> None:
    make_user("erin", "editor")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "erin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/products/new/")
    page.fill("input[name=name]", "Open Gateway")
    page.click("button:has-text('Next: scope')")
    expect(page.locator(FOLLOW_UP)).to_have_count(0)
    _answer_defaults(page)
    page.check("#q_free_open_source_yes")
    page.click("button:has-text('Next: category')")

    # Not an error: the page says a follow-up now applies and shows it.
    expect(page).to_have_url(re.compile(r"/scope/$"))
    expect(page.locator("#follow-up-note")).to_contain_text("a follow-up question apply")
    expect(page.locator(FOLLOW_UP)).to_be_visible()
    expect(page.locator("#q_free_open_source_yes")).to_be_checked()
    expect(page.locator(".error")).to_have_count(0)
    page.check("#q_open_source_monetised_yes")
    page.click("button:has-text('Next: category')")
    expect(page).to_have_url(re.compile(r"/category/$"))
    assert Product.objects.count() == 0
    context.close()
