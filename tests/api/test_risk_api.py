"""Risk assessment and self-assessment over the REST API: problem documents, nothing stored."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Risk, SecurityTest
from tests.conftest import REPO_ROOT

BASE = "/api/v1/products/router/releases/1.0/risk-assessment"


@pytest.fixture
def secret(organization, operator, make_user, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 1, 1)))
    make_user("ed", "editor")
    return accounts.create_token(operator, "t", ["read", "write"], username="ed").secret


def call(client: Client, method: str, path: str, secret: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(
        path, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )


def test_assessment_lifecycle(client: Client, secret: str) -> None:
    assert call(client, "get", BASE, secret).status_code == 404
    started = call(client, "post", BASE, secret, {"assessment": {"assets": ["Admin password"]}})
    assert started.status_code == 201, started.content
    assert started.json()["citations"] == ["ART13-2", "ART13-3"]
    threat = call(client, "post", f"{BASE}/threats", secret, {"title": "Guessing"})
    assert threat.json()["identifier"] == "T-1"
    body = {
        "title": "Credential stuffing",
        "likelihood": "likely",
        "impact": "major",
        "treatment": "mitigate",
        "requirement_ids": ["AI-P1-2d"],
        "threat": "T-1",
    }
    added = call(client, "post", f"{BASE}/risks", secret, body)
    assert added.status_code == 201, added.content
    assert (added.json()["identifier"], added.json()["rating"]) == ("R-1", "high")
    found = call(client, "get", "/api/v1/products/router/risks/R-1", secret)
    assert found.json()["title"] == "Credential stuffing"
    assert call(client, "get", "/api/v1/products/router/risks/R-7", secret).status_code == 404
    bad = call(client, "post", f"{BASE}/risks", secret, {**body, "requirement_ids": ["AI-P3-1"]})
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "requirement_ids"
    assert Risk.objects.count() == 1
    scale = call(client, "get", "/api/v1/risk/scale", secret).json()
    assert scale["matrix"][4][4] == "critical"
    export = call(client, "get", f"{BASE}/export", secret)
    assert export.content.startswith(b"identifier,title")
    assert call(client, "delete", f"{BASE}/risks/R-1", secret).status_code == 204


def test_csv_import(client: Client, secret: str) -> None:
    call(client, "post", BASE, secret, {})
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    data = (REPO_ROOT / "docs" / "examples" / "threats.csv").read_bytes()
    ok = client.post(f"{BASE}/import", {"file": SimpleUploadedFile("t.csv", data)}, **headers)
    assert ok.status_code == 201, ok.content
    assert ok.json()["risks"] == ["R-1", "R-2", "R-3"]
    bad = client.post(
        f"{BASE}/import", {"file": SimpleUploadedFile("t.csv", b'title\n"x\n')}, **headers
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].startswith("row")


def test_selfassessment_and_records(client: Client, secret: str) -> None:
    answered = call(
        client,
        "put",
        "/api/v1/products/router/selfassessment/answers/SA-V3",
        secret,
        {"answer": "yes"},
    )
    assert answered.status_code == 204
    test = {
        "kind": "penetration-test",
        "date": "2026-06-01",
        "tester": "Red Team",
        "scope": "web",
        "findings": [{"title": "XSS", "severity": "high"}],
    }
    assert (
        call(client, "post", "/api/v1/products/router/security-tests", secret, test).status_code
        == 201
    )
    bad = call(
        client,
        "post",
        "/api/v1/products/router/security-tests",
        secret,
        {**test, "requirement_ids": ["NOPE"]},
    )
    assert bad.status_code == 422
    assert SecurityTest.objects.count() == 1
    shown = call(client, "get", "/api/v1/products/router/selfassessment", secret).json()
    assert shown["answered"] == 1
    assert shown["security_tests"][0]["findings"][0]["status"] == "open"


def test_viewer_token_cannot_write(client: Client, secret: str, make_user, operator) -> None:
    make_user("vi", "viewer")
    viewer = accounts.create_token(operator, "v", ["read"], username="vi").secret
    assert call(client, "post", BASE, viewer, {}).status_code == 403
