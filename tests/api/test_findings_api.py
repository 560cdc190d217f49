"""/api/v1 findings: ids and pages, the workbench filters, triage, the case from a finding,
VEX export/import and CSAF advisories over REST."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from rempart.services.accounts import users as accounts
from rempart.store.models import FindingDecision


@pytest.fixture
def secret(gateway, make_user, operator):  # type: ignore[no-untyped-def]
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


def test_pages_carry_finding_ids(client: Client, secret: dict[str, str]) -> None:
    page = call(
        client, "get", "/products/gateway/releases/3.0.0/findings?per_page=5", secret["viewer"]
    ).json()
    assert page["per_page"] == 5
    assert page["total"] > 5
    assert len(page["items"]) == 5
    first = page["items"][0]
    assert isinstance(first["id"], int)
    assert first["known_exploited"]["kev"]
    detail = call(client, "get", f"/findings/{first['id']}", secret["viewer"]).json()
    assert detail["finding"]["id"] == first["id"]
    assert detail["paths"][0]["steps"][-1].startswith("libwebp-sys")
    filtered = call(
        client, "get", "/findings?severity=critical&severity=high&sort=epss", secret["viewer"]
    ).json()
    assert {i["severity"] for i in filtered["items"]} <= {"critical", "high"}


def test_triage_over_the_api(client: Client, secret: dict[str, str]) -> None:
    items = call(
        client, "get", "/products/gateway/findings?component=docker", secret["viewer"]
    ).json()["items"]
    ids = [i["id"] for i in items]
    refused = call(
        client,
        "post",
        "/findings/triage",
        secret["editor"],
        {"finding_ids": ids, "state": "not_affected"},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "justification"
    assert not FindingDecision.objects.exists()
    body = {
        "finding_ids": ids,
        "state": "not_affected",
        "justification": "vulnerable_code_not_present",
    }
    assert call(client, "post", "/findings/triage", secret["viewer"], body).status_code == 403
    done = call(client, "post", "/findings/triage", secret["editor"], body)
    assert done.json() == {"changed": len(ids)}
    comment = call(
        client, "post", f"/findings/{ids[0]}/comments", secret["editor"], {"text": "checked"}
    )
    assert comment.status_code == 201
    assert (
        call(client, "get", f"/findings/{ids[0]}", secret["viewer"]).json()["history"][0]["kind"]
        == "decision"
    )


def test_case_from_a_finding(client: Client, secret: dict[str, str]) -> None:
    webp = call(client, "get", "/findings?kev=true", secret["viewer"]).json()["items"][0]["id"]
    opened = call(client, "post", f"/findings/{webp}/case", secret["editor"])
    assert opened.status_code == 201
    reference = opened.json()["reference"]
    case = call(client, "get", f"/cases/{reference}", secret["viewer"]).json()
    assert case["vulnerability_id"] == "CVE-2023-4863"
    assert webp in case["findings"]
    assert call(client, "post", f"/findings/{webp}/case", secret["editor"]).status_code == 200


def test_vex_over_the_api(client: Client, secret: dict[str, str]) -> None:
    exported = call(
        client, "get", "/products/gateway/vex?format=openvex&release=3.0.0", secret["viewer"]
    )
    assert exported.status_code == 200
    assert exported["Content-Type"] == "application/json"
    assert json.loads(exported.content)["@context"] == "https://openvex.dev/ns/v0.2.0"
    bad = client.post(
        "/api/v1/products/gateway/vex?release=3.0.0",
        {"file": _upload(b'{"@context": "https://openvex.dev/ns/v0.2.0"}')},
        HTTP_AUTHORIZATION=f"Bearer {secret['editor']}",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "/"


def _upload(data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("vex.json", data, content_type="application/json")


def test_advisory_and_validation_over_the_api(
    client: Client, secret: dict[str, str], shared_data: Path, operator
) -> None:  # type: ignore[no-untyped-def]
    from rempart.services.advisories import settings as csaf_settings

    csaf_settings.save_settings(operator, {"publisher_namespace": "https://test.example"})
    ids = [
        i["id"] for i in call(client, "get", "/findings?kev=true", secret["viewer"]).json()["items"]
    ]
    created = call(client, "post", "/advisories", secret["editor"], {"finding_ids": ids})
    assert created.status_code == 201
    tracking = created.json()["tracking_id"]
    document = call(client, "get", f"/advisories/{tracking}/csaf", secret["viewer"])
    assert json.loads(document.content)["document"]["category"] == "csaf_security_advisory"
    failing = (
        shared_data
        / "csaf/oasis-csaf-2.0/test/validator/data/mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-02-01.json"
    )
    checked = client.post("/api/v1/csaf/validate", failing.read_bytes(), content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {secret['viewer']}")  # fmt: skip
    assert checked.json()["failed_tests"] == ["6.1.2"]
