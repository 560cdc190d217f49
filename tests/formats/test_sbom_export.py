"""The writers: schema-valid (official schemas), deterministic, and round-tripping."""

from __future__ import annotations

import json
import warnings
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from cyclonedx.model.bom import Bom
from cyclonedx.schema import SchemaVersion
from cyclonedx.schema._res import BOM_JSON, JSF, SPDX_JSON  # the library's shipped schemas
from spdx_tools.spdx.parser.jsonlikedict import json_like_dict_parser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from rempart.core.component import Component, SbomDocument
from rempart.core.sbom_merge import SbomPart, merge_sboms
from rempart.formats.sbom import parse_sbom
from rempart.formats.sbom_export import write_cyclonedx_json, write_spdx_json
from tests.formats.sbom_corpus import SBOM_DIR, ours

JsonLikeDictParser: Any = json_like_dict_parser.JsonLikeDictParser
ASSETS = Path(__file__).resolve().parents[1] / "assets" / "sbom"
CREATED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ROUND_TRIP = [
    "cyclonedx/CycloneDX-bom-examples/SBOM/laravel-7.12.0/bom.1.2.xml",
    "cyclonedx/CycloneDX-bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom.json",
    "cyclonedx/CycloneDX-cyclonedx-gomod/examples/app_minikube-v1.23.1_with-packages.bom.json",
    "cyclonedx/CycloneDX-cyclonedx-node-npm/juice-shop-14.1.1/bare/bom.1.6.json",
    "cyclonedx/aquasecurity-trivy/fluentd-multiple-lockfiles.cdx-1.7.json",
    "cyclonedx/guacsec-guac-data/syft-cyclonedx-docker.io-library-alpine.latest.json",
    "cyclonedx/interlynk-io-sbomqs/stm32cubeh7-1.12.1.cdx.json",
    "generated/pip-set-a/legacy-web-portal.cdx.xml",
    "spdx/chainguard-dev-bom-shelter/spdx-trivy-atlassian_confluence.spdx.json",
    "spdx/interlynk-io-sbomqs/sbomqs.spdx2.3.json",
    "spdx/spdx-spdx-examples/software/example6/spdx2.2/example6-lib.spdx",
    "spdx/spdx-spdx-examples/software/example9/spdx2.2/appbomination.spdx.json",
]


def _retrieve(uri: str) -> Any:
    name = uri.rsplit("/", 1)[-1]
    for path in (SPDX_JSON, JSF):
        if Path(path).name == name:
            return json.loads(Path(path).read_bytes())
    raise ValueError(uri)


CDX_16 = jsonschema_rs.validator_for(
    json.loads(Path(str(BOM_JSON[SchemaVersion.V1_6])).read_bytes()),
    retriever=_retrieve,
    validate_formats=True,
)


def _component_view(document: SbomDocument) -> list[tuple[Any, ...]]:
    everything = [*document.components, *([document.root] if document.root else [])]
    return sorted(
        (c.bom_ref, c.name, c.version, c.purl, c.cpe, c.licenses, c.type, frozenset(c.hashes))
        for c in everything
    )


def _edges(document: SbomDocument) -> set[tuple[str, str, str]]:
    return {(e.ref, e.depends_on, e.kind.value) for e in document.dependencies}


@pytest.mark.parametrize("relative", ROUND_TRIP)
def test_cyclonedx_round_trip(relative: str, shared_data: Path) -> None:
    original = ours(relative)
    assert isinstance(original, SbomDocument)
    written = write_cyclonedx_json(original, created=CREATED)
    errors = [
        f"{'/'.join(map(str, e.instance_path))}: {e.message}"
        for e in CDX_16.iter_errors(json.loads(written))
    ]
    assert errors == []
    again = parse_sbom(written)
    assert _component_view(again) == _component_view(original)
    assert _edges(again) == _edges(original)
    assert again.dependencies_stated == original.dependencies_stated
    assert written == write_cyclonedx_json(original, created=CREATED)  # deterministic


@pytest.mark.parametrize("relative", ROUND_TRIP)
def test_spdx_round_trip(relative: str, shared_data: Path) -> None:
    original = ours(relative)
    assert isinstance(original, SbomDocument)
    written = write_spdx_json(original, created=CREATED)
    again = parse_sbom(written)
    by_name = sorted(
        (c.name, c.version, c.purl, c.cpe, c.licenses, frozenset(c.hashes) & _spdx_hashes(c))
        for c in [*original.components, *([original.root] if original.root else [])]
    )
    by_name_again = sorted(
        (c.name, c.version, c.purl, c.cpe, c.licenses, frozenset(c.hashes))
        for c in [*again.components, *([again.root] if again.root else [])]
    )
    assert by_name_again == by_name
    # SPDXIDs are rewritten on export: compare edges by what their endpoints are
    assert _edge_triples(again) == _edge_triples(original)
    assert written == write_spdx_json(original, created=CREATED)


def _edge_triples(document: SbomDocument) -> Counter[tuple[Any, ...]]:
    everything = (*document.components, *([document.root] if document.root else []))
    what = {c.bom_ref: (c.name, c.version, c.purl) for c in everything}
    return Counter((what[e.ref], what[e.depends_on], e.kind.value) for e in document.dependencies)


def _spdx_hashes(component: Component) -> frozenset[Any]:
    return frozenset(component.hashes)


def test_written_spdx_passes_spdx_tools_validation(shared_data: Path) -> None:
    for relative in ROUND_TRIP[-3:]:
        original = ours(relative)
        assert isinstance(original, SbomDocument)
        data = json.loads(write_spdx_json(original, created=CREATED))
        document = JsonLikeDictParser().parse(data)
        messages = [m.validation_message for m in validate_full_spdx_document(document)]
        assert messages == [], relative


def test_written_cyclonedx_is_read_by_the_official_library() -> None:
    original = parse_sbom((ASSETS / "minimal.cdx.xml").read_bytes())
    data = json.loads(write_cyclonedx_json(original, created=CREATED))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bom = Bom.from_json(data)  # type: ignore[attr-defined]
    assert bom.metadata.component.name == "app"
    assert {c.name for c in bom.components} == {"requests"}
    assert {c.name for c in next(iter(bom.components)).components} == {"chardet"}


def test_snapshot_of_minimal_export() -> None:
    """Schema-valid first (above), then byte-for-byte against a reviewed snapshot."""
    original = parse_sbom((ASSETS / "minimal.cdx.xml").read_bytes())
    written = write_cyclonedx_json(original, created=CREATED)
    assert written == (ASSETS / "minimal.export.cdx.json").read_bytes()
    assert (
        write_spdx_json(original, created=CREATED)
        == (ASSETS / "minimal.export.spdx.json").read_bytes()
    )


def test_merged_release_exports_and_round_trips(shared_data: Path) -> None:
    app = ours("generated/pip-set-a/legacy-web-portal.cdx.json")
    firmware = ours(
        "cyclonedx/guacsec-guac-data/syft-cyclonedx-docker.io-library-alpine.latest.json"
    )
    assert isinstance(app, SbomDocument)
    assert isinstance(firmware, SbomDocument)
    release = Component(bom_ref="release", name="gateway", version="2.0", type="device")
    merged = merge_sboms([SbomPart("app", app), SbomPart("firmware", firmware)], root=release)
    document = merged.as_document()
    written = write_cyclonedx_json(document, created=CREATED)
    assert list(CDX_16.iter_errors(json.loads(written))) == []
    again = parse_sbom(written)
    assert _component_view(again) == _component_view(document)
    assert _edges(again) == _edges(document)
    every_ref = [c["bom-ref"] for c in _walk(json.loads(written)["components"])]
    assert all(every_ref)
    assert len(every_ref) == len(set(every_ref))


def _walk(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for component in components:
        found.append(component)
        found.extend(_walk(component.get("components", [])))
    return found


def test_naive_datetime_is_refused() -> None:
    original = parse_sbom((ASSETS / "minimal.cdx.json").read_bytes())
    with pytest.raises(ValueError, match="timezone"):
        write_cyclonedx_json(original, created=datetime(2026, 1, 1))  # noqa: DTZ001


def test_shared_data_root_is_where_the_corpus_helper_looks(shared_data: Path) -> None:
    assert shared_data / "sboms" == SBOM_DIR
