"""``/api/v1/products/{slug}/availability``: read for viewers, replace for editors, bad codes 422."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import ProductAvailability


def call(client: Client, method: str, path: str, secret: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(
        path, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )


def test_availability_round_trip(organization, operator, typical_answers, make_user) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0.0", date(2026, 1, 10)))
    make_user("vic", "viewer")
    viewer = accounts.create_token(operator, "v", ["read"], username="vic").secret
    make_user("erin", "editor")
    editor = accounts.create_token(operator, "e", ["read", "write"], username="erin").secret
    client = Client()
    url = "/api/v1/products/router/availability"

    assert call(client, "get", url, viewer).json() == {"product": "router", "member_states": []}
    assert call(client, "put", url, viewer, {"member_states": ["DE"]}).status_code == 403
    bad = call(client, "put", url, editor, {"member_states": ["DE", "XX"]})
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    assert ProductAvailability.objects.count() == 0
    saved = call(client, "put", url, editor, {"member_states": ["fr", "DE"]})
    assert saved.json() == {"product": "router", "member_states": ["DE", "FR"]}
    missing = call(client, "get", "/api/v1/products/nope/availability", viewer)
    assert missing.status_code == 404
