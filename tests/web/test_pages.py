"""The web interface: login required, rate limiting, CSRF, the wizard, citations shown."""

from __future__ import annotations

import pytest
from django.test import Client

from rempart.store.models import AuditEvent, Product

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(organization, make_user) -> Client:  # type: ignore[no-untyped-def]
    make_user("erin", "editor")
    browser = Client()
    assert browser.login(username="erin", password=PASSWORD)
    return browser


@pytest.mark.parametrize(
    "path", ["/", "/products/", "/catalog/", "/audit/", "/settings/tokens/", "/products/new/"]
)
def test_pages_need_a_login(db, client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_login_and_throttling(organization, make_user) -> None:
    make_user("alice", "viewer")
    browser = Client()
    for _ in range(5):
        assert (
            browser.post("/login/", {"username": "alice", "password": "wrong"}).status_code == 401
        )
    throttled = browser.post("/login/", {"username": "alice", "password": PASSWORD})
    assert throttled.status_code == 429
    assert b"too many failed logins" in throttled.content


def test_successful_login_redirects_to_a_local_page_only(organization, make_user) -> None:
    make_user("bob", "viewer")
    browser = Client()
    response = browser.post(
        "/login/?next=https://evil.example/", {"username": "bob", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert AuditEvent.objects.filter(action="user.login", object_id="bob").exists()


def test_forms_need_csrf(organization, make_user) -> None:
    make_user("carol", "admin")
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="carol", password=PASSWORD)
    response = browser.post("/settings/organization/", {"name": "Changed"})
    assert response.status_code == 403


def _walk_wizard(
    browser: Client, answers: dict[str, str], categories: list[str], support: dict[str, object]
) -> object:
    assert browser.get("/products/new/").status_code == 200
    response = browser.post("/products/new/", {"name": "EdgeGuard Firewall", "description": "NGFW"})
    assert response.status_code == 302, response.content
    scope = response["Location"]
    assert scope.endswith("/scope/")
    response = browser.post(scope, {f"q_{k}": v for k, v in answers.items()})
    assert response.status_code == 302, response.content
    response = browser.post(
        response["Location"], {"categories": categories, "standards_applied": "none"}
    )
    assert response.status_code == 302, response.content
    return browser.post(response["Location"], support)


def _review_url() -> str:
    from rempart.store.models import WizardDraft

    return f"/products/wizard/{WizardDraft.objects.get().pk}/review/"


def test_wizard_registers_a_product_with_citations(editor, typical_answers) -> None:
    response = _walk_wizard(editor, typical_answers, ["AIII-C2-2"], {"support_months": 120})
    assert response.status_code == 302  # type: ignore[attr-defined]
    review = editor.get(_review_url())
    assert b"Important \xc2\xb7 Class II" in review.content
    assert b"Art. 32(3)" in review.content
    saved = editor.post(_review_url())
    assert saved["Location"] == "/products/edgeguard-firewall/"
    page = editor.get("/products/edgeguard-firewall/")
    assert b"AIII-C2-2" in page.content
    assert b"Annex III, Class II, point 2" in page.content
    assert Product.objects.get().product_class == "important-class-ii"


def test_wizard_refuses_short_support_without_justification(editor, typical_answers) -> None:
    response = _walk_wizard(
        editor, typical_answers, [], {"support_months": 24, "expected_use_months": 24}
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert b"justification" in response.content.lower()  # type: ignore[attr-defined]
    assert Product.objects.count() == 0


def test_wizard_scope_names_missing_answers(editor, typical_answers) -> None:
    scope = editor.post("/products/new/", {"name": "X"})["Location"]
    answers = {f"q_{k}": v for k, v in typical_answers.items() if k != "medical_device"}
    response = editor.post(scope, answers)
    assert response.status_code == 422
    assert b"an answer is required" in response.content


def test_viewer_cannot_open_the_wizard(organization, make_user) -> None:
    make_user("vic", "viewer")
    browser = Client()
    browser.login(username="vic", password=PASSWORD)
    assert browser.get("/products/new/").status_code == 403


def test_release_added_with_htmx_returns_the_partial(editor, typical_answers) -> None:
    _walk_wizard(editor, typical_answers, [], {"support_months": 60})
    editor.post(_review_url())
    response = editor.post(
        "/products/edgeguard-firewall/releases/",
        {"version": "7.1.0", "release_date": "2026-04-01", "status": "released"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"April 2031" in response.content
    assert b"<html" not in response.content
    bad = editor.post(
        "/products/edgeguard-firewall/releases/",
        {
            "version": "7.2.0",
            "release_date": "2026-05-01",
            "end_of_support": "2026-01-01",
            "status": "released",
        },
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 422
    assert b"must be after the release date" in bad.content


def test_catalog_pages_show_legal_text(editor) -> None:
    requirements = editor.get("/catalog/?group=annex-i-part-ii")
    assert b"software bill of materials" in requirements.content
    categories = editor.get("/catalog/categories/?q=router", HTTP_HX_REQUEST="true")
    assert b"AIII-C1-12" in categories.content
    assert editor.get("/catalog/timeline/").status_code == 200
    assert b"24 hours" in editor.get("/catalog/entries/ART14-2a/").content


def test_security_headers(editor) -> None:
    response = editor.get("/products/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_product_page_is_404(editor) -> None:
    assert editor.get("/products/nope/").status_code == 404


def test_citations_with_the_same_reference_share_one_chip() -> None:
    from rempart.web.templatetags.rempart_tags import cite_all

    html = cite_all(["RPT-AEV-EW", "ART14-2a", "ART14-8"])
    assert html.count(">Art. 14(2)(a)</a>") == 1
    assert "RPT-AEV-EW:" in html
    assert "ART14-2a:" in html
    assert html.count('class="cite"') == 2
