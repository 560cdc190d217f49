"""/api/v1/cases: the case lifecycle over REST, problem documents, exports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import CaseStage, ReportingCase

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def secret(make_user, operator, typical_answers, organization):  # type: ignore[no-untyped-def]
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
    make_user("ed", "editor")
    make_user("vi", "viewer")
    return {
        role: accounts.create_token(operator, "t", scopes, username=user).secret
        for role, user, scopes in (("editor", "ed", ["read", "write"]), ("viewer", "vi", ["read"]))
    }


def call(client: Client, method: str, path: str, secret: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(
        f"/api/v1{path}",
        data=data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_case_lifecycle_over_the_api(client: Client, secret: dict[str, str]) -> None:
    editor = secret["editor"]
    body = {
        "kind": "incident",
        "title": "Build server compromised",
        "releases": [{"product": "router", "version": "1.0.0"}],
    }
    created = call(client, "post", "/cases", editor, body)
    assert created.status_code == 201, created.content
    reference = created.json()["reference"]
    assert created.json()["products"] == [{"slug": "router", "name": "Router"}]

    future = call(
        client, "post", f"/cases/{reference}/confirm", editor, {"aware_at": "2099-01-01T00:00:00Z"}
    )
    assert future.status_code == 422
    assert future.json()["errors"][0]["field"] == "aware_at"
    naive = call(
        client, "post", f"/cases/{reference}/confirm", editor, {"aware_at": "2026-11-01T00:00:00"}
    )
    assert naive.status_code == 422
    confirmed = call(
        client, "post", f"/cases/{reference}/confirm", editor,
        {"aware_at": "2026-11-01T08:00:00+01:00", "reason": "Found in the logs before Rempart knew"},
    )  # fmt: skip
    assert confirmed.status_code == 200
    stages = {s["key"]: s for s in confirmed.json()["stages"]}
    assert stages["early-warning"]["due_at"] == "2026-11-02T07:00:00Z"
    assert stages["early-warning"]["citations"] == ["ART14-4a", "RPT-SI-EW"]

    form = call(client, "get", f"/cases/{reference}/stages/early-warning", editor).json()
    assert [f["key"] for f in form["fields"]] == ["RPT-SI-EW-MALICIOUS", "RPT-SI-EW-MS"]
    assert form["fields"][0]["required"] is True
    missing = call(
        client, "post", f"/cases/{reference}/stages/early-warning/submit", editor,
        {"submitted_at": "2026-11-01T12:00:00Z", "platform_reference": "SRP-1"},
    )  # fmt: skip
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "RPT-SI-EW-MALICIOUS"
    assert CaseStage.objects.count() == 0
    saved = call(
        client,
        "put",
        f"/cases/{reference}/stages/early-warning",
        editor,
        {"values": {"RPT-SI-EW-MALICIOUS": "yes"}},
    )
    assert saved.status_code == 200
    submitted = call(
        client, "post", f"/cases/{reference}/stages/early-warning/submit", editor,
        {"submitted_at": "2026-11-01T12:00:00Z", "platform_reference": "SRP-1"},
    )  # fmt: skip
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["frozen"] is True
    exported = call(
        client, "get", f"/cases/{reference}/stages/early-warning/export?format=json", editor
    )
    assert exported["Content-Disposition"].endswith(f'{reference}-early-warning.json"')
    schema = json.loads((ROOT / "docs/reporting/stage-report.schema.json").read_text())
    jsonschema.validate(json.loads(exported.content), schema)
    html = call(
        client, "get", f"/cases/{reference}/stages/early-warning/export?format=html", editor
    )
    assert html["Content-Type"].startswith("text/html")
    bad = call(client, "get", f"/cases/{reference}/stages/early-warning/export?format=docx", editor)
    assert bad.status_code == 422

    listed = call(client, "get", "/cases", secret["viewer"]).json()
    assert [c["reference"] for c in listed["items"]] == [reference]
    assert listed["count"] == 1
    assert call(client, "post", "/cases/propose", secret["viewer"]).status_code == 403
    assert call(client, "get", "/cases/CASE-2026-0099", editor).status_code == 404
    assert (
        call(client, "post", f"/cases/{reference}/dismiss", editor, {"reason": "x"}).status_code
        == 409
    )


def test_bad_input_stores_nothing(client: Client, secret: dict[str, str]) -> None:
    editor = secret["editor"]
    for body in (
        {"kind": "incident", "title": "x", "products": ["ghost"]},
        {"kind": "gossip", "title": "x", "products": ["router"]},
        {
            "kind": "incident",
            "title": "x",
            "products": ["router"],
            "aware_at": "2099-01-01T00:00:00Z",
        },
        {"kind": "incident"},
        "not an object",
    ):
        response = call(client, "post", "/cases", editor, body)
        assert response.status_code in (400, 422), body
        assert (
            response["Content-Type"].startswith("application/problem+json")
            or response.status_code == 422
        )
    assert ReportingCase.objects.count() == 0
    assert client.get("/api/v1/cases").status_code == 401
