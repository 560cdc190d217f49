"""VEX export and import in the workspace: round trips, provenance, refusal of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rempart.core.errors import FormatError
from rempart.core.triage import VexFormat
from rempart.services.vulnerabilities import triage, vex, workbench
from rempart.services.vulnerabilities.workbench import FindingQuery
from rempart.store.models import AuditEvent, FindingDecision, VexDocument


def _rows(ctx):  # type: ignore[no-untyped-def]
    return workbench.find(
        ctx, FindingQuery(product_slug="gateway", release_version="3.0.0", per_page=500)
    ).rows


def _decide_some(ctx) -> dict[int, str]:  # type: ignore[no-untyped-def]
    rows = _rows(ctx)
    webp = next(r for r in rows if r.component_name == "libwebp-sys")
    docker = [r for r in rows if r.component_name == "github.com/docker/docker"]
    triage.decide(
        ctx,
        [webp.id],
        "not_affected",
        "vulnerable_code_not_in_execute_path",
        "WebP is never decoded",
    )
    triage.decide(ctx, [docker[0].id], "affected", action_statement="Update docker to 25.0.6")
    triage.decide(ctx, [docker[1].id], "fixed")
    return {r.id: r.state for r in _rows(ctx)}


@pytest.mark.parametrize("fmt", list(VexFormat))
def test_export_then_import_gives_the_same_statements(gateway, operator, fmt: VexFormat) -> None:  # type: ignore[no-untyped-def]
    decided = _decide_some(operator)
    data, _media, name = vex.export_vex(operator, "gateway", "3.0.0", fmt)
    FindingDecision.objects.all().delete()
    outcome = vex.import_vex(operator, data, name, "gateway", "3.0.0")
    assert outcome.unmatched_statements == 0
    assert outcome.changed == 3
    assert {r.id: r.state for r in _rows(operator)} == decided
    webp = next(r for r in _rows(operator) if r.component_name == "libwebp-sys")
    assert (webp.justification, webp.decision_origin) == (
        "vulnerable_code_not_in_execute_path",
        "vex",
    )
    again, _m, _n = vex.export_vex(operator, "gateway", "3.0.0", fmt)
    if fmt is VexFormat.OPENVEX:  # statements identical (the document id and times differ)
        assert json.loads(again)["statements"] == json.loads(data)["statements"]
    document = VexDocument.objects.get(pk=outcome.document_id)
    assert (document.format, document.applied) == (fmt.value, 3)


def test_supplier_openvex_applies_to_matching_components(gateway, operator, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    statement = {
        "vulnerability": {"name": "CVE-2023-4863"},
        "products": [{"@id": "pkg:cargo/libwebp-sys@0.9.1"}],
        "status": "not_affected",
        "justification": "vulnerable_code_not_present",
    }
    document = {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://supplier.example/vex/1",
                "author": "Supplier AG", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
                "statements": [statement]}  # fmt: skip
    outcome = vex.import_vex(operator, json.dumps(document).encode(), "s.json", "gateway", "3.0.0")
    assert (outcome.matched_findings, outcome.changed) == (1, 1)
    row = next(r for r in _rows(operator) if r.component_name == "libwebp-sys")
    assert row.state == "not_affected"
    assert "Supplier AG" in row.decision_detail
    assert AuditEvent.objects.filter(action="vex.import").count() == 1


def test_invalid_vex_changes_nothing(gateway, operator, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    for data in (
        (shared_data / "vex/trivy-vex-testdata/openvex.json").read_bytes(),  # no @id: schema
        b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [{"analysis": {"state": "maybe"}}]}',
        b'{"document": {"csaf_version": "2.0"}}',
        b"not json",
    ):
        with pytest.raises(FormatError) as caught:
            vex.import_vex(operator, data, "bad.json", "gateway", "3.0.0")
        assert caught.value.problems
        assert caught.value.problems[0].field
    assert not FindingDecision.objects.exists()
    assert not VexDocument.objects.exists()
