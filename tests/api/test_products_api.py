"""The REST API: token authentication, problem documents, nothing stored on bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from rempart.services.accounts import users as accounts
from rempart.store.models import AuditEvent, Product


@pytest.fixture
def token(make_user, operator):  # type: ignore[no-untyped-def]
    def make(role: str = "editor", scopes: tuple[str, ...] = ("read", "write")) -> str:
        make_user(f"{role}-user", role)
        return accounts.create_token(operator, "test", list(scopes), username=f"{role}-user").secret

    return make


def call(client: Client, method: str, path: str, secret: str | None, body: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(path, data=data, content_type="application/json", **headers)


def product_body(answers: dict[str, str], **changes: Any) -> dict[str, Any]:
    body = {
        "name": "Nimbus Router",
        "scope_answers": answers,
        "categories": ["AIII-C1-12"],
        "support_months": 96,
        "support_justification": "Expected use time of comparable products.",
    }
    body.update(changes)
    return body


def test_requests_without_a_token_get_401_problem(db, client) -> None:
    response = call(client, "get", "/api/v1/products", None)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_invalid_and_revoked_tokens_are_refused(organization, client, token, operator) -> None:
    assert call(client, "get", "/api/v1/products", "rmp_deadbeef_" + "x" * 40).status_code == 401
    secret = token("viewer", ("read",))
    assert call(client, "get", "/api/v1/products", secret).status_code == 200
    (listed,) = accounts.list_tokens(operator, all_users=True)
    accounts.revoke_token(operator, listed.id)
    assert call(client, "get", "/api/v1/products", secret).status_code == 401


def test_create_and_read_a_product(organization, client, token, typical_answers) -> None:
    secret = token()
    response = call(client, "post", "/api/v1/products", secret, product_body(typical_answers))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["product_class"] == "important-class-i"
    assert created["slug"] == "nimbus-router"
    release = call(
        client,
        "post",
        "/api/v1/products/nimbus-router/releases",
        secret,
        {"version": "1.8.2", "release_date": "2025-11-05"},
    )
    assert release.status_code == 201
    assert release.json()["end_of_support"] == "2033-11-05"
    shown = call(client, "get", "/api/v1/products/nimbus-router", secret).json()
    assert shown["releases"][0]["end_of_support_label"] == "November 2033"
    # Retention per release and for the product (Art. 13(9), (13), (18)).
    assert shown["releases"][0]["retention"] == {
        "documentation_until": "2035-11-05",
        "user_information_until": "2035-11-05",
        "security_updates_until": "2035-11-05",
        "citations": ["ART13-13", "ART13-13-DOC", "ART13-18", "ART13-18-INFO", "ART13-9",
                      "ART13-9-UPD"],
    }  # fmt: skip
    assert shown["retention"]["documentation_until"] == "2035-11-05"
    assessment = call(client, "get", "/api/v1/products/nimbus-router/assessment", secret).json()
    assert assessment["route"]["id"] == "CA-CLASS-I-NOHS"
    assert {c["id"] for c in assessment["categories"]} == {"AIII-C1-12"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"categories": ["AIII-C1-77"]}, "categories"),
        ({"support_months": 12}, "support_months"),
        ({"support_justification": ""}, "justification"),
        ({"support_months": "five"}, "support_months"),
        ({"scope_answers": {"medical_device": "maybe"}}, "scope_answers.medical_device"),
        ({"name": None}, "name"),
    ],
)
def test_bad_payloads_name_the_field_and_store_nothing(
    organization, client, token, typical_answers, changes, field
) -> None:
    secret = token()
    events = AuditEvent.objects.count()
    response = call(
        client, "post", "/api/v1/products", secret, product_body(typical_answers, **changes)
    )
    assert response.status_code == 422
    problem = response.json()
    assert any(e["field"] == field or e["field"].startswith(field) for e in problem["errors"]), (
        problem
    )
    assert Product.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_malformed_json_is_a_problem_document(organization, client, token) -> None:
    response = client.post(
        "/api/v1/products",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token()}",
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_read_only_token_cannot_write(organization, client, token, typical_answers) -> None:
    response = call(
        client, "post", "/api/v1/products", token("admin", ("read",)), product_body(typical_answers)
    )
    assert response.status_code == 403
    assert Product.objects.count() == 0


def test_unknown_product_is_404(organization, client, token) -> None:
    assert call(client, "get", "/api/v1/products/nope", token()).status_code == 404


def test_audit_endpoints_need_the_auditor_role(organization, client, token) -> None:
    assert call(client, "get", "/api/v1/audit/verify", token("editor")).status_code == 403
    response = call(client, "get", "/api/v1/audit/verify", token("auditor", ("read",)))
    assert response.status_code == 200
    assert response.json()["intact"] is True


def test_catalog_endpoints(organization, client, token) -> None:
    secret = token("viewer", ("read",))
    categories = call(client, "get", "/api/v1/catalog/categories?search=hypervisor", secret).json()
    assert categories[0]["id"] == "AIII-C2-1"
    entry = call(client, "get", "/api/v1/catalog/entries/ART14-2a", secret).json()
    assert "24 hours" in entry["text"]
    assert call(client, "get", "/api/v1/catalog/entries/NOPE-1", secret).status_code == 422


def test_openapi_document_is_served(db, client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/products" in document["paths"]


def test_session_calls_need_csrf(organization, make_user, typical_answers) -> None:
    make_user("editor", "editor")
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="editor", password="correct horse battery staple")
    response = browser.post(
        "/api/v1/products",
        data=json.dumps(product_body(typical_answers)),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Product.objects.count() == 0
