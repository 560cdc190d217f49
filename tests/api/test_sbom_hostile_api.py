"""Hostile SBOMs through the API: the upload endpoint and both Dependency-Track shapes answer
422 with the located problem (never 500), and nothing is stored."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.accounts import users as accounts
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Release, Sbom

HOSTILE = Path(__file__).resolve().parents[1] / "assets" / "hostile" / "sbom"
CORPUS = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")


@pytest.fixture
def secret(organization, operator, make_user, typical_answers) -> str:  # type: ignore[no-untyped-def]
    make_user("ci", "editor")
    products.create_product(
        operator,
        ProductDraft(
            name="Gate",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "gate", ReleaseDraft("1.0", date(2026, 1, 1)))
    return accounts.create_token(operator, "ci", ["read", "write"], username="ci").secret


def _refused(response, name: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, (name, response.status_code, response.content[:300])
    problem = response.json()
    assert problem["errors"][0]["field"], problem
    assert Sbom.objects.count() == 0


@pytest.mark.parametrize("name", CORPUS)
def test_upload_endpoint(secret, client: Client, name: str) -> None:
    response = client.post(
        "/api/v1/products/gate/releases/1.0/sboms",
        {"file": SimpleUploadedFile(name, (HOSTILE / name).read_bytes())},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    _refused(response, name)


@pytest.mark.parametrize("name", CORPUS)
def test_dependency_track_put(secret, client: Client, name: str) -> None:
    body = {
        "project": str(Release.objects.get().uuid),
        "bom": base64.b64encode((HOSTILE / name).read_bytes()).decode(),
    }
    response = client.put(
        "/api/v1/bom", json.dumps(body), content_type="application/json", HTTP_X_API_KEY=secret
    )
    _refused(response, name)


@pytest.mark.parametrize("name", [n for n in CORPUS if n.endswith(".json")])
def test_dependency_track_multipart_post(secret, client: Client, name: str) -> None:
    response = client.post(
        "/api/v1/bom",
        {
            "bom": (HOSTILE / name).read_text(encoding="utf-8"),
            "project": str(Release.objects.get().uuid),
        },
        HTTP_X_API_KEY=secret,
    )
    _refused(response, name)
