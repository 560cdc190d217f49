"""/api/v1/me: the caller's time zone; times in the API's JSON carry no microseconds."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from rempart.services.accounts import users as accounts
from rempart.services.products import organization as organization_service


@pytest.fixture
def token(make_user, operator, organization) -> str:  # type: ignore[no-untyped-def]
    organization_service.save_organization(operator, {"main_establishment_country": "FR"})
    make_user("ed", "editor")
    return accounts.create_token(operator, "t", ["read", "write"], username="ed").secret


def call(client: Client, method: str, path: str, secret: str, body: Any = None) -> Any:
    return getattr(client, method)(
        f"/api/v1{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_the_caller_reads_and_sets_their_zone(client: Client, token: str) -> None:
    me = call(client, "get", "/me", token).json()
    assert me == {
        "username": "ed",
        "role": "editor",
        "time_zone": "",
        "effective_time_zone": "Europe/Paris",
        "time_zone_basis": "capital of FR France (Paris)",
    }
    changed = call(client, "patch", "/me", token, {"time_zone": "Europe/Vienna"}).json()
    assert (changed["time_zone"], changed["effective_time_zone"]) == ("Europe/Vienna",) * 2
    refused = call(client, "patch", "/me", token, {"time_zone": "Moon/Base"})
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"


def test_organization_zone_over_the_api(client: Client, token: str, make_user, operator) -> None:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    admin = accounts.create_token(operator, "a", ["read", "write"], username="ada").secret
    body = {
        "name": "Test Manufacturer SE",
        "main_establishment_country": "GR",
        "time_zone": "Europe/Athens",
    }
    saved = call(client, "put", "/organization", admin, body).json()
    assert saved["main_establishment_country"] == "EL"  # EU usage for Greece
    assert saved["time_zone"] == "Europe/Athens"
    assert call(client, "get", "/me", token).json()["effective_time_zone"] == "Europe/Athens"


def test_api_times_are_iso_8601_to_the_second(
    client: Client, token: str, make_user, operator
) -> None:  # type: ignore[no-untyped-def]
    make_user("ada", "admin")
    admin = accounts.create_token(operator, "a", ["read", "write"], username="ada").secret
    # Recorded by the API on the system clock, whose times have microseconds.
    call(client, "patch", "/me", token, {"time_zone": "Europe/Vienna"})
    events = call(client, "get", "/audit/events?limit=5", admin).json()
    times = [e["at"] for e in (events["events"] if isinstance(events, dict) else events)]
    assert times
    for value in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), value
