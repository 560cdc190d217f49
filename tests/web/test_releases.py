"""The release page: upload an SBOM, browse components, tree and quality; compare releases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.store.models import Sbom

BRIDGE = "sboms/cyclonedx/CycloneDX-bom-examples/SBOM/proton-bridge"


@pytest.fixture
def bridge(organization, operator, make_user, typical_answers) -> Client:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Bridge",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "bridge", ReleaseDraft("1.6.3", date(2025, 1, 1)))
    products.add_release(operator, "bridge", ReleaseDraft("1.8.0", date(2026, 1, 1)))
    make_user("erin", "editor")
    browser = Client()
    browser.login(username="erin", password="correct horse battery staple")
    return browser


def test_upload_then_browse(bridge: Client, shared_data: Path) -> None:
    data = (shared_data / BRIDGE / "proton-bridge-v1.6.3.bom.json").read_bytes()
    response = bridge.post(
        "/products/bridge/releases/1.6.3/sboms/",
        {"file": SimpleUploadedFile("bridge.json", data), "label": "app"},
    )
    assert response.status_code == 302, response.content
    page = bridge.get("/products/bridge/releases/1.6.3/")  # the overview tab
    assert b"app: 201 components" in page.content
    assert b"Annex I, Part II, point (1)" in page.content
    assert b"Quality: app" not in page.content  # on the SBOM tab, not on the overview
    sbom_tab = bridge.get("/products/bridge/releases/1.6.3/?tab=sbom")
    assert b"Quality: app" in sbom_tab.content
    assert b'<details class="tree">' in sbom_tab.content  # the dependency tree is collapsible
    components_tab = bridge.get("/products/bridge/releases/1.6.3/?tab=components")
    assert b"201 components" in components_tab.content
    assert b"?tab=components&amp;q=&amp;sort=name&amp;page=2" in components_tab.content
    table = bridge.get(
        "/products/bridge/releases/1.6.3/components/?q=golang.org/x/crypto&sort=-version",
        HTTP_HX_REQUEST="true",
    )
    assert b"golang.org/x/crypto" in table.content
    second = bridge.get("/products/bridge/releases/1.6.3/components/?page=2")
    assert b"page 2 of 5" in second.content
    sbom = Sbom.objects.get()
    tree = bridge.get(f"/sboms/{sbom.pk}/tree/")
    assert tree.status_code == 200
    assert b"<li>" in tree.content


def test_broken_upload_shows_the_located_error(bridge: Client) -> None:
    response = bridge.post(
        "/products/bridge/releases/1.6.3/sboms/",
        {"file": SimpleUploadedFile("x.json", b'{"bomFormat": "CycloneDX", "specVersion": "1.4",')},
    )
    assert response.status_code == 422
    assert b"line 1" in response.content or b"JSON" in response.content
    assert Sbom.objects.count() == 0


def test_diff_page(bridge: Client, operator, shared_data: Path) -> None:
    for version in ("1.6.3", "1.8.0"):
        sboms.import_sbom(
            operator,
            "bridge",
            version,
            (shared_data / BRIDGE / f"proton-bridge-v{version}.bom.json").read_bytes(),
        )
    page = bridge.get("/products/bridge/diff/?from=1.6.3&to=1.8.0")
    assert page.status_code == 200
    assert b"unchanged" in page.content


def test_an_uploaded_sbom_is_scanned_by_a_job_and_the_page_says_so(
    bridge: Client, operator, shared_data: Path
) -> None:
    from rempart.services.vulnerabilities import feeds, scanning

    feeds.import_file(operator, shared_data / "advisories/osv/golang-vulndb-osv-2020-2025.tar.gz")
    data = (shared_data / BRIDGE / "proton-bridge-v1.6.3.bom.json").read_bytes()
    bridge.post(
        "/products/bridge/releases/1.6.3/sboms/",
        {"file": SimpleUploadedFile("bridge.json", data), "label": "app"},
    )
    queued = bridge.get("/products/bridge/releases/1.6.3/").content.decode()
    assert "A scan of this release is queued" in queued
    listed = bridge.get("/products/bridge/").content.decode()
    assert "(scan queued)" in listed
    assert scanning.run_requested_scans(operator, "worker").releases == 1  # what the job does
    scanned = bridge.get("/products/bridge/releases/1.6.3/").content.decode()
    assert "A scan of this release is queued" not in scanned
    assert "new since the first scan" in scanned


def test_release_page_shows_uuid_superseded_uploads_and_strict_upload(
    bridge: Client, operator, shared_data: Path
) -> None:
    from rempart.services.sboms import dependency_track as dt
    from rempart.store.models import Release

    release = Release.objects.get(version="1.6.3")
    data = (shared_data / BRIDGE / "proton-bridge-v1.6.3.bom.json").read_bytes()
    for _ in range(2):
        dt.upload_bom(operator, dt.BomUpload(project=str(release.uuid)), data)
    page = bridge.get("/products/bridge/releases/1.6.3/?tab=sbom")
    assert str(release.uuid).encode() in page.content
    assert b"1 superseded by later Dependency-Track uploads" in page.content
    assert page.content.count(b"Quality: dependency-track upload") == 1  # current one only
    history = bridge.get("/products/bridge/releases/1.6.3/?tab=history")
    assert b"Superseded by later Dependency-Track uploads (1," in history.content
    lenient = (Path(__file__).parents[1] / "assets" / "sbom" / "git-ssh-urls.cdx.json").read_bytes()
    refused = bridge.post(
        "/products/bridge/releases/1.8.0/sboms/",
        {"file": SimpleUploadedFile("npm.json", lenient), "strict": "on"},
    )
    assert refused.status_code == 422
    assert b"strict mode" in refused.content
    accepted = bridge.post(
        "/products/bridge/releases/1.8.0/sboms/",
        {"file": SimpleUploadedFile("npm.json", lenient)},
        follow=True,
    )
    assert b"4 schema violations of value formats tolerated" in accepted.content
