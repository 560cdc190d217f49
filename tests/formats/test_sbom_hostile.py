"""Bad input gives a located FormatError, or a located warning where the data is usable."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rempart.core.component import DependencyKind, Encoding, SbomFormat
from rempart.formats import errors
from rempart.formats.limits import check_size, parse_json, read_capped
from rempart.formats.sbom import parse_sbom

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "sbom"


def asset(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "error", "location", "words"),
    [
        ("truncated.cdx.json", errors.MalformedDocument, "line 29, column 3", "truncated"),
        ("wrong-spec-version.cdx.json", errors.UnsupportedVersion, "/specVersion", "'2.0'"),
        (
            "duplicate-bom-refs.cdx.json",
            errors.InconsistentDocument,
            "/components/1/bom-ref",
            "'dup'",
        ),
        ("schema-violation.cdx.json", errors.SchemaViolation, "/components/0", "name"),
        ("billion-laughs.cdx.xml", errors.UnsafeXml, "(document)", "DTD"),
        ("xxe.cdx.xml", errors.UnsafeXml, "(document)", "external references"),
        ("sbom.zip", errors.UnrecognizedFormat, "byte 0", "ZIP archive"),
        ("sbom.json.gz", errors.UnrecognizedFormat, "byte 0", "gzip"),
        ("not-an-sbom.json", errors.UnrecognizedFormat, "/", "neither CycloneDX"),
        ("wrong-version.spdx.json", errors.UnsupportedVersion, "/spdxVersion", "SPDX-2.1"),
        ("bad-licence.spdx", errors.MalformedDocument, "line 13", "MIT ANDD Apache-2.0"),
    ],
)
def test_refused_with_problem_and_location(
    name: str, error: type[errors.LocatedFormatError], location: str, words: str
) -> None:
    with pytest.raises(error) as caught:
        parse_sbom(asset(name))
    assert caught.value.location == location
    assert words in caught.value.diagnostics()
    assert caught.value.problems[0].field == location


def test_billion_laughs_is_refused_before_expansion() -> None:
    # the document would expand to 10^9 "lol"s; refusal must be immediate and cheap
    with pytest.raises(errors.UnsafeXml):
        parse_sbom(asset("billion-laughs.cdx.xml"), max_bytes=4096)


def test_dangling_dependencies_are_located_warnings() -> None:
    document = parse_sbom(asset("dangling-dependencies.cdx.json"))
    assert [(e.ref, e.depends_on) for e in document.dependencies] == [("app", "lib-a")]
    fields = [problem.field for problem in document.problems]
    assert fields == ["/dependencies/0/dependsOn/1", "/dependencies/1/ref"]
    assert "'ghost'" in document.warnings[0]
    assert "'phantom'" in document.warnings[1]


def test_invalid_purls_and_cpes_are_dropped_with_located_warnings() -> None:
    document = parse_sbom(asset("invalid-purls.cdx.json"))
    purls = {c.bom_ref: c.purl for c in document.components}
    assert purls == {"a": None, "b": None, "c": "pkg:pypi/django-rest-framework@3.14.0", "d": None}
    assert next(c for c in document.components if c.bom_ref == "d").cpe is None
    assert [p.field for p in document.problems] == [
        "/components/0/purl",
        "/components/1/purl",
        "/components/3/cpe",
    ]


def test_too_large_is_refused_before_parsing() -> None:
    big = b"{" + b" " * (200 * 1024 * 1024)  # 200 MB; never valid JSON, never parsed
    with pytest.raises(errors.InputTooLarge) as caught:
        parse_sbom(big)
    assert "limit" in caught.value.message
    del big


class _EndlessStream(io.RawIOBase):
    """An upload that never ends; counts what was read."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        buffer[:size] = b"x" * size
        self.served += size
        return size


def test_streamed_upload_stops_at_the_cap() -> None:
    stream = _EndlessStream()
    with pytest.raises(errors.InputTooLarge) as caught:
        read_capped(io.BufferedReader(stream), max_bytes=5 * 1024 * 1024)
    assert caught.value.location == "byte 5,242,881"
    assert stream.served <= 5 * 1024 * 1024 + 2 * 1024 * 1024  # cap + one buffered chunk


def test_read_capped_returns_small_input_whole() -> None:
    assert read_capped(io.BytesIO(b"abc"), max_bytes=3) == b"abc"
    check_size(b"abc", 3)


def test_absurd_json_nesting_is_refused() -> None:
    with pytest.raises(errors.InputTooLarge):
        parse_json(b"[" * 200_000 + b"]" * 200_000)


def test_deep_component_nesting_is_refused() -> None:
    component: dict[str, object] = {"type": "library", "name": "leaf"}
    for level in range(70):
        component = {"type": "library", "name": f"n{level}", "components": [component]}
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [component]}
    with pytest.raises(errors.InputTooLarge) as caught:
        parse_sbom(json.dumps(bom).encode())
    assert caught.value.location.startswith("/components/0/components/0/")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x00\x01binary", "binary"),
        (b"hello world", "not JSON, XML or SPDX tag-value"),
        (b"[1, 2]", "list"),
        (b'{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}', "SPDX 3"),
        (b"<html><body/></html>", "not a CycloneDX"),
        (b'{"bomFormat": "SWID"}', "expected 'CycloneDX'"),
        ('{"bomFormat": "CycloneDX", "x": "\udcff"}'.encode("utf-8", "surrogatepass"), "UTF-8"),
        (b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "x": "\\ud800"}', "surrogate"),
    ],
)
def test_garbage_is_refused_clearly(data: bytes, words: str) -> None:
    with pytest.raises(errors.LocatedFormatError) as caught:
        parse_sbom(data)
    assert words in caught.value.diagnostics()
    assert caught.value.location


def test_minimal_xml_flattens_nested_components() -> None:
    document = parse_sbom(asset("minimal.cdx.xml"))
    assert document.encoding is Encoding.XML
    assert [c.bom_ref for c in document.components] == ["lib-a", "lib-a-vendored"]
    edges = {(e.ref, e.depends_on, e.kind) for e in document.dependencies}
    assert ("lib-a", "lib-a-vendored", DependencyKind.CONTAINS) in edges
    assert ("app", "lib-a", DependencyKind.DEPENDS_ON) in edges
    assert document.dependencies_stated == {"app", "lib-a"}
    lib = document.components[0]
    assert lib.licenses == "Apache-2.0"
    assert lib.hashes[0].algorithm == "SHA-256"


def test_spdx_relationship_directions() -> None:
    document = parse_sbom(asset("relationships.spdx.json"))
    assert document.format is SbomFormat.SPDX
    assert document.root is not None
    assert document.root.bom_ref == "SPDXRef-app"
    edges = {(e.ref, e.depends_on, e.kind) for e in document.dependencies}
    assert edges == {
        ("SPDXRef-app", "SPDXRef-lib", DependencyKind.CONTAINS),
        ("SPDXRef-lib", "SPDXRef-dep", DependencyKind.DEPENDS_ON),  # dep DEPENDENCY_OF lib
    }
    assert "SPDXRef-dep" in document.dependencies_stated  # DEPENDS_ON NONE
    assert document.problems[0].field == "/relationships/4"
    lib = next(c for c in document.components if c.bom_ref == "SPDXRef-lib")
    assert lib.hashes[0].algorithm == "SHA-512"
    assert lib.hashes[0].value == "a" * 128
    assert lib.external_references == (("distribution", "https://zlib.net/zlib-1.3.tar.gz"),)
    assert document.root.supplier == "ACME"
    assert document.root.supplier_contact == "security@acme.example"
    assert document.root.type == "application"


def test_embedded_vulnerabilities_are_counted() -> None:
    assert parse_sbom(asset("vulnerabilities.cdx.json")).vulnerability_count == 1
