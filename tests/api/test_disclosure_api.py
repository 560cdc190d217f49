"""The public intake API (no credentials) and the team's report API (token, roles)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from rempart.core.disclosure import form_token
from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.products import register as products
from rempart.store.models import AuditEvent, VulnerabilityReport


@pytest.fixture
def configured(organization, operator, typical_answers):  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    disclosure.save_settings(
        ServiceContext(Actor.operator("tester")), {"contacts": ["mailto:psirt@test.example"]}
    )


def call(client: Client, method: str, path: str, body: Any = None, secret: str = "") -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(path, data=data, content_type="application/json", **headers)


def aged(token: str) -> str:
    """The same nonce, issued 30 s ago: what a client that waited would send."""
    nonce = token.split(".")[0]
    issued = datetime.now(tz=UTC) - timedelta(seconds=30)
    return form_token.issue(str(settings.SECRET_KEY).encode(), nonce, issued)


def report(**changes: Any) -> dict[str, Any]:
    body = {"product": "nimbus-router", "summary": "Heap overflow", "details": "PoC attached"}
    body.update(changes)
    return body


def test_public_intake_round_trip(configured, client) -> None:
    assert call(client, "get", "/api/v1/public/products").json() == [
        {"slug": "nimbus-router", "name": "Nimbus Router"}
    ]
    issued = call(client, "get", "/api/v1/public/reports/token").json()
    assert issued["not_before_seconds"] == 2
    too_fast = call(client, "post", "/api/v1/public/reports", report(form_token=issued["token"]))
    assert too_fast.status_code == 422
    assert too_fast["Content-Type"] == "application/problem+json"
    assert VulnerabilityReport.objects.count() == 0
    created = call(
        client, "post", "/api/v1/public/reports", report(form_token=aged(issued["token"]))
    )
    assert created.status_code == 201
    reference = created.json()["reference"]
    replay = call(
        client, "post", "/api/v1/public/reports", report(form_token=aged(issued["token"]))
    )
    assert replay.status_code == 422
    assert "already sent" in replay.json()["detail"]
    status = call(client, "get", f"/api/v1/public/reports/{reference}").json()
    assert status["status"] == "new"
    assert "notes" not in status
    assert VulnerabilityReport.objects.get().channel == "api"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (report(product="fridge"), "product"),
        (report(summary="x" * 201), "summary"),
        ({"summary": "no product"}, "product"),
    ],
)
def test_public_intake_refuses_bad_input(configured, client, body, field) -> None:
    token = aged(call(client, "get", "/api/v1/public/reports/token").json()["token"])
    response = call(client, "post", "/api/v1/public/reports", {**body, "form_token": token})
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert VulnerabilityReport.objects.count() == 0


def test_public_intake_refuses_malformed_and_oversized(configured, client) -> None:
    broken = client.post(
        "/api/v1/public/reports", data="{not json", content_type="application/json"
    )
    assert broken.status_code in {400, 422}
    token = aged(call(client, "get", "/api/v1/public/reports/token").json()["token"])
    # Every field within its limit, but padded past the 64 KiB body cap with an extra member.
    huge = call(
        client, "post", "/api/v1/public/reports", {**report(form_token=token), "pad": "x" * 70_000}
    )
    assert huge.status_code == 413
    assert huge["Content-Type"] == "application/problem+json"
    too_long = call(client, "post", "/api/v1/public/reports", report(details="x" * 20_001))
    assert too_long.status_code == 422
    assert VulnerabilityReport.objects.count() == 0


def test_team_api_triage_flow(configured, client, make_user, operator) -> None:
    token = aged(call(client, "get", "/api/v1/public/reports/token").json()["token"])
    reference = call(client, "post", "/api/v1/public/reports", report(form_token=token)).json()[
        "reference"
    ]
    assert call(client, "get", "/api/v1/vulnerability-reports").status_code == 401
    make_user("vic", "viewer")
    viewer = accounts.create_token(operator, "v", ["read"], username="vic").secret
    make_user("erin", "editor")
    editor = accounts.create_token(operator, "e", ["read", "write"], username="erin").secret
    listed = call(client, "get", "/api/v1/vulnerability-reports?status=new", secret=viewer)
    assert [r["reference"] for r in listed.json()["items"]] == [reference]
    assert (listed.json()["count"], listed.json()["next_offset"]) == (1, None)
    base = f"/api/v1/vulnerability-reports/{reference}"
    assert call(client, "post", f"{base}/acknowledge", secret=viewer).status_code == 403
    assert call(client, "post", f"{base}/acknowledge", secret=editor).json()["status"] == (
        "acknowledged"
    )
    illegal = call(client, "post", f"{base}/status", {"status": "fixed", "decision": "x"}, editor)
    assert illegal.status_code == 409
    note = call(client, "post", f"{base}/notes", {"text": "internal"}, editor)
    assert note.json()["notes"][0]["text"] == "internal"
    rejected = call(
        client,
        "post",
        f"{base}/status",
        {"status": "rejected", "decision": "Works as designed."},
        editor,
    )
    assert rejected.json()["decision"] == "Works as designed."
    assert AuditEvent.objects.filter(object_id=reference).count() == 4
