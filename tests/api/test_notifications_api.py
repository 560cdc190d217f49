"""/api/v1/notifications: admin only, secrets once, problem documents, nothing stored on bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from rempart.services.accounts import users as accounts
from rempart.store.models import NotificationChannel
from tests.net.receivers import (  # noqa: F401 - the fixture is used by name
    WebhookReceiver,
    webhook_receiver_fixture,
)


@pytest.fixture
def token(make_user, operator):  # type: ignore[no-untyped-def]
    def make(role: str) -> str:
        make_user(f"{role}-user", role)
        return accounts.create_token(
            operator, "test", ["read", "write"], username=f"{role}-user"
        ).secret

    return make


def call(client: Client, method: str, path: str, secret: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(
        f"/api/v1/notifications{path}",
        data=data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_admin_manages_channels_and_sees_the_secret_once(
    organization, client, token, webhook_receiver: WebhookReceiver
) -> None:
    admin = token("admin")
    created = call(
        client, "post", "/channels/webhook", admin, {"name": "soc", "url": webhook_receiver.url}
    )
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert len(secret) >= 32
    listed = call(client, "get", "/channels", admin).json()
    assert listed[0]["secret"] == "••••" + secret[-4:]
    assert secret not in json.dumps(listed)
    email = call(
        client,
        "post",
        "/channels/email",
        admin,
        {"name": "psirt", "recipients": ["psirt@test.example"], "events": ["overdue"]},
    )
    assert email.json()["events"] == ["overdue"]
    # The receiver verifies the test message with the secret handed out at creation.
    webhook_receiver.secret = secret
    test = call(client, "post", f"/channels/{created.json()['id']}/test", admin)
    assert test.json()["status"] == "sent"
    assert webhook_receiver.received[0].signature_valid
    disabled = call(
        client, "put", f"/channels/{created.json()['id']}/enabled", admin, {"enabled": False}
    )
    assert disabled.json()["enabled"] is False
    deliveries = call(client, "get", "/deliveries", admin).json()
    assert [(d["channel"], d["event"], d["status"]) for d in deliveries] == [
        ("soc", "test", "sent")
    ]
    run = call(client, "post", "/send-due", admin).json()
    assert run["sent"] == 0


def test_policy_round_trip_and_validation(organization, client, token) -> None:
    admin = token("admin")
    assert call(client, "get", "/policy", admin).json() == {
        "before": ["12h", "2h"],
        "at_due": True,
        "overdue_every": "6h",
        "overdue_max": 4,
    }
    body = {"before": ["30m", "4h"], "at_due": False, "overdue_every": "1h", "overdue_max": 10}
    saved = call(client, "put", "/policy", admin, body)
    assert saved.json() == {**body, "before": ["4h", "30m"]}
    bad = call(client, "put", "/policy", admin, {**body, "overdue_every": "2 weeks"})
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "overdue_every"
    assert call(client, "get", "/policy", admin).json()["before"] == ["4h", "30m"]


def test_bad_channels_are_problems_and_store_nothing(organization, client, token) -> None:
    admin = token("admin")
    response = call(
        client,
        "post",
        "/channels/webhook",
        admin,
        {"name": "x", "url": "javascript:alert(1)", "secret": "short"},
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"url", "secret"}
    dup = {"name": "m", "recipients": ["a@test.example"]}
    assert call(client, "post", "/channels/email", admin, dup).status_code == 201
    assert call(client, "post", "/channels/email", admin, dup).status_code == 409
    assert NotificationChannel.objects.count() == 1


@pytest.mark.parametrize("role", ["editor", "viewer", "auditor"])
def test_only_admins(organization, client, token, role: str) -> None:
    secret = token(role)
    assert call(client, "get", "/channels", secret).status_code == 403
    assert call(client, "get", "/deliveries", secret).status_code == 403
    body = {"name": "m", "recipients": ["a@test.example"]}
    assert call(client, "post", "/channels/email", secret, body).status_code == 403
    assert NotificationChannel.objects.count() == 0
