"""/api/v1 Annex I assessment: read, patch, evidence, export, portfolio; problems on refusal."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import EvidenceItem


@pytest.fixture
def secret(organization, operator, make_user, typical_answers, settings, tmp_path) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Cam",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "cam", ReleaseDraft("2.0", date(2026, 5, 1)))
    make_user("ci", "editor")
    return accounts.create_token(operator, "ci", ["read", "write"], username="ci").secret


def test_patch_and_read(secret: str, client: Client) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    refused = client.patch(
        "/api/v1/products/cam/annex-i/AI-P1-2d",
        json.dumps({"applicable": False}),
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "justification" in refused.content.decode()
    done = client.patch(
        "/api/v1/products/cam/annex-i/AI-P2-1",
        json.dumps({"status": "met", "how_met": "CI SBOM", "links": ["https://ci.example/x"]}),
        content_type="application/json",
        **auth,
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "met"
    row = client.get("/api/v1/products/cam/annex-i/AI-P2-1", **auth).json()
    assert row["history"][0]["changes"]["status"] == ["not-started", "met"]
    report = client.get("/api/v1/products/cam/annex-i", **auth).json()
    assert report["readiness"]["met"] == 1
    assert report["readiness"]["percent"] == 4  # 1 ÷ 22
    folio = client.get("/api/v1/annex-i/portfolio", **auth).json()
    assert folio["products"][0]["slug"] == "cam"
    assert client.get("/api/v1/products/cam/annex-i/AI-P7-1", **auth).status_code == 404
    assert client.get("/api/v1/products/cam/annex-i").status_code == 401


def test_evidence_upload_download_remove(secret: str, client: Client) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = "/api/v1/products/cam/annex-i/AI-P2-5/evidence"
    created = client.post(url, {"file": SimpleUploadedFile("policy.md", b"# CVD policy\n")}, **auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["media_type"] == "text/markdown"
    assert len(body["sha256"]) == 64
    download = client.get(f"/api/v1/annex-i/evidence/{body['id']}/file", **auth)
    assert download.content == b"# CVD policy\n"
    assert download["Content-Disposition"] == 'attachment; filename="policy.md"'
    refused = client.post(url, {"file": SimpleUploadedFile("x.svg", b"<svg/>")}, **auth)
    assert refused.status_code == 422
    assert client.post(url, {"url": "ftp://x.example/"}, **auth).status_code == 422
    assert client.post(url, {"record": "sbom:1"}, **auth).status_code == 201
    assert EvidenceItem.objects.count() == 2
    assert client.delete(f"/api/v1/annex-i/evidence/{body['id']}", **auth).status_code == 204
    assert EvidenceItem.objects.count() == 1


def test_export_and_actions(secret: str, client: Client) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    html = client.get("/api/v1/products/cam/annex-i/export?format=html", **auth)
    assert html.status_code == 200
    assert b"Annex I gap report" in html.content
    action = client.post(
        "/api/v1/products/cam/annex-i-actions",
        json.dumps({"title": "Write SBOM", "requirement": "AI-P2-1", "owner": "ci"}),
        content_type="application/json",
        **auth,
    )
    assert action.status_code == 201, action.content
    listed = client.get("/api/v1/products/cam/annex-i-actions", **auth).json()
    assert [a["title"] for a in listed] == ["Write SBOM"]


def test_hostile_patch_values_are_named(secret: str, client: Client) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for body, field in (
        ({"applicable": None}, "applicable"),
        ({"status": "done"}, "status"),
        ({"owner": "nobody"}, "owner"),
        ({"links": ["data:text/html,<script>"]}, "links[0]"),
    ):
        response = client.patch(
            "/api/v1/products/cam/annex-i/AI-P2-1",
            json.dumps(body),
            content_type="application/json",
            **auth,
        )
        assert response.status_code == 422, (body, response.content)
        assert field in response.content.decode()
    assert client.get("/api/v1/products/cam/annex-i", **auth).json()["readiness"]["met"] == 0


def test_action_is_replaced(secret: str, client: Client) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    created = client.post(
        "/api/v1/products/cam/annex-i-actions",
        json.dumps({"title": "Fuzz the parser", "requirement": "AI-P2-3"}),
        content_type="application/json",
        **auth,
    ).json()
    done = client.put(
        f"/api/v1/products/cam/annex-i-actions/{created['id']}",
        json.dumps({"title": "Fuzz the parser", "requirement": "AI-P2-3", "status": "done"}),
        content_type="application/json",
        **auth,
    )
    assert done.json()["status"] == "done"
    bad = client.put(
        f"/api/v1/products/cam/annex-i-actions/{created['id']}",
        json.dumps({"title": "x", "status": "maybe"}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert client.get("/api/v1/products/cam/annex-i", **auth).json()["open_actions"] == []
