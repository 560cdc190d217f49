"""The documents page and the public product page, through Django's test client."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rempart.services.documents import records
from tests.documents_fixtures import SLUG, make_documented_product


@pytest.fixture
def product(db, operator, typical_answers):  # type: ignore[no-untyped-def]
    return make_documented_product(operator, typical_answers)


@pytest.fixture
def admin_client(make_user, client: Client) -> Client:
    make_user("alice", "admin")
    client.login(username="alice", password="correct horse battery staple")
    return client


def test_documents_page_lists_status_and_previews(admin_client, product) -> None:
    page = admin_client.get(reverse("documents", args=[SLUG]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="doc-declaration-de"' in html
    assert "complete" in html
    preview = admin_client.get(
        reverse("document-preview", args=[SLUG, "user-information", "html"]) + "?lang=de"
    )
    assert preview.status_code == 200
    assert "Informationen und Anleitungen für die Nutzer" in preview.content.decode()
    assert "default-src 'none'" in preview["Content-Security-Policy"]


def test_saving_the_form_and_refusing_an_incomplete_final(admin_client, operator, product) -> None:
    form = admin_client.get(reverse("documents", args=[SLUG])).context["form"]
    data = {k: v for k, v in form.initial.items() if not isinstance(v, bool) and v is not None}
    data["languages"] = ["en"]
    data["signatory_name"] = ""
    response = admin_client.post(reverse("documents", args=[SLUG]), data)
    assert response.status_code == 302
    record = records.get_record(operator, SLUG)
    assert record.languages == ("en",)
    assert "signatory_name" not in record.values
    refused = admin_client.post(
        reverse("document-issue", args=[SLUG, "declaration"]), {"lang": "en", "format": "pdf"}
    )
    assert refused.status_code == 422
    assert "cannot be labelled final" in refused.content.decode()
    assert "Signatory" in refused.content.decode()


def test_an_invalid_value_is_shown_on_its_field(admin_client, product) -> None:
    response = admin_client.post(
        reverse("documents", args=[SLUG]),
        {"languages": ["en"], "declaration_url": "http://plain.example"},
    )
    assert response.status_code == 422
    assert "must be an https:// address" in response.content.decode()


def test_public_page_is_public_cacheable_and_free_of_internal_ids(client: Client, product):
    url = reverse("public-product", args=[SLUG])
    assert url == f"/product-info/{SLUG}/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "Nimbus Router",
        "NR-1800",
        "November 2034",
        "psirt@test.example",
        "/.well-known/security.txt",
        "sbom.cyclonedx.json",
    ):
        assert shown in html, shown
    for hidden in ("AII-", "AI-P2-5", "AVII", "csrfmiddlewaretoken", "nimbus-router@"):
        assert hidden not in html, hidden
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in str(response.cookies.output())
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    german = client.get(url + "?lang=de").content.decode()
    assert 'lang="de"' in german
    assert "bis Ende November 2034" in german
    sbom = client.get(reverse("public-product-sbom", args=[SLUG, "cyclonedx"]))
    assert sbom.status_code == 200
    assert b'"bomFormat":"CycloneDX"' in sbom.content


def test_public_page_is_off_by_default_and_hides_unknown_products(client, operator, product):
    records.set_public_page(operator, SLUG, False)
    assert client.get(reverse("public-product", args=[SLUG])).status_code == 404
    assert client.get(reverse("public-product", args=["no-such-product"])).status_code == 404
    assert client.get(reverse("public-product-sbom", args=[SLUG, "spdx"])).status_code == 404


def test_public_page_is_rate_limited(client: Client, product, monkeypatch) -> None:
    from rempart.services.documents import public_page

    monkeypatch.setattr(public_page, "RATE_LIMIT", 3)
    url = reverse("public-product", args=[SLUG])
    statuses = [client.get(url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get(url)["Retry-After"] == "60"
