"""The hostile corpus (tests/assets/hostile/sbom) and the per-SBOM limits: located FormatErrors only."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from rempart.core.errors import FormatError
from rempart.formats import errors
from rempart.formats.limits import MAX_COMPONENTS, MAX_EDGES, parse_json
from rempart.formats.sbom import parse_sbom
from rempart.formats.text_rules import InvalidText

HOSTILE = Path(__file__).resolve().parents[1] / "assets" / "hostile" / "sbom"
CORPUS = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")

EXPECTED: dict[str, tuple[type[errors.LocatedFormatError], str, str]] = {
    "huge-integer.cdx.json": (errors.MalformedDocument, "line 4, column 13", "4,300 digits"),
    "deep-nesting.cdx.xml": (errors.InputTooLarge, "/bom/components", "nest deeper"),
    "unknown-encoding.cdx.xml": (errors.MalformedDocument, "line 1", "must be UTF-8"),
    "packages-number.spdx.json": (errors.SchemaViolation, "/packages", "expected array"),
    "relationships-true.spdx.json": (errors.SchemaViolation, "/relationships", "got boolean"),
    "creators-number.spdx.json": (errors.SchemaViolation, "/creationInfo/creators", "array"),
    "checksum-number.spdx.json": (errors.SchemaViolation, "/packages/0/checksums/0", "object"),
    "version-number.spdx.json": (errors.SchemaViolation, "/packages/0/versionInfo", "string"),
    "vulnerabilities-true.cdx.json": (errors.SchemaViolation, "/vulnerabilities", "array"),
    "relationship-without-value.spdx": (errors.MalformedDocument, "line 12", "tag-value"),
    "duplicate-keys.cdx.json": (errors.MalformedDocument, "/components/0", "'name' appears twice"),
    "nul-in-name.cdx.json": (InvalidText, "/components/0/name", "NUL"),
    "nul-in-property.cdx.json": (InvalidText, "/components/0/properties/0/value", "NUL"),
    "nul-in-name.spdx": (InvalidText, "line 1510", "NUL"),
    "name-too-long.cdx.json": (InvalidText, "/components/0/name", "limit is 1,000"),
    "name-too-long.cdx.xml": (InvalidText, "/components/0/name", "limit is 1,000"),
    "name-too-long.spdx.json": (InvalidText, "/packages/0/name", "limit is 1,000"),
    "purl-too-long.cdx.json": (InvalidText, "/components/0/purl", "limit is 2,000"),
    "ecosystem-too-long.cdx.json": (InvalidText, "/components/0/purl (ecosystem)", "limit is 100"),
}


def test_every_hostile_file_has_an_expectation() -> None:
    assert sorted(EXPECTED) == CORPUS


@pytest.mark.parametrize("name", CORPUS)
def test_hostile_file_is_refused_with_a_located_format_error(name: str) -> None:
    error, location, words = EXPECTED[name]
    with pytest.raises(FormatError) as caught:
        parse_sbom((HOSTILE / name).read_bytes())
    assert type(caught.value) is error
    assert caught.value.location == location
    assert words in caught.value.diagnostics()


def _cyclonedx(components: int, edges_per_component: int) -> bytes:
    refs = [f"c{i}" for i in range(components)]
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "components": [{"type": "library", "name": ref, "bom-ref": ref} for ref in refs],
        "dependencies": [{"ref": ref, "dependsOn": refs[:edges_per_component]} for ref in refs],
    }
    return json.dumps(bom).encode()


def test_names_and_purls_at_their_limit_are_read_unchanged() -> None:
    name, purl = "n" * 1000, "pkg:npm/" + "a" * 1000 + "@1.0?foo=" + "b" * 983
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "components": [{"type": "library", "name": name, "purl": purl, "bom-ref": "x"}],
    }
    (component,) = parse_sbom(json.dumps(bom).encode()).components
    assert (component.name, component.purl) == (name, purl)
    assert len(purl) == 2000


def test_too_many_components_are_refused_before_mapping() -> None:
    with pytest.raises(errors.InputTooLarge) as caught:
        parse_sbom(_cyclonedx(MAX_COMPONENTS + 1, 0))
    assert caught.value.location == "/components"
    assert f"{MAX_COMPONENTS + 1:,} components" in caught.value.message


def test_too_many_edges_are_refused_early_and_cheaply() -> None:
    data = _cyclonedx(1001, MAX_EDGES // 1000 + 1)  # 1001 x 501 edges
    tracemalloc.start()
    try:
        with pytest.raises(errors.InputTooLarge) as caught:
            parse_sbom(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.location == "/dependencies"
    assert "dependency edges" in caught.value.message
    # refused after decoding, before schema validation and mapping: the decoded JSON
    # (~30 bytes per short string) is what it costs, not the graph
    assert peak < 40 * len(data)


def test_edge_limit_in_spdx_xml_and_tag_value() -> None:
    relation = {"spdxElementId": "A", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "B"}
    spdx = {
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "creationInfo": {},
        "relationships": [relation] * (MAX_EDGES + 1),
    }
    with pytest.raises(errors.InputTooLarge, match="dependency edges"):
        parse_sbom(json.dumps(spdx).encode())
    xml = (
        b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><dependencies><dependency ref="a">'
        + b'<dependency ref="b"/>' * (MAX_EDGES + 1)
        + b"</dependency></dependencies></bom>"
    )
    with pytest.raises(errors.InputTooLarge) as caught:
        parse_sbom(xml)
    assert caught.value.location == "/bom/dependencies"
    tag_value = b"SPDXVersion: SPDX-2.3\n" + b"Relationship: A DEPENDS_ON B\n" * (MAX_EDGES + 1)
    with pytest.raises(errors.InputTooLarge) as caught:
        parse_sbom(tag_value)
    assert caught.value.location == "Relationship"


def test_edge_limit_in_spdx3_before_the_model_check() -> None:
    relation = {
        "type": "Relationship",
        "spdxId": "urn:r",
        "from": "urn:a",
        "relationshipType": "dependsOn",
        "to": ["urn:b"] * (MAX_EDGES + 1),
    }
    document = {"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [relation]}
    with pytest.raises(errors.InputTooLarge) as caught:
        parse_sbom(json.dumps(document).encode())
    assert caught.value.location == "/@graph"
    assert "dependency edges" in caught.value.message


@pytest.mark.parametrize(
    ("data", "location", "words"),
    [
        (b'{"a/b": [{"x": 1}, {"x": 1, "x": 2}]}', "/a~1b/1", "'x' appears twice"),
        (b'{"k": 1, "k": 2}', "/", "'k' appears twice"),
        # a syntax error after the repeated key is reported first: it must be fixed anyway
        (b'{"k": 1, "k": 2, }', "line 1, column 18", "invalid JSON"),
        (b"[1, " + b"9" * 4301 + b"]", "line 1, column 5", "4,300 digits"),
    ],
)
def test_parse_json_locates_duplicate_keys_and_huge_numbers(
    data: bytes, location: str, words: str
) -> None:
    with pytest.raises(errors.MalformedDocument) as caught:
        parse_json(data)
    assert caught.value.location == location
    assert words in caught.value.message
