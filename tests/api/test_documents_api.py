"""The documents API: status, fields, one document, the technical file; tokens and problems."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from rempart.services.accounts import users as accounts
from tests.documents_fixtures import SLUG, make_documented_product


@pytest.fixture
def auth(db, operator, typical_answers, make_user):  # type: ignore[no-untyped-def]
    make_documented_product(operator, typical_answers)
    make_user("ci", "editor")
    secret = accounts.create_token(operator, "ci", ["read", "write"], username="ci").secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_status_fields_and_documents(auth, client: Client) -> None:
    base = f"/api/v1/products/{SLUG}/documents"
    rows = client.get(base, **auth).json()
    assert {r["kind"] for r in rows} >= {"declaration", "technical-file"}
    assert all(r["final"] for r in rows)
    fields = client.get(f"{base}/fields", **auth).json()
    assert fields["languages"] == ["en", "de"]
    assert fields["public_page"] is True
    doc = client.get(f"{base}/declaration?lang=de&final=true", **auth)
    assert doc.status_code == 200
    assert doc.json()["final"] is True
    pdf = client.get(f"{base}/user-information?format=pdf", **auth)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    zipped = client.post(f"{base}/technical-file", **auth)
    assert zipped.status_code == 200
    assert zipped["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        assert "manifest.json" in archive.namelist()


def test_replacing_fields_and_refusing_final(auth, client: Client) -> None:
    base = f"/api/v1/products/{SLUG}/documents"
    bad = client.put(
        f"{base}/fields",
        {"languages": ["en"], "values": {"sbom_url": "ftp://x"}},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "sbom_url"
    saved = client.put(
        f"{base}/fields",
        {"languages": ["en"], "values": {"type_designation": "X"}},
        content_type="application/json",
        **auth,
    )
    assert saved.status_code == 200
    assert saved.json()["values"] == {"type_designation": "X"}
    refused = client.get(f"{base}/declaration?final=true", **auth)
    assert refused.status_code == 422
    problem = refused.json()
    assert "cannot be labelled final" in problem["detail"]
    assert any(p["citation"] == "AV-8" for p in problem["errors"])
    # Publishing is an admin's decision: an editor's token may not switch the page.
    switched = client.put(
        f"{base}/fields",
        {"languages": ["en"], "values": {}, "public_page": False},
        content_type="application/json",
        **auth,
    )
    assert switched.status_code == 403


def test_no_token_no_documents(client: Client, auth) -> None:
    assert client.get(f"/api/v1/products/{SLUG}/documents").status_code == 401
