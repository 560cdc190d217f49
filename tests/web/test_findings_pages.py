"""The findings workbench, a finding's page, bulk actions, advisories and the public CSAF folder."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from rempart.store.models import FindingDecision, ReportingCase


@pytest.fixture
def editor(gateway, make_user) -> Client:  # type: ignore[no-untyped-def]
    make_user("erin", "editor")
    client = Client()
    client.login(username="erin", password="correct horse battery staple")
    return client


def test_release_page_leads_to_its_findings_tab(editor: Client) -> None:
    page = editor.get("/products/gateway/releases/3.0.0/").content.decode()
    assert "KEV" in page  # the overview's counts
    assert "Sources and coverage" in page  # what the scan could and could not assess
    assert 'id="release-tabs"' in page
    assert 'href="/products/gateway/releases/3.0.0/findings/"' in page
    tab = editor.get("/products/gateway/releases/3.0.0/findings/").content.decode()
    assert 'id="finding-rows"' in tab
    assert 'href="/products/gateway/releases/3.0.0/findings/" aria-current="page"' in tab


def test_workbench_filters_and_htmx_partial(editor: Client) -> None:
    full = editor.get("/findings/?exploited=1")
    assert full.status_code == 200
    text = full.content.decode()
    assert "1 finding" in text
    assert "libwebp-sys" in text
    assert 'id="finding-filters"' in text
    partial = editor.get("/products/gateway/findings/?group=component", HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="finding-table")  # fmt: skip
    assert b'id="finding-groups"' in partial.content
    assert b"<html" not in partial.content


def test_bulk_decision_on_all_matching(editor: Client) -> None:
    response = editor.post("/findings/bulk/", {
        "action": "decide", "all_matching": "1", "component": "docker", "scope_slug": "gateway",
        "decide_state": "affected", "action_statement": "Update docker", "back": "/findings/",
    })  # fmt: skip
    assert response.status_code == 302
    assert FindingDecision.objects.filter(state="affected").count() > 3
    refused = editor.post(
        "/findings/bulk/", {"action": "decide", "ids": ["1"], "decide_state": "not_affected"}
    )
    assert refused.status_code == 302  # the message says nothing changed
    assert not FindingDecision.objects.filter(state="not_affected").exists()


def test_finding_page_and_case_in_one_step(editor: Client) -> None:
    from rempart.store.models import Finding

    webp = Finding.objects.get(component_name="libwebp-sys").pk
    page = editor.get(f"/findings/{webp}/").content.decode()
    assert "CISA KEV since" in page
    assert 'id="paths"' in page
    assert "gridlink-firmware" in page
    opened = editor.post(f"/findings/{webp}/case/")
    case = ReportingCase.objects.get()
    assert opened["Location"] == f"/cases/{case.reference}/"
    assert case.findings.filter(pk=webp).exists()
    assert case.status == "proposed"


def test_advisory_pages_and_public_directory(editor: Client, operator) -> None:  # type: ignore[no-untyped-def]
    from rempart.services.advisories import settings as csaf_settings
    from rempart.store.models import Finding

    csaf_settings.save_settings(operator, {"publisher_namespace": "https://test.example"})
    webp = Finding.objects.get(component_name="libwebp-sys").pk
    drafted = editor.post("/advisories/new/", {"ids": [str(webp)]})
    location = drafted["Location"]
    page = editor.get(location).content.decode()
    assert 'id="csaf-valid"' in page
    assert "CVE-2023-4863" in page
    assert (
        editor.post(location + "publish/", {"status": "final", "summary": "Initial"}).status_code
        == 302
    )
    anonymous = Client()
    metadata = anonymous.get("/.well-known/csaf/provider-metadata.json")
    assert metadata.status_code == 200
    assert json.loads(metadata.content)["role"] == "csaf_provider"
    assert anonymous.get("/.well-known/csaf/white/index.txt").content.startswith(b"2026/")
    assert anonymous.get("/.well-known/csaf/../../secret_key").status_code == 404


def test_a_finding_page_shows_its_times_in_the_readers_zone(editor: Client) -> None:
    """Seen, decided and commented times carry the reader's zone, never a bare "UTC" label."""
    import re

    from rempart.store.models import Finding, UserProfile

    UserProfile.objects.filter(user__username="erin").update(time_zone="Europe/Berlin")
    webp = Finding.objects.get(component_name="libwebp-sys")
    page = editor.get(f"/findings/{webp.pk}/").content.decode()
    seen = page[page.index("<dt>Seen</dt>") :][:400]
    assert re.search(r"\d{2}:\d{2} CES?T</time>", seen), seen
    assert not re.search(r"\d{2}:\d{2} UTC", page)
