"""/api/v1/cases/{ref}/links and /history: what a case covers, changed over REST."""

from __future__ import annotations

from datetime import date

from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import AuditEvent
from tests.api.test_reporting_api import call, secret  # noqa: F401 - the fixture


def test_links_are_replaced_and_the_change_is_in_the_history(
    client: Client,
    secret: dict[str, str],  # noqa: F811 - the fixture
    operator,  # type: ignore[no-untyped-def]
    typical_answers,  # type: ignore[no-untyped-def]
) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Camera",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "camera", ReleaseDraft("5.0", date(2026, 2, 1)))
    editor, viewer = secret["editor"], secret["viewer"]
    body = {"kind": "incident", "title": "Build server compromised", "products": ["router"]}
    reference = call(client, "post", "/cases", editor, body).json()["reference"]

    links = {
        "products": ["router", "camera"],
        "releases": [{"product": "camera", "version": "5.0"}],
        "note": "The camera shares the build server",
    }
    assert call(client, "put", f"/cases/{reference}/links", viewer, links).status_code == 403
    answer = call(client, "put", f"/cases/{reference}/links", editor, links)
    assert answer.status_code == 200, answer.content
    case = answer.json()
    assert sorted(p["slug"] for p in case["products"]) == ["camera", "router"]
    assert [(r["product"], r["version"]) for r in case["releases"]] == [("camera", "5.0")]

    history = call(client, "get", f"/cases/{reference}/history", viewer).json()
    assert history[-1]["action"] == "links-changed"
    assert history[-1]["note"] == "The camera shares the build server"
    assert history[-1]["at"].endswith("+00:00")
    assert AuditEvent.objects.filter(action="case.links", object_id=reference).count() == 1

    # A release of a product the case does not cover is refused, located, and nothing changes.
    wrong = {"products": ["router"], "releases": [{"product": "camera", "version": "5.0"}]}
    refused = call(client, "put", f"/cases/{reference}/links", editor, wrong)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "releases"
    unknown = call(client, "put", "/cases/AEV-2099-0001/links", editor, links)
    assert unknown.status_code in (404, 422)
    again = call(client, "get", f"/cases/{reference}", viewer).json()
    assert sorted(p["slug"] for p in again["products"]) == ["camera", "router"]
