"""Lenient by default, strict on request: value-format violations are imported and reported,
structural faults are refused with their location, ``strict`` refuses everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from rempart.core.sbom_quality import assess_sbom
from rempart.formats import errors
from rempart.formats.sbom import parse_sbom
from rempart.formats.schemas import structural_schema

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "sbom"


def asset(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "locations", "kept"),
    [
        (
            "git-ssh-urls.cdx.json",
            [
                "/metadata/timestamp",
                "/components/0/externalReferences/0/url",
                "/components/1/externalReferences/0/url",
                "/components/2/externalReferences/0/url",
            ],
            "git@github.com:org/helper-string-parser.git",
        ),
        (
            "git-ssh-urls.cdx.xml",
            ["line 4, column 1", "line 12, column 1"],
            "git@github.com:psf/requests.git",
        ),
        ("duplicate-identical.cdx.json", ["/components"], None),
        ("schema-violation.cdx.xml", ["line 4, column 1"], None),
        ("unknown-purpose.spdx3.json", ["/@graph"], None),
    ],
)
def test_value_format_violations_are_imported_and_located(
    name: str, locations: list[str], kept: str | None
) -> None:
    document = parse_sbom(asset(name))
    assert [p.field for p in document.schema_violations] == locations
    # each violation is a warning of the import and a located quality defect
    for problem in document.schema_violations:
        assert str(problem) in document.warnings
    defects = [d for d in assess_sbom(document).defects if d.rule_id == "SBOM-SCHEMA"]
    assert [d.field for d in defects] == locations
    if kept is not None:  # the offending value is kept as written
        urls = {url for c in document.components for _kind, url in c.external_references}
        assert kept in urls
    with pytest.raises(errors.SchemaViolation) as caught:
        parse_sbom(asset(name), strict=True)
    assert caught.value.location == locations[0]
    assert "strict mode" in caught.value.message


def test_unknown_enum_keeps_the_component_type_as_text() -> None:
    document = parse_sbom(asset("schema-violation.cdx.xml"))
    assert [c.type for c in document.components] == ["gadget"]
    assert "gadget" in document.schema_violations[0].message


@pytest.mark.parametrize(
    ("name", "location", "words"),
    [
        ("schema-violation.cdx.json", "/components/0", "name"),
        ("bad-version-number.cdx.xml", "line 2, column 1", "xs:positiveInteger"),
        ("number-version.spdx3.json", "/@graph/30/software_packageVersion", "expected str"),
    ],
)
def test_structural_faults_are_refused_even_leniently(name: str, location: str, words: str) -> None:
    with pytest.raises(errors.SchemaViolation) as caught:
        parse_sbom(asset(name))
    assert caught.value.location == location
    assert words in caught.value.diagnostics()
    assert "structural fault" in caught.value.message


def test_wrong_json_type_is_structural() -> None:
    data = asset("minimal.cdx.json").replace(b'"version": "1.0.0"', b'"version": ["1.0.0"]', 1)
    with pytest.raises(errors.SchemaViolation) as caught:
        parse_sbom(data)
    assert "structural fault" in caught.value.message


def test_structural_schema_strips_value_keywords_only_in_keyword_positions() -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["format"],
        "properties": {
            "format": {"type": "string", "enum": ["a"]},
            "url": {"type": "string", "format": "iri-reference", "pattern": "^x"},
        },
    }
    assert structural_schema(schema) == {
        "type": "object",
        "required": ["format"],
        "properties": {"format": {"type": "string"}, "url": {"type": "string"}},
    }


def test_cyclonedx_1_1_refusal_says_what_is_supported_and_how_to_convert() -> None:
    data = asset("minimal.cdx.xml").replace(b"bom/1.6", b"bom/1.1")
    with pytest.raises(errors.UnsupportedVersion) as caught:
        parse_sbom(data)
    message = caught.value.message
    assert "1.2–1.7" in message
    assert "cyclonedx convert" in message
    assert "--output-version v1_6" in message


CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
PACKAGE = {"spdxId": "urn:p", "type": "software_Package", "name": "p"}


@pytest.mark.parametrize(
    "graph",
    [
        5,
        [5],
        [{"type": 5}],
        [PACKAGE, {"spdxId": "urn:d", "type": "SpdxDocument", "rootElement": 5, "import": 5}],
        [PACKAGE, {"spdxId": "urn:d", "type": "SpdxDocument", "creationInfo": {"createdBy": 5}}],
        [{**PACKAGE, "description": 5, "externalIdentifier": [5, {"identifier": 7}]}],
        [
            PACKAGE,
            {"type": "Relationship", "from": "urn:p", "to": "urn:q", "relationshipType": "x"},
        ],
        [{**PACKAGE, "software_packageVersion": {"a": 1}}],
        [{**PACKAGE, "suppliedBy": {"type": "Organization", "name": 5}}],
    ],
)
def test_hostile_spdx3_shapes_import_or_are_refused_with_a_location(graph: object) -> None:
    import json

    data = json.dumps({"@context": CONTEXT, "@graph": graph}).encode()
    refusal: errors.LocatedFormatError | None = None
    try:
        document = parse_sbom(data)
    except errors.LocatedFormatError as error:
        refusal = error
    if refusal is not None:
        assert refusal.location
    else:
        assert all(isinstance(c.name, str) for c in document.components)
