"""API request bodies: duplicate keys and malformed JSON are 422 problem documents."""

from __future__ import annotations

from django.test import Client

from rempart.store.models import VulnerabilityReport


def test_a_duplicate_key_is_refused_and_named(db, client: Client) -> None:
    body = '{"product": "a", "summary": "one", "summary": "two", "details": "d", "form_token": "t"}'
    response = client.post("/api/v1/public/reports", body, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "'summary'" in problem["detail"]
    assert problem["errors"] == [{"field": "summary", "message": problem["detail"]}]
    assert VulnerabilityReport.objects.count() == 0


def test_a_nested_duplicate_is_refused_too(client: Client, make_user, operator) -> None:  # type: ignore[no-untyped-def]
    from rempart.services.accounts import users as accounts

    make_user("ed", "editor")
    secret = accounts.create_token(operator, "t", ["read", "write"], username="ed").secret
    body = '{"kind": "vulnerability", "title": "x", "releases": [{"product": "p", "product": "q", "version": "1"}]}'
    response = client.post(
        "/api/v1/cases",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "product"


def test_malformed_json_is_a_located_format_problem(db, client: Client) -> None:
    response = client.post(
        "/api/v1/public/reports", '{"summary": ', content_type="application/json"
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["kind"] == "format"
    assert "line 1 column" in problem["detail"]
