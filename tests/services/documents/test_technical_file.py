"""The Annex VII bundle: every catalog item, a manifest that verifies, reproducible bytes, PDFs."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import replace
from datetime import timedelta

import pypdfium2 as pdfium
import pytest

from rempart.core.clock import FixedClock
from rempart.core.documents.model import DocumentKind
from rempart.core.errors import InvalidInput
from rempart.services.accounts import audit
from rempart.services.documents import generation, records, technical_file
from tests.documents_fixtures import SLUG, make_documented_product


@pytest.fixture
def product(db, operator, typical_answers):  # type: ignore[no-untyped-def]
    return make_documented_product(operator, typical_answers)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_manifest_hashes_recomputed_and_retention_date(operator, product) -> None:
    data, name = technical_file.export_bundle(operator, product)
    assert name == f"{SLUG}-1.8.2-technical-documentation.zip"
    files = members(data)
    manifest = json.loads(files.pop("manifest.json"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files)
    for path, content in files.items():  # recompute every hash
        assert hashlib.sha256(content).hexdigest() == listed[path]["sha256"], path
        assert len(content) == listed[path]["size"]
    assert manifest["generated_at"] == operator.clock.now().isoformat()
    assert manifest["rempart_version"]
    assert manifest["complete"] is True
    # released 2026-11-01, 96 months of support: ten years after placing on the market is later
    assert manifest["retention"]["until"] == "2036-11-01"
    assert manifest["retention"]["citations"] == ["ART13-13", "ART13-13-DOC"]
    for needed in (
        "sbom/merged.cdx.json",
        "sbom/merged.spdx.json",
        "risk-assessment/risks.csv",
        "annex-i/assessment.json",
        "tests/security-records.json",
        "declaration/declaration-en.pdf",
        "declaration/declaration-de.html",
        "user-information/user-information-de.pdf",
        "vulnerability-handling/cvd-policy.md",
        "technical-documentation-en.pdf",
    ):
        assert needed in files, needed


def test_two_exports_of_unchanged_data_differ_only_in_the_generation_time(operator, product):
    first, _ = technical_file.export_bundle(operator, product)
    later = replace(operator, clock=FixedClock(operator.clock.now() + timedelta(hours=3)))
    second, _ = technical_file.export_bundle(later, product)
    assert first != second
    a, b = members(first), members(second)
    assert a.keys() == b.keys()
    assert {n for n in a if a[n] != b[n]} == {"manifest.json"}
    ma, mb = json.loads(a["manifest.json"]), json.loads(b["manifest.json"])
    assert ma.pop("generated_at") != mb.pop("generated_at")
    assert ma == mb
    # Rebuilt with the first time, the second export is the first, byte for byte.
    again, _ = technical_file.export_bundle(operator, product)
    assert again == first


def test_every_annex_vii_item_is_in_the_technical_documentation(operator, product) -> None:
    files = members(technical_file.export_bundle(operator, product)[0])
    expected = [p.id for _, p in operator.catalog.requirements(DocumentKind.TECHNICAL_FILE.group)]
    for language in ("en", "de"):
        data = json.loads(files[f"technical-documentation-{language}.json"])
        assert [s["id"] for s in data["sections"]] == expected
        html = files[f"technical-documentation-{language}.html"].decode()
        for item in expected:
            assert f'id="{item}"' in html
    sections = {
        s["id"]: s for s in json.loads(files["technical-documentation-en.json"])["sections"]
    }
    assert "sbom/merged.cdx.json" in sections["AVII-2b"]["files"]
    assert "risk-assessment/risks.csv" in sections["AVII-3"]["files"]
    assert "declaration/declaration-en.pdf" in sections["AVII-7"]["files"]


@pytest.mark.parametrize(
    "kind",
    [DocumentKind.DECLARATION, DocumentKind.SIMPLIFIED_DECLARATION, DocumentKind.USER_INFORMATION],
)
def test_every_catalog_item_is_in_the_rendered_document(operator, product, kind) -> None:
    data, _, _ = generation.export(operator, product, kind, "html", language="en")
    html = data.decode()
    for _, provision in operator.catalog.requirements(kind.group):
        assert f'id="{provision.id}"' in html
        assert provision.ref in html


def test_pdf_first_page_renders_with_the_product_data(operator, product) -> None:
    data, media, _ = generation.export(
        operator, product, DocumentKind.DECLARATION, "pdf", language="de"
    )
    assert media == "application/pdf"
    pdf = pdfium.PdfDocument(data)
    page = pdf[0]
    image = page.render(scale=1).to_pil()
    assert image.size[0] > 500
    assert image.getextrema() != ((255, 255),) * 3
    text = page.get_textpage().get_text_range()
    for expected in (
        "EU-Konformitätserklärung",
        "Nimbus Router",
        "NR-1800",
        "1.8.2",
        "Test Manufacturer SE",
        "München",
    ):
        assert expected in text, expected
    files = members(technical_file.export_bundle(operator, product)[0])
    techfile = pdfium.PdfDocument(files["technical-documentation-en.pdf"])
    first = techfile[0].get_textpage().get_text_range()
    assert "Technical documentation" in first
    assert "Nimbus Router" in first
    assert "2036" in first  # the retention date


def test_an_incomplete_file_is_exported_as_a_draft_but_refused_as_final(operator, product):
    records.save_record(operator, product, ["en", "de"], {"production_monitoring": None})
    data, _ = technical_file.export_bundle(operator, product)
    manifest = json.loads(members(data)["manifest.json"])
    assert manifest["complete"] is False
    with pytest.raises(InvalidInput) as refused:
        technical_file.export_bundle(operator, product, final=True)
    assert [p.field for p in refused.value.problems] == ["AVII-2c production_monitoring.en"]
    events = [e for e in audit.list_events(operator, 50) if e.action == "technical_file.export"]
    assert len(events) == 1
    assert events[0].data["complete"] is False
