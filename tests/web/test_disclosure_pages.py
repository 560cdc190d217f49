"""Public disclosure pages (no login) and the team's queue (login), through Django's client."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client

from rempart.core.disclosure import form_token
from rempart.core.register import ProductDraft
from rempart.services.disclosure import settings as disclosure
from rempart.services.products import register as products
from rempart.store.models import AuditEvent, IntakeAttempt, VulnerabilityReport

PASSWORD = "correct horse battery staple"


@pytest.fixture
def configured(organization, operator, typical_answers):  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    # Settings are reviewed "now" by the real clock of the web process, so save on that clock.
    from rempart.services.context import Actor, ServiceContext

    disclosure.save_settings(
        ServiceContext(Actor.operator("tester")),
        {
            "contacts": ["mailto:psirt@test.example"],
            "public_base_url": "https://psirt.test.example",
            "csaf": ["https://psirt.test.example/.well-known/csaf/provider-metadata.json"],
        },
    )


def aged_token(nonce: str = "webtest") -> str:
    issued = datetime.now(tz=UTC) - timedelta(seconds=30)
    return form_token.issue(str(settings.SECRET_KEY).encode(), nonce, issued)


def form(**changes: str) -> dict[str, str]:
    values = {
        "product": "nimbus-router",
        "summary": "Command injection in the diagnostics page",
        "details": "POST /diag with host=;id",
        "affected_versions": "1.8.x",
        "reporter_contact": "mailto:finder@example.org",
        "website": "",
        "form_token": aged_token(),
    }
    values.update(changes)
    return values


@pytest.mark.parametrize("path", ["/.well-known/security.txt", "/security.txt"])
def test_security_txt_is_public_plain_text(db, configured, client, path) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Contact: mailto:psirt@test.example" in body
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body, re.MULTILINE)


def test_security_txt_is_absent_without_settings(organization, client) -> None:
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 404
    assert b"Contact" in response.content


def test_policy_page_is_public_and_cites(configured, client) -> None:
    response = client.get("/security/policy/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vulnerability disclosure policy of Test Manufacturer SE" in page
    assert "Nimbus Router" in page
    assert "Annex I, Part II, point (5)" in page
    # A public page names the articles, never Rempart's internal catalog IDs.
    assert re.search(r"\b(AI|AII|ART|RPT|AVII)-[A-Z0-9-]+\b", page) is None, re.findall(
        r"\b(?:AI|AII|ART|RPT|AVII)-[A-Z0-9-]+\b", page
    )
    report = client.get("/report/").content.decode()
    assert re.search(r"\bAI-P2-\d\b", report) is None


def test_report_form_files_a_report_with_csrf(configured) -> None:
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/report/")
    assert page.status_code == 200
    csrf = browser.cookies["csrftoken"].value
    assert browser.post("/report/", form()).status_code == 403  # CSRF stays on
    response = browser.post("/report/", {**form(), "csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    reference = VulnerabilityReport.objects.get().reference
    assert response["Location"] == f"/report/status/{reference}/?new=1"
    status = browser.get(response["Location"])
    assert reference in status.content.decode()
    assert b"Received, waiting for acknowledgement" in status.content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"product": "fridge"}, "choose a product from the published list"),
        ({"summary": ""}, "This field is required"),
        ({"details": "x" * 20_001}, "at most 20000 characters"),
        ({"form_token": "bogus"}, "malformed"),
        ({"website": "http://spam.example"}, "not accepted"),
    ],
)
def test_bad_reports_are_refused_and_store_nothing(configured, client, changes, message) -> None:
    response = client.post("/report/", form(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert VulnerabilityReport.objects.count() == 0


def test_oversized_body_is_refused_before_parsing(configured, client) -> None:
    response = client.post("/report/", form(details="x" * 70_000))
    assert response.status_code == 413
    assert VulnerabilityReport.objects.count() == 0
    assert IntakeAttempt.objects.count() == 0


def test_rate_limited_after_five(configured, client) -> None:
    for i in range(5):
        assert client.post("/report/", form(form_token=aged_token(f"t{i}"))).status_code == 302
    response = client.post("/report/", form(form_token=aged_token("t9")))
    assert response.status_code == 429
    assert VulnerabilityReport.objects.count() == 5


def test_rate_limit_is_per_client_behind_a_trusted_proxy(configured, client, settings) -> None:
    from dataclasses import replace

    settings.SERVICE_SETTINGS = replace(settings.SERVICE_SETTINGS, trusted_proxies=("10.0.0.7",))
    via_proxy = {"REMOTE_ADDR": "10.0.0.7"}
    for i in range(5):
        sent = client.post(
            "/report/",
            form(form_token=aged_token(f"a{i}")),
            HTTP_X_FORWARDED_FOR="203.0.113.5",
            **via_proxy,
        )
        assert sent.status_code == 302
    flood = form(form_token=aged_token("a9"))
    assert (
        client.post("/report/", flood, HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy).status_code
        == 429
    )
    other = form(form_token=aged_token("b0"))
    assert (
        client.post("/report/", other, HTTP_X_FORWARDED_FOR="198.51.100.8", **via_proxy).status_code
        == 302
    )
    # The same header from a peer that is not a trusted proxy names nobody.
    direct = form(form_token=aged_token("c0"))
    assert client.post("/report/", direct, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
    assert VulnerabilityReport.objects.count() == 7


def test_status_page_hides_internal_notes(configured, client, make_user) -> None:
    client.post("/report/", form())
    reference = VulnerabilityReport.objects.get().reference
    make_user("erin", "editor")
    team = Client()
    assert team.login(username="erin", password=PASSWORD)
    listing = team.get("/vulnerability-reports/?status=new")
    assert reference in listing.content.decode()
    act = f"/vulnerability-reports/{reference}/act/"
    team.post(act, {"action": "acknowledge"})
    team.post(act, {"action": "note", "note": "SECRET-INTERNAL-NOTE"})
    detail = team.get(f"/vulnerability-reports/{reference}/").content.decode()
    assert "SECRET-INTERNAL-NOTE" in detail
    assert 'id="report-case-actions"' in detail
    public = client.get(f"/report/status/{reference}/").content.decode()
    assert "SECRET-INTERNAL-NOTE" not in public
    assert "Acknowledged by the security team" in public
    assert client.get("/report/status/VR-0000-0000-0000/").status_code == 404
    assert AuditEvent.objects.filter(action="vulnerability_report.note").count() == 1


def test_queue_needs_login_and_settings_need_admin(configured, client, make_user) -> None:
    assert client.get("/vulnerability-reports/").status_code == 302
    make_user("erin", "editor")
    editor = Client()
    assert editor.login(username="erin", password=PASSWORD)
    assert editor.get("/settings/disclosure/").status_code == 403
    make_user("ada", "admin")
    admin = Client()
    assert admin.login(username="ada", password=PASSWORD)
    page = admin.get("/settings/disclosure/")
    assert page.status_code == 200
    assert b"Contact: mailto:psirt@test.example" in page.content
    bad = admin.post(
        "/settings/disclosure/",
        {
            "contacts": "psirt@test.example",
            "preferred_languages": "en",
            "expiry_days": 90,
            "acknowledge_days": 5,
            "triage_days": 14,
            "disclosure_days": 90,
        },
    )
    assert bad.status_code == 422
    assert b"must start with mailto: or https:// or tel:" in bad.content


def test_hostile_values_are_escaped_and_refused(configured, client) -> None:
    response = client.post("/report/", form(product="<script>alert(1)</script>"))
    assert response.status_code == 422
    assert b"<script>alert(1)</script>" not in response.content
    lookup = client.get("/report/status/", {"reference": "<b>" + "x" * 5000})
    assert lookup.status_code == 404
    assert b"not a report reference" in lookup.content
    assert VulnerabilityReport.objects.count() == 0


def test_admin_saves_settings_with_audit(configured, make_user) -> None:
    make_user("ada", "admin")
    admin = Client()
    assert admin.login(username="ada", password=PASSWORD)
    response = admin.post(
        "/settings/disclosure/",
        {
            "contacts": "mailto:new@test.example\nhttps://psirt.test.example/report/",
            "preferred_languages": "en fr",
            "expiry_days": 90,
            "acknowledge_days": 3,
            "triage_days": 10,
            "disclosure_days": 60,
            "safe_harbour": "on",
            "intake_open": "on",
        },
    )
    assert response.status_code == 302
    body = Client().get("/.well-known/security.txt").content.decode()
    assert "Contact: mailto:new@test.example\nContact: https://psirt.test.example/report/" in body
    assert "Preferred-Languages: en, fr" in body
    event = AuditEvent.objects.filter(action="disclosure.update").last()
    assert event is not None
    assert event.actor == "user:ada"
    assert event.data["acknowledge_days"] == 3
