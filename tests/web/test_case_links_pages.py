"""Opening a case by hand and changing what it covers, through the web forms (no browser)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import AuditEvent, CaseHistoryEntry, Finding, Release, ReportingCase

PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clients(organization, operator, typical_answers, make_user) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    for name in ("Router", "Camera"):
        products.create_product(
            operator, ProductDraft(name=name, scope_answers=typical_answers, support_months=60)
        )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2025, 1, 10)))
    products.add_release(operator, "router", ReleaseDraft("1.1", date(2026, 3, 1)))
    products.add_release(operator, "router", ReleaseDraft("2.0", status="planned"))
    for version in ("1.0", "2.0"):
        Finding.objects.create(
            release=Release.objects.get(version=version), vulnerability_id="CVE-2023-4863",
            severity="high", component_bom_ref="webp", component_name="libwebp",
            component_version="1.3.1", first_seen=NOW, last_seen=NOW,
        )  # fmt: skip
    found = {}
    for name, role in (("erin", "editor"), ("vic", "viewer")):
        make_user(name, role)
        browser = Client()
        assert browser.login(username=name, password=PASSWORD)
        found[role] = browser
    return found


def checked(html: str, value: str) -> bool:
    """Whether the checkbox with this value is ticked."""
    match = re.search(rf'<input type="checkbox" name="\w+" value="{re.escape(value)}"[^>]*>', html)
    assert match, value
    return " checked" in match.group(0)


FORM = {"kind": "vulnerability", "title": "libwebp exploited", "vulnerability_id": "CVE-2023-4863"}


def test_the_form_lists_products_and_refreshes_without_javascript(clients) -> None:
    editor = clients["editor"]
    page = editor.get("/cases/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="products" value="router"' in html
    assert "Camera" in html
    assert "cases.js" in html
    assert "<script>" not in html

    # "Show releases" posts the form back: the defaults are the placed-on-market releases with
    # a finding of the vulnerability; nothing is opened.
    shown = editor.post("/cases/new/", {**FORM, "products": ["router"], "action": "refresh"})
    assert shown.status_code == 200
    html = shown.content.decode()
    assert 'value="router@1.0" id="release-1" checked' in html or (
        'value="router@1.0"' in html and html.count("checked") >= 2
    )
    assert 'name="releases" value="router@1.1" id="release-' in html
    assert (
        'value="router@2.0" id="release-3" >' in html
        or 'router@2.0" id="release-3" checked' not in html
    )
    assert ReportingCase.objects.count() == 0


def test_opening_without_the_list_shown_takes_the_default_releases(clients) -> None:
    created = clients["editor"].post("/cases/new/", {**FORM, "products": ["router"]})
    assert created.status_code == 302
    case = ReportingCase.objects.get()
    assert [r.version for r in case.releases.all()] == ["1.0"]
    assert [f.release.version for f in case.findings.all()] == ["1.0"]
    assert CaseHistoryEntry.objects.get(case=case).summary.startswith("Opened by hand.")


def test_the_persons_choice_is_kept_and_new_products_get_defaults(clients) -> None:
    editor = clients["editor"]
    partial = editor.post(
        "/cases/link-choices/",
        {**FORM, "products": ["router", "camera"], "links_shown": "1",
         "links_products": ["camera"], "links_vulnerability": "CVE-2023-4863",
         "releases": []},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="case-links">')
    # The router was just added: its default release comes checked.
    assert checked(html, "router@1.0")
    # Unchanged products keep what the person un-ticked.
    opened = editor.post(
        "/cases/new/",
        {**FORM, "products": ["router"], "links_shown": "1", "links_products": ["router"],
         "links_vulnerability": "CVE-2023-4863", "releases": ["router@1.1"]},
    )  # fmt: skip
    assert opened.status_code == 302
    assert [r.version for r in ReportingCase.objects.get().releases.all()] == ["1.1"]


def test_changing_links_is_recorded_and_refused_when_inconsistent(clients) -> None:
    editor = clients["editor"]
    url = editor.post("/cases/new/", {**FORM, "products": ["router"]})["Location"]
    page = editor.get(url)
    assert b'id="change-links"' in page.content
    assert b"Case history" in page.content
    assert b"Opened by hand." in page.content
    edit = editor.get(url + "links/")
    assert edit.status_code == 200
    assert checked(edit.content.decode(), "router@1.0")

    wrong = editor.post(
        url + "links/",
        {"products": ["camera"], "releases": ["router@1.0"], "links_shown": "1",
         "links_products": ["camera"], "links_vulnerability": "CVE-2023-4863"},
    )  # fmt: skip
    assert wrong.status_code == 422
    assert b"which the case does not name" in wrong.content
    saved = editor.post(
        url + "links/",
        {"products": ["router", "camera"], "releases": ["router@1.0", "router@1.1"],
         "links_shown": "1", "links_products": ["router", "camera"],
         "links_vulnerability": "CVE-2023-4863", "vulnerability_id": "CVE-2023-4863",
         "note": "1.1 ships the same decoder"},
    )  # fmt: skip
    assert saved.status_code == 302
    after = editor.get(url).content.decode()
    assert "Products: added camera. Releases: added router 1.1." in after
    assert "1.1 ships the same decoder" in after
    assert AuditEvent.objects.filter(action="case.links").count() == 1


def test_a_viewer_can_neither_open_nor_change(clients) -> None:
    viewer = clients["viewer"]
    assert viewer.get("/cases/new/").status_code == 403
    assert viewer.post("/cases/new/", {**FORM, "products": ["router"]}).status_code == 403
    assert ReportingCase.objects.count() == 0
