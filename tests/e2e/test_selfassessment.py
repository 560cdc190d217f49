"""In a real browser: no self-assessment answer is pre-selected; Save records only a choice."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import SelfAssessmentAnswer
from tests.e2e.test_product_wizard import log_in


def test_save_without_a_choice_records_nothing(
    live_server, organization, operator, make_user, typical_answers, page: Page
) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable routers.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 1, 1)))
    make_user("erin", "editor")
    log_in(page, live_server.url, "erin")
    page.goto(f"{live_server.url}/products/router/selfassessment/")

    row = page.locator("#q-SA-D1")
    expect(row.locator("select[name=answer]")).to_have_value("")
    row.locator("button[type=submit]").click()  # one click on Save, no answer chosen
    expect(page).to_have_url(f"{live_server.url}/products/router/selfassessment/")
    assert SelfAssessmentAnswer.objects.count() == 0  # nobody answered: nothing recorded

    row.locator("select[name=answer]").select_option("no")
    row.locator("button[type=submit]").click()
    expect(page.locator("#q-SA-D1 .muted")).to_contain_text("erin")
    assert SelfAssessmentAnswer.objects.get().answer == "no"
