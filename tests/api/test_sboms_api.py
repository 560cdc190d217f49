"""SBOM upload over the API, including Dependency-Track's request shapes."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Component, Sbom

MINIKUBE = "sboms/cyclonedx/CycloneDX-cyclonedx-gomod/examples/app_minikube-v1.23.1.bom.json"


@pytest.fixture
def secret(organization, operator, make_user, typical_answers) -> str:  # type: ignore[no-untyped-def]
    make_user("ci", "editor")
    products.create_product(
        operator,
        ProductDraft(name="Minikube Appliance", scope_answers=typical_answers, support_months=60),
    )
    products.add_release(operator, "minikube-appliance", ReleaseDraft("1.23.1", date(2026, 3, 1)))
    return accounts.create_token(operator, "ci", ["read", "write"], username="ci").secret


def test_multipart_upload_and_download(secret, client: Client, shared_data: Path) -> None:
    data = (shared_data / MINIKUBE).read_bytes()
    response = client.post(
        "/api/v1/products/minikube-appliance/releases/1.23.1/sboms",
        {"file": SimpleUploadedFile("bom.json", data), "label": "app"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["components"] == 136
    assert body["label"] == "app"
    original = client.get(
        f"/api/v1/sboms/{body['id']}/original", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert (
        b"".join(original.streaming_content if original.streaming else [original.content]) == data
    )
    exported = client.get(
        "/api/v1/products/minikube-appliance/releases/1.23.1/sbom?format=spdx",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert json.loads(exported.content)["spdxVersion"] == "SPDX-2.3"


def test_broken_upload_is_refused_with_location(secret, client: Client) -> None:
    response = client.post(
        "/api/v1/products/minikube-appliance/releases/1.23.1/sboms",
        {
            "file": SimpleUploadedFile(
                "bom.json",
                b'{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library"}]}',
            )
        },
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"], problem
    assert Sbom.objects.count() == 0


def test_upload_over_the_limit_is_refused(
    secret, client: Client, settings, shared_data: Path
) -> None:
    settings.SERVICE_SETTINGS = replace(settings.SERVICE_SETTINGS, upload_max_bytes=5000)
    response = client.post(
        "/api/v1/products/minikube-appliance/releases/1.23.1/sboms",
        {"file": SimpleUploadedFile("bom.json", (shared_data / MINIKUBE).read_bytes())},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422
    assert "upload limit" in response.json()["detail"]
    assert Component.objects.count() == 0


def test_dependency_track_put_with_x_api_key(secret, client: Client, shared_data: Path) -> None:
    payload = {
        "projectName": "Minikube Appliance",
        "projectVersion": "1.24.0",
        "autoCreate": True,
        "bom": base64.b64encode((shared_data / MINIKUBE).read_bytes()).decode(),
    }
    response = client.put(
        "/api/v1/bom",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_X_API_KEY=secret,
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    status = client.get(f"/api/v1/bom/token/{token}", HTTP_X_API_KEY=secret)
    assert status.json() == {"processing": False, "status": "COMPLETED"}
    assert Sbom.objects.get().release.version == "1.24.0"


def test_dependency_track_multipart_post(secret, client: Client, shared_data: Path) -> None:
    response = client.post(
        "/api/v1/bom",
        {
            "projectName": "minikube-appliance",
            "projectVersion": "1.23.1",
            "bom": SimpleUploadedFile("bom.json", (shared_data / MINIKUBE).read_bytes()),
        },
        HTTP_X_API_KEY=secret,
    )
    assert response.status_code == 200, response.content
    assert Component.objects.count() == 136


def test_dependency_track_errors(secret, client: Client) -> None:
    unknown = client.put(
        "/api/v1/bom",
        data=json.dumps({"projectName": "Nope", "projectVersion": "1", "bom": "e30="}),
        content_type="application/json",
        HTTP_X_API_KEY=secret,
    )
    assert unknown.status_code == 404
    bad = client.put(
        "/api/v1/bom",
        data=json.dumps(
            {"projectName": "minikube-appliance", "projectVersion": "1.23.1", "bom": "%%%"}
        ),
        content_type="application/json",
        HTTP_X_API_KEY=secret,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "bom"
    assert client.put("/api/v1/bom", data="{}", content_type="application/json").status_code == 401


def test_strict_upload_and_organization_policy(secret, client: Client, operator, make_user) -> None:
    lenient = (Path(__file__).parents[1] / "assets" / "sbom" / "git-ssh-urls.cdx.json").read_bytes()
    url = "/api/v1/products/minikube-appliance/releases/1.23.1/sboms"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    strict = client.post(
        url, {"file": SimpleUploadedFile("a.json", lenient), "strict": "true"}, **auth
    )
    assert strict.status_code == 422
    assert "strict mode" in strict.json()["detail"]
    accepted = client.post(url, {"file": SimpleUploadedFile("b.json", lenient)}, **auth)
    assert accepted.status_code == 201
    assert accepted.json()["schema_violations"] == 4
    assert accepted.json()["current"] is True
    make_user("boss", "admin")
    admin = accounts.create_token(operator, "adm", ["read", "write"], username="boss").secret
    body = client.get("/api/v1/organization", HTTP_AUTHORIZATION=f"Bearer {admin}").json()
    policy = client.put(
        "/api/v1/organization",
        json.dumps({**body, "sbom_strict_schema": True}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {admin}",
    )
    assert policy.status_code == 200
    assert policy.json()["sbom_strict_schema"] is True
    refused = client.post(url, {"file": SimpleUploadedFile("c.json", lenient)}, **auth)
    assert refused.status_code == 422
