"""Importing SBOMs into releases: stored exactly, merged, diffed, exported; bad input stores nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from rempart.core.errors import Conflict, FormatError, NotFound
from rempart.core.register import ProductDraft
from rempart.core.sbom_diff import ChangeKind
from rempart.formats.sbom import parse_sbom
from rempart.services.accounts import audit
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.store.models import AuditEvent, Component, DependencyEdge, Sbom

JUICE = "sboms/cyclonedx/CycloneDX-bom-examples/SBOM/juice-shop/v11.1.2/bom.json"
MINIKUBE = "sboms/cyclonedx/CycloneDX-cyclonedx-gomod/examples/app_minikube-v1.23.1.bom.json"


@pytest.fixture
def product(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Shop",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    for version, day in (("1.0", date(2026, 1, 1)), ("2.0", date(2026, 6, 1))):
        products.add_release(operator, "shop", ReleaseDraft(version, day))
    return "shop"


def test_import_stores_bytes_components_and_edges(product, operator, shared_data: Path) -> None:
    data = (shared_data / JUICE).read_bytes()
    stored = sboms.import_sbom(operator, product, "1.0", data, filename="bom.json")
    expected = parse_sbom(data)
    assert stored.component_count == len(expected.components) == Component.objects.count()
    assert DependencyEdge.objects.count() == len(expected.dependencies)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    view, original = sboms.original_bytes(operator, stored.id)
    assert original == data
    assert view.label == "bom.json"
    event = AuditEvent.objects.get(action="sbom.import")
    assert event.data["sha256"] == stored.sha256
    express = Component.objects.get(name="express")
    assert express.purl.startswith("pkg:npm/express@")
    assert express.ecosystem == "npm"
    assert express.package == "express"


def test_bad_documents_store_nothing(product, operator) -> None:
    events = AuditEvent.objects.count()
    for data in (
        b'{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [',
        b"PK\x03\x04zipzip",
        b"",
    ):
        with pytest.raises(FormatError):
            sboms.import_sbom(operator, product, "1.0", data)
    assert Sbom.objects.count() == 0
    assert Component.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_upload_limit_is_configurable(product, operator, shared_data: Path) -> None:
    limited = replace(operator, settings=replace(operator.settings, upload_max_bytes=1000))
    with pytest.raises(FormatError, match="limit is 1,000 bytes"):
        sboms.import_sbom(limited, product, "1.0", (shared_data / JUICE).read_bytes())
    assert Sbom.objects.count() == 0


def test_duplicate_label_and_unknown_release(product, operator, shared_data: Path) -> None:
    data = (shared_data / MINIKUBE).read_bytes()
    sboms.import_sbom(operator, product, "1.0", data, label="app")
    with pytest.raises(Conflict):
        sboms.import_sbom(operator, product, "1.0", data, label="app")
    with pytest.raises(NotFound):
        sboms.import_sbom(operator, product, "9.9", data, label="app")
    created = sboms.import_sbom(operator, product, "3.0", data, label="app", create_release=True)
    assert created.release_version == "3.0"


def test_two_sboms_merge_and_remove(product, operator, shared_data: Path) -> None:
    first = sboms.import_sbom(
        operator, product, "1.0", (shared_data / MINIKUBE).read_bytes(), label="app"
    )
    sboms.import_sbom(operator, product, "1.0", (shared_data / JUICE).read_bytes(), label="web")
    merged = sboms.merged_release(operator, product, "1.0")
    # Each document's own root (the app, the web shop) becomes a component of the release.
    assert len(merged.components) == first.component_count + 840 + 2
    sboms.remove_sbom(operator, first.id)
    assert Sbom.objects.count() == 1
    assert len(sboms.merged_release(operator, product, "1.0").components) == 840 + 1
    assert audit.verify_audit_trail(operator).intact


def test_diff_between_releases(product, operator, shared_data: Path) -> None:
    base = shared_data / "sboms/cyclonedx/CycloneDX-bom-examples/SBOM/proton-bridge"
    sboms.import_sbom(
        operator, product, "1.0", (base / "proton-bridge-v1.6.3.bom.json").read_bytes()
    )
    sboms.import_sbom(
        operator, product, "2.0", (base / "proton-bridge-v1.8.0.bom.json").read_bytes()
    )
    diff = sboms.diff_releases(operator, product, "1.0", "2.0")
    kinds = {change.kind for change in diff.changes}
    assert ChangeKind.UPGRADED in kinds or ChangeKind.ADDED in kinds
    upgraded = diff.of(ChangeKind.UPGRADED)
    assert all(c.old and c.new and c.old.version != c.new.version for c in upgraded)


def test_export_round_trip(product, operator, shared_data: Path) -> None:
    sboms.import_sbom(operator, product, "1.0", (shared_data / MINIKUBE).read_bytes(), label="app")
    exported = sboms.export_release(operator, product, "1.0", "cyclonedx")
    document = json.loads(exported)
    assert document["specVersion"] == "1.6"
    reparsed = parse_sbom(exported)
    original = sboms.merged_release(operator, product, "1.0")
    assert {c.purl for c in reparsed.components} == {c.purl for c in original.components}
    spdx = parse_sbom(sboms.export_release(operator, product, "1.0", "spdx"))
    assert {c.purl for c in spdx.components} >= {c.purl for c in original.components if c.purl}


def test_component_page_search_and_sort(product, operator, shared_data: Path) -> None:
    sboms.import_sbom(operator, product, "1.0", (shared_data / JUICE).read_bytes())
    total, rows = sboms.component_page(
        operator, product, "1.0", search="express", sort="-name", per_page=5
    )
    assert total >= 1
    assert all("express" in (c.name + (c.purl or "")).lower() for _, _, c, _ in rows)
    total_all, first_page = sboms.component_page(operator, product, "1.0", per_page=10)
    assert total_all == 840
    assert len(first_page) == 10
    assert [c.name for _, _, c, _ in first_page] == sorted(c.name for _, _, c, _ in first_page)


def test_round_trip_through_cyclonedx_16_keeps_components_and_edges(
    product, operator, shared_data: Path
) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    sboms.import_sbom(operator, product, "1.0", (shared_data / MINIKUBE).read_bytes(), label="app")
    exported = sboms.export_release(operator, product, "1.0", "cyclonedx")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(exported.decode()) is None
    sboms.import_sbom(operator, product, "2.0", exported, label="round-trip")
    before = sboms.merged_release(operator, product, "1.0")
    after_ids = repo_components(operator, product, "2.0")
    assert {(c.name, c.version, c.purl) for c in before.components} == {
        (c.name, c.version, c.purl) for c in after_ids[0]
    }
    assert {
        (e.ref, e.depends_on) for e in before.dependencies if e.ref != before.root.bom_ref
    } <= after_ids[1]  # type: ignore[union-attr]


def repo_components(operator, product: str, version: str):  # type: ignore[no-untyped-def]
    from rempart.store.repositories import sbom_components as component_repo
    from rempart.store.repositories import sboms as repo

    (sbom_id,) = repo.sbom_ids(repo.release_id(product, version))  # type: ignore[arg-type]
    document = component_repo.document(sbom_id)
    return document.components, {(e.ref, e.depends_on) for e in document.dependencies}
