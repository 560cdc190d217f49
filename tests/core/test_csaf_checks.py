"""The CSAF 2.0 mandatory tests agree with the standard's own test documents, test by test.

``csaf/oasis-csaf-2.0/test/validator/data/testcases.json`` (OASIS CSAF TC) names, for every
test, documents that must fail it and documents that must pass every test; BSI's validator
library adds more for some tests. Schema violations are part of validity (a valid document
also passes the schema).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rempart.core.csaf_checks import REGISTRY, check_mandatory
from rempart.formats.csaf import validate_csaf

TC = "csaf/oasis-csaf-2.0/test/validator/data"


def _cases(shared: Path) -> list[tuple[str, str, Path]]:
    data = json.loads((shared / TC / "testcases.json").read_bytes())
    found = []
    for case in data["tests"]:
        if case["group"] != "mandatory":
            continue
        for kind in ("failures", "valid"):
            found.extend((case["id"], kind, shared / TC / e["name"]) for e in case.get(kind, []))
    return found


def test_every_mandatory_test_is_implemented(shared_data: Path) -> None:
    data = json.loads((shared_data / TC / "testcases.json").read_bytes())
    ids = {c["id"] for c in data["tests"] if c["group"] == "mandatory"}
    assert ids - {"6.1.8"} == set(REGISTRY)  # 6.1.8 needs a JSON schema: rempart.formats.csaf
    assert len(ids) == 43


def test_official_documents_agree(shared_data: Path) -> None:
    disagreements = []
    cases = _cases(shared_data)
    for test, kind, path in cases:
        outcome = validate_csaf(path.read_bytes())
        if kind == "failures" and test not in outcome.failed_tests:
            disagreements.append(f"{path.name} should fail {test}: {outcome.failed_tests}")
        if kind == "valid" and not outcome.valid:
            disagreements.append(
                f"{path.name} should pass: {outcome.failures[:2]} {outcome.schema[:1]}"
            )
    assert len(cases) == 147
    assert disagreements == []


@pytest.mark.parametrize(
    "folder",
    [
        "mandatoryTest_6_1_16",
        "mandatoryTest_6_1_24",
        "mandatoryTest_6_1_31",
        "mandatoryTest_6_1_8",
        "mandatoryTest_6_1_3",
    ],
)
def test_bsi_documents_agree(shared_data: Path, folder: str) -> None:
    test = folder.removeprefix("mandatoryTest_").replace("_", ".")
    base = shared_data / "csaf/secvisogram-csaf-validator-lib/tests" / folder
    for path in sorted((base / "failing").glob("*.json")) if (base / "failing").is_dir() else []:
        assert test in validate_csaf(path.read_bytes()).failed_tests, path.name
    for path in sorted((base / "valid").glob("*.json")) if (base / "valid").is_dir() else []:
        assert test not in validate_csaf(path.read_bytes()).failed_tests, path.name


def test_real_advisories_pass(shared_data: Path) -> None:
    folder = shared_data / "csaf/oasis-csaf-2.0/examples/csaf"
    for path in [*sorted(folder.glob("*.json")), *sorted((folder / "csaf_vex").glob("*.json"))]:
        assert check_mandatory(json.loads(path.read_bytes())) == [], path.name


def test_checks_never_raise_on_nonsense() -> None:
    for document in ({}, {"document": 1}, {"vulnerabilities": [1, {"product_status": 3}]}, []):
        check_mandatory(document)
