"""Hostile SBOMs through the web upload: 422 with the located error on the page, never 500."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import Sbom

HOSTILE = Path(__file__).resolve().parents[1] / "assets" / "hostile" / "sbom"
CORPUS = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")


@pytest.fixture
def browser(organization, operator, make_user, typical_answers) -> Client:  # type: ignore[no-untyped-def]
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
    make_user("erin", "editor")
    client = Client()
    client.login(username="erin", password="correct horse battery staple")
    return client


@pytest.mark.parametrize("name", CORPUS)
def test_upload_shows_the_located_error(browser: Client, name: str) -> None:
    response = browser.post(
        "/products/gate/releases/1.0/sboms/",
        {"file": SimpleUploadedFile(name, (HOSTILE / name).read_bytes()), "label": "app"},
    )
    assert response.status_code == 422, (name, response.status_code)
    assert Sbom.objects.count() == 0
