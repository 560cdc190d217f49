"""The notifications settings page: admin only, secret shown once, errors in place, tests sent."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import Client

from rempart.store.models import NotificationChannel, ReminderDelivery
from tests.net.receivers import (  # noqa: F401 - the fixture is used by name
    WebhookReceiver,
    webhook_receiver_fixture,
)

PASSWORD = "correct horse battery staple"
PAGE = "/settings/notifications/"


@pytest.fixture
def admin(organization, make_user) -> Client:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    browser = Client()
    assert browser.login(username="ada", password=PASSWORD)
    return browser


def test_admin_adds_channels_and_sees_the_secret_once(
    admin: Client, webhook_receiver: WebhookReceiver
) -> None:
    page = admin.get(PAGE)
    assert page.status_code == 200
    assert b'href="/settings/notifications/"' in page.content
    assert b"ART14-2a" in page.content
    added = admin.post(
        PAGE,
        {
            "form": "webhook",
            "webhook-name": "soc",
            "webhook-url": webhook_receiver.url,
            "webhook-events": ["due", "overdue"],
        },
    )
    assert added.status_code == 200
    secret = NotificationChannel.objects.get(name="soc").secret
    assert secret.encode() in added.content
    again = admin.get(PAGE)
    assert secret.encode() not in again.content
    assert ("••••" + secret[-4:]).encode() in again.content

    mail = admin.post(
        PAGE,
        {
            "form": "email",
            "email-name": "psirt",
            "email-recipients": "psirt@test.example\nciso@test.example",
        },
    )
    assert mail.status_code == 302
    assert NotificationChannel.objects.get(name="psirt").recipients == [
        "psirt@test.example",
        "ciso@test.example",
    ]

    channel = NotificationChannel.objects.get(name="soc")
    webhook_receiver.secret = secret
    tested = admin.post(f"/settings/notifications/{channel.pk}/test/", follow=True)
    assert b"A test notification was sent on soc" in tested.content
    assert webhook_receiver.received[0].signature_valid
    assert ReminderDelivery.objects.get().status == "sent"
    assert b"Test by user:ada" in tested.content

    admin.post(f"/settings/notifications/{channel.pk}/enabled/", {"enabled": "0"})
    assert not NotificationChannel.objects.get(name="soc").enabled


def test_a_failed_test_is_shown_with_its_error(admin: Client, settings) -> None:
    settings.SERVICE_SETTINGS = replace(settings.SERVICE_SETTINGS, webhook_allow_private=False)
    admin.post(
        PAGE, {"form": "webhook", "webhook-name": "lan", "webhook-url": "http://10.0.0.7/hook"}
    )
    channel = NotificationChannel.objects.get(name="lan")
    page = admin.post(f"/settings/notifications/{channel.pk}/test/", follow=True)
    assert b"The test on lan failed" in page.content
    assert b"non-public address" in page.content


def test_invalid_input_is_shown_in_place_and_stores_nothing(admin: Client) -> None:
    response = admin.post(
        PAGE,
        {
            "form": "webhook",
            "webhook-name": "x",
            "webhook-url": "file:///etc/passwd",
            "webhook-secret": "short",
        },
    )
    assert response.status_code == 422
    assert b"must be an http:// or https:// URL" in response.content
    assert b"must be 16" in response.content
    assert not NotificationChannel.objects.exists()
    policy = admin.post(
        PAGE,
        {
            "form": "policy",
            "policy-before": "12h, whenever",
            "policy-overdue_every": "6h",
            "policy-overdue_max": "4",
        },
    )
    assert policy.status_code == 422
    assert b"is not a duration" in policy.content


def test_policy_is_saved(admin: Client) -> None:
    saved = admin.post(
        PAGE,
        {
            "form": "policy",
            "policy-before": "2h, 24h",
            "policy-at_due": "on",
            "policy-overdue_every": "3h",
            "policy-overdue_max": "8",
        },
        follow=True,
    )
    assert b"The reminder policy was saved." in saved.content
    assert b'value="1d, 2h"' in saved.content


def test_only_administrators_and_csrf(organization, make_user) -> None:
    make_user("erin", "editor")
    editor = Client()
    assert editor.login(username="erin", password=PASSWORD)
    assert editor.get(PAGE).status_code == 403
    assert b'href="/settings/notifications/"' not in editor.get("/products/").content
    make_user("carol", "admin")
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(username="carol", password=PASSWORD)
    refused = strict.post(
        PAGE, {"form": "email", "email-name": "m", "email-recipients": "a@test.example"}
    )
    assert refused.status_code == 403
    assert not NotificationChannel.objects.exists()
