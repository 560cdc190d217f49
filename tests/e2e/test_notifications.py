"""In a real browser: an administrator adds a webhook, keeps its secret, sends a test that a
real receiver verifies, and sees the delivery listed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.test_product_wizard import log_in
from tests.net.receivers import (  # noqa: F401 - the fixture is used by name
    WebhookReceiver,
    webhook_receiver_fixture,
)


def test_add_webhook_and_send_a_test(
    live_server, organization, make_user, page: Page, webhook_receiver: WebhookReceiver
) -> None:
    make_user("ada", "admin")
    log_in(page, live_server.url, "ada")
    page.click("nav a[href='/settings/notifications/']")
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.locator("#channels")).to_contain_text("No channels yet")

    page.fill("#webhook-form input[name=webhook-name]", "soc")
    page.fill("#webhook-form input[name=webhook-url]", webhook_receiver.url)
    page.click("#webhook-form button[type=submit]")
    secret = page.locator("#new-secret code").inner_text().strip()
    assert len(secret) >= 32
    webhook_receiver.secret = secret
    expect(page.locator("#channels")).to_contain_text("••••" + secret[-4:])

    page.click("#channels button:has-text('Send test')")
    expect(page.locator(".flash")).to_contain_text("A test notification was sent on soc")
    expect(page.locator("#new-secret")).to_have_count(0)
    expect(page.locator("#deliveries")).to_contain_text("sent")
    assert [r.signature_valid for r in webhook_receiver.received] == [True]

    page.fill("#policy-form input[name=policy-before]", "24h, 1h")
    page.click("#policy-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("The reminder policy was saved.")
    expect(page.locator("#policy-form input[name=policy-before]")).to_have_value("1d, 1h")
