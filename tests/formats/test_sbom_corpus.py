"""Every SBOM of the shared corpus: parsed with the right counts, or refused with a location;
and the fast path agrees with the official libraries on every (name, version, purl)."""

from __future__ import annotations

import json
import warnings
from collections import Counter
from pathlib import Path

import pytest
from cyclonedx.model.bom import Bom

from rempart.core.component import SbomDocument, SbomFormat
from rempart.formats.errors import LocatedFormatError, UnsupportedVersion
from tests.formats.sbom_corpus import SBOM_DIR, corpus, index, oracle, ours, plain_count, triples

FILES = corpus()

# Documents the official library cannot read, and why (checked, so a fixed library shows up).
# spdx-tools insists on "%Y-%m-%dT%H:%M:%SZ" (no fractions of a second) and on the
# downloadLocation / file checksums that SPDX 2.2 requires and trivy/syft omit.
LIBRARY_FAILURES = {
    "spdx/chainguard-dev-bom-shelter/spdx-trivy-atlassian_confluence.spdx.json": "does not match format",
    "spdx/chainguard-dev-bom-shelter/spdx-trivy-opensearchproject_opensearch-dashboards.spdx.json": (
        "does not match format"
    ),
    "spdx/guacsec-guac-data/syft-spdx-k8s.gcr.io-kube-apiserver.v1.25.1.json": "does not match format",
    "spdx/guacsec-guac-data/syft-spdx-k8s.gcr.io-kube-proxy.v1.24.1.json": "does not match format",
}


def _refused(relative: str) -> str | None:
    """Where we expect a refusal: CycloneDX 1.1 XML, an unsupported version."""
    _format, spec, _count = index()[relative]
    if spec == "1.1":
        return "/bom/@xmlns"
    return None


@pytest.fixture(autouse=True)
def _corpus_present(shared_data: Path) -> None:
    """Skip loudly (via the shared_data fixture) when the shared data is missing."""


def test_corpus_matches_its_index() -> None:
    assert len(FILES) == 120
    assert set(FILES) == set(index())


@pytest.mark.parametrize("relative", FILES)
def test_parsed_with_independent_counts_or_refused_with_location(relative: str) -> None:
    result = ours(relative)
    expected_location = _refused(relative)
    if expected_location is not None:
        assert isinstance(result, UnsupportedVersion)
        assert result.location == expected_location
        assert "not supported" in result.message
        return
    assert isinstance(result, SbomDocument), getattr(result, "message", result)
    listed, root_nested = plain_count(relative)
    indexed = index()[relative][2]
    if result.format is SbomFormat.CYCLONEDX:
        # INDEX counts components incl. nested ones, but not those nested in the root
        assert listed == indexed
        assert len(result.components) == indexed + root_nested
    elif result.spec_version.startswith("3."):
        # SPDX 3: INDEX counts software_Package elements; AI packages and data sets (its
        # subclasses) are components too
        assert listed >= indexed
        assert len(result.components) + (result.root is not None) == listed
    else:
        # SPDX: the package the document DESCRIBES is the root, kept apart from components
        assert listed == indexed
        assert len(result.components) + (result.root is not None) == indexed


@pytest.mark.parametrize("relative", FILES)
def test_fast_path_agrees_with_official_library(relative: str) -> None:
    result = ours(relative)
    if _refused(relative) is not None:
        return
    assert isinstance(result, SbomDocument)
    expected, refusal = oracle(relative)
    if refusal is None:
        assert relative not in LIBRARY_FAILURES, "the library reads it now: drop the exception"
    else:
        assert relative in LIBRARY_FAILURES, refusal
        assert LIBRARY_FAILURES[relative] in refusal
    if expected is None:  # the library cannot even read the packages: compare a plain read
        assert relative in LIBRARY_FAILURES
        expected = _plain_spdx_triples(SBOM_DIR / relative)
    assert triples(result) == expected


def _plain_spdx_triples(path: Path) -> Counter[tuple[str, str | None, str | None]]:
    """What a library would give where spdx-tools refuses: a plain read of packages."""
    from packageurl import PackageURL

    found: Counter[tuple[str, str | None, str | None]] = Counter()
    for package in json.loads(path.read_bytes())["packages"]:
        purls = [
            r["referenceLocator"]
            for r in package.get("externalRefs", [])
            if r["referenceType"] == "purl"
        ]
        purl = PackageURL.from_string(purls[0]).to_string() if purls else None
        found[(package["name"], package.get("versionInfo") or None, purl)] += 1
    return found


@pytest.mark.parametrize(
    "relative",
    [
        "cyclonedx/CycloneDX-bom-examples/SBOM/laravel-7.12.0/bom.1.2.json",
        "cyclonedx/CycloneDX-cyclonedx-gomod/examples/app_minikube-v1.23.1_with-packages.bom.json",
        "generated/pip-set-a/legacy-web-portal.cdx.json",
    ],
)
def test_per_component_oracle_equals_bom_from_json(relative: str) -> None:
    """The corpus oracle deserializes components one by one; Bom.from_json agrees."""
    data = json.loads((SBOM_DIR / relative).read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bom = Bom.from_json(data)  # type: ignore[attr-defined]
    found: Counter[tuple[str, str | None, str | None]] = Counter()
    stack = [*bom.components, *([bom.metadata.component] if bom.metadata.component else [])]
    while stack:
        component = stack.pop()
        purl = component.purl.to_string() if component.purl else None
        found[(component.name, component.version or None, purl)] += 1
        stack.extend(component.components)
    assert found == oracle(relative)[0]


def test_refusals_name_problem_and_location() -> None:
    refused = [r for r in FILES if _refused(r) is not None]
    assert len(refused) == 1  # one CycloneDX 1.1 XML; the 25 SPDX 3 documents import
    for relative in refused:
        error = ours(relative)
        assert isinstance(error, LocatedFormatError)
        assert error.problems[0].field == error.location
        assert error.location in error.diagnostics()


def test_every_file_imports_leniently_or_is_refused_for_a_named_reason() -> None:
    """The acceptance count of issue 12: imported (lenient), refused, refused under strict."""
    from rempart.formats.sbom import parse_sbom

    imported = refused = strict_refused = 0
    for relative in FILES:
        result = ours(relative)
        if isinstance(result, SbomDocument):
            imported += 1
            try:
                parse_sbom((SBOM_DIR / relative).read_bytes(), strict=True)
            except LocatedFormatError:
                strict_refused += 1
        else:
            refused += 1
            assert isinstance(result, UnsupportedVersion)
    assert (imported, refused, strict_refused) == (119, 1, 0)  # docs/sbom-quality.md
