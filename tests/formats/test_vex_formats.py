"""OpenVEX, CycloneDX VEX and CSAF VEX: the shared examples read with the expected statuses,
invalid documents refused at their path, and Rempart's output valid against the schemas."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rempart.core.triage import Decision, Justification, Response, TriageState
from rempart.core.vex import VexStatement, VexTarget, applies_to
from rempart.formats.csaf import read_csaf_vex
from rempart.formats.cyclonedx_vex import read_cyclonedx_vex, write_cyclonedx_vex
from rempart.formats.errors import SchemaViolation
from rempart.formats.openvex import read_openvex, write_openvex
from rempart.formats.schemas import cyclonedx_json_problems
from rempart.formats.vex_schemas import problems

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
S = TriageState


def _states(document) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(s.vulnerability, s.decision.state.value) for s in document.statements]


def test_real_openvex_documents(shared_data: Path) -> None:
    trivy = read_openvex((shared_data / "vex/openvex/real-world/trivy.openvex.json").read_bytes())
    assert len(trivy.statements) == 21
    assert trivy.author == "Aqua Security"
    helm = trivy.statements[0]
    assert (helm.vulnerability, helm.decision.state) == ("GO-2024-2575", S.NOT_AFFECTED)
    assert helm.decision.justification is Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH
    assert helm.components == ("pkg:golang/helm.sh/helm/v3",)
    assert "CVE-2024-26147" in helm.aliases


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("vexctl-examples/openvex/document1.vex.json", [("CVE-1234-5678", "in_triage")]),
        ("vexctl-examples/openvex/document2.vex.json", [("CVE-1234-5678", "fixed")]),
        ("real-world/trivy-oci.openvex.json", None),
    ],
)
def test_openvex_examples_statuses(
    shared_data: Path, name: str, expected: list[tuple[str, str]] | None
) -> None:
    states = _states(read_openvex((shared_data / "vex/openvex" / name).read_bytes()))
    assert (
        states == expected if expected is not None else {s for _, s in states} == {"not_affected"}
    )


def test_invalid_openvex_is_refused_at_its_path(shared_data: Path) -> None:
    with pytest.raises(SchemaViolation) as caught:
        read_openvex((shared_data / "vex/trivy-vex-testdata/openvex.json").read_bytes())
    assert caught.value.problems[0].field == "/"
    assert "@id" in caught.value.problems[0].message
    bad = {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
           "timestamp": "2026-01-01T00:00:00Z", "version": 1,
           "statements": [{"vulnerability": {"name": "CVE-1"}, "status": "not_affected"}]}  # fmt: skip
    with pytest.raises(SchemaViolation) as caught:
        read_openvex(json.dumps(bad).encode())
    assert caught.value.problems[0].field == "/statements/0"


@pytest.mark.parametrize(
    ("case", "state"),
    [("Case-1/vex-affected.json", "affected"), ("Case-1/vex-fixed.json", "fixed"),
     ("Case-1/vex-not_affected.json", "not_affected"), ("Case-1/vex-under_investigation.json", "in_triage")],
)  # fmt: skip
def test_cisa_cyclonedx_cases(shared_data: Path, case: str, state: str) -> None:
    document = read_cyclonedx_vex(
        (shared_data / "vex/cyclonedx-vex/CISA-Use-Cases" / case).read_bytes()
    )
    assert _states(document) == [("CVE-2021-44228", state)]
    statement = document.statements[0]
    assert statement.components == ()  # about the product (metadata.component) as a whole


def test_cyclonedx_component_refs_resolve_to_purls(shared_data: Path) -> None:
    document = read_cyclonedx_vex(
        (shared_data / "vex/trivy-vex-testdata/cyclonedx.json").read_bytes()
    )
    first = document.statements[0]
    assert first.components == ("pkg:maven/org.springframework.boot/spring-boot@2.6.0",)
    assert first.decision.justification is Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH


def test_csaf_vex_examples(shared_data: Path) -> None:
    folder = shared_data / "csaf/oasis-csaf-2.0/examples/csaf/csaf_vex"
    na = read_csaf_vex((folder / "2022-evd-uc-01-na-001.json").read_bytes())
    assert {s.decision.state for s in na.statements} == {S.NOT_AFFECTED}
    affected = read_csaf_vex((folder / "2022-evd-uc-01-a-001.json").read_bytes())
    assert S.AFFECTED in {s.decision.state for s in affected.statements}
    assert all(
        s.decision.action_statement for s in affected.statements if s.decision.state is S.AFFECTED
    )


def _statements() -> list[VexStatement]:
    product = "pkg:generic/gateway@3.0.0"
    return [
        VexStatement("CVE-2023-4863", ("RUSTSEC-2023-0061",), ("pkg:cargo/libwebp-sys@0.9.1",),
                     Decision(S.NOT_AFFECTED, Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
                              "WebP decoding is never reached"), products=(product,)),
        VexStatement("GO-2024-3005", (), ("pkg:golang/github.com/docker/docker@v20.10.7",),
                     Decision(S.AFFECTED, None, "", (Response.UPDATE,), "Update to 3.0.1"),
                     products=(product,)),
        VexStatement("PYSEC-2022-10", (), ("pkg:pypi/pillow@8.0.0",), Decision(S.FIXED), products=(product,)),
        VexStatement("CVE-2024-0001", (), ("pkg:pypi/x@1",), Decision(S.FALSE_POSITIVE), products=(product,)),
    ]  # fmt: skip


def test_openvex_round_trip_and_schema() -> None:
    data = write_openvex(_statements(), document_id="urn:test:1", author="Test", timestamp=NOW)
    document = json.loads(data)
    assert "@context" in document
    assert "context" not in document
    assert problems(document, "openvex_json_schema.json") == []
    back = read_openvex(data)
    # OpenVEX has no "response" field: everything else survives.
    sent = [replace(s.decision, responses=()) for s in _statements()]
    assert [s.decision for s in back.statements] == sent
    assert [s.components for s in back.statements] == [s.components for s in _statements()]


def test_cyclonedx_round_trip_and_schema() -> None:
    data = write_cyclonedx_vex(
        _statements(), product_name="Gateway", product_version="3.0.0",
        product_ref="pkg:generic/gateway@3.0.0", component_names={}, timestamp=NOW,
    )  # fmt: skip
    assert cyclonedx_json_problems(json.loads(data), "1.6") == []
    back = read_cyclonedx_vex(data)
    got = sorted((s.vulnerability, s.decision) for s in back.statements)
    assert got == sorted((s.vulnerability, s.decision) for s in _statements())


def test_statement_matching() -> None:
    statement = _statements()[0]
    target = VexTarget(
        "RUSTSEC-2023-0061", ("CVE-2023-4863",), "pkg:cargo/libwebp-sys@0.9.1?x=1", "", "r"
    )
    assert applies_to(statement, target)
    assert not applies_to(
        statement, VexTarget("RUSTSEC-2023-0061", (), "pkg:cargo/libwebp-sys@0.9.2", "", "r")
    )
    unversioned = VexStatement("CVE-2023-4863", (), ("pkg:cargo/libwebp-sys",), statement.decision)
    assert applies_to(unversioned, target)
