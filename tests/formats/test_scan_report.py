"""Scan report writers: the stable JSON report, SARIF 2.1.0 and CycloneDX 1.6 VEX."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from rempart.core.advisory import AffectedPackage, Package, Vulnerability, parse_severity
from rempart.core.component import Component
from rempart.core.finding import EpssScore, EpssTable, KevCatalog, KevEntry
from rempart.core.index import AdvisoryIndex, AdvisorySource
from rempart.core.matching import NotAssessedReason, ScanResult, match_components
from rempart.core.versions.ranges import AffectedRange, Event, EventKind, RangeType
from rempart.formats.scan_report import (
    scan_report_dict,
    scan_report_json,
    scan_report_sarif,
    scan_status,
)
from rempart.formats.scan_report_vex import scan_report_vex

NOW = datetime(2026, 8, 25, 12, 0, tzinfo=UTC)
SCHEMA_DIR = Path(str(files("cyclonedx.schema") / "_res"))

JINJA = Vulnerability(
    "PYSEC-2021-66",
    datetime(2024, 1, 1, tzinfo=UTC),
    aliases=("CVE-2020-28493", "GHSA-g3rq-g295-4j3m"),
    summary="ReDoS in Jinja2 urlize",
    details="The urlize filter is slow on crafted input.",
    severity=(parse_severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"),),
    published=datetime(2021, 2, 1, tzinfo=UTC),
    affected=(
        AffectedPackage(
            Package("PyPI", "jinja2"),
            (
                AffectedRange(
                    RangeType.ECOSYSTEM,
                    (Event(EventKind.INTRODUCED, "0"), Event(EventKind.FIXED, "2.11.3")),
                ),
            ),
        ),
    ),
)
COMPONENTS = [
    Component(bom_ref="pkg-jinja2", name="jinja2", version="2.11.2", purl="pkg:pypi/jinja2@2.11.2"),
    Component(bom_ref="pkg-flask", name="flask", version="2.3.0", purl="pkg:pypi/flask@2.3.0"),
    Component(bom_ref="firmware", name="firmware", version="1.0"),
]


def _result(components: list[Component] = COMPONENTS) -> ScanResult:
    kev = KevCatalog(
        "2025.08.25",
        NOW,
        {"CVE-2020-28493": KevEntry("CVE-2020-28493", date(2025, 1, 2), date(2025, 1, 23))},
    )
    epss = EpssTable(
        "v2025.03.14", NOW, {"CVE-2020-28493": EpssScore("CVE-2020-28493", 0.00195, 0.41563)}
    )
    source = AdvisorySource(
        "OSV PyPI", frozenset({"PyPI"}), 1, JINJA.modified, NOW - timedelta(hours=5)
    )
    index = AdvisoryIndex.build([JINJA], [source], kev=kev, epss=epss)
    return match_components(components, index, now=NOW)


def test_json_report_snapshot() -> None:
    report = json.loads(scan_report_json(_result(), generated_at=NOW))
    assert list(report) == [
        "format",
        "format_version",
        "generated_at",
        "status",
        "summary",
        "findings",
        "not_assessed",
        "sources",
    ]
    assert report["format"] == "rempart-scan"
    assert report["format_version"] == "1.0"
    assert report["generated_at"] == "2026-08-25T12:00:00Z"
    assert report["status"] == "vulnerable"
    assert report["summary"] == {
        "components": 3,
        "identified": 2,
        "assessed": 2,
        "not_assessed": 1,
        "findings": 1,
        "vulnerabilities": 1,
        "known_exploited": 1,
        "by_severity": {"critical": 0, "high": 0, "medium": 1, "low": 0, "none": 0, "unknown": 0},
        "max_source_age_seconds": 604800,
    }
    assert report["findings"] == [
        {
            "component": {
                "bom_ref": "pkg-jinja2",
                "purl": "pkg:pypi/jinja2@2.11.2",
                "name": "jinja2",
                "version": "2.11.2",
            },
            "package": {"ecosystem": "PyPI", "release": None, "name": "jinja2"},
            "vulnerability": {
                "id": "PYSEC-2021-66",
                "aliases": ["CVE-2020-28493", "GHSA-g3rq-g295-4j3m"],
                "summary": "ReDoS in Jinja2 urlize",
                "severity": {
                    "label": "medium",
                    "score": 5.3,
                    "type": "CVSS_V3",
                    "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L",
                },
                "fixed_versions": ["2.11.3"],
                "published": "2021-02-01T00:00:00Z",
                "modified": "2024-01-01T00:00:00Z",
                "url": "https://osv.dev/vulnerability/PYSEC-2021-66",
            },
            "match": {
                "version": "2.11.2",
                "basis": "range",
                "range": "introduced 0, fixed 2.11.3",
                "legacy_ordering": False,
            },
            "known_exploited": {
                "kev": True,
                "cve": "CVE-2020-28493",
                "date_added": "2025-01-02",
                "due_date": "2025-01-23",
                "ransomware": False,
            },
            "epss": {"cve": "CVE-2020-28493", "score": 0.00195, "percentile": 0.41563},
        }
    ]
    assert report["not_assessed"] == [
        {
            "component": {
                "bom_ref": "firmware",
                "purl": None,
                "name": "firmware",
                "version": "1.0",
            },
            "reason": "no_purl",
            "detail": "the component has no purl",
            "ecosystem": None,
        }
    ]
    assert [s["name"] for s in report["sources"]] == ["CISA KEV", "FIRST EPSS", "OSV PyPI"]
    assert report["sources"][2] == {
        "name": "OSV PyPI",
        "ecosystems": ["PyPI"],
        "records": 1,
        "skipped_records": 0,
        "newest_modified": "2024-01-01T00:00:00Z",
        "as_of": "2026-08-25T07:00:00Z",
        "fresh": True,
        "age_seconds": 18000,
    }


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in _keys(value)}
    if isinstance(node, list):
        return {k for item in node for k in _keys(item)}
    return set()


def test_every_report_field_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scan-json-format.md").read_text()
    report = scan_report_dict(_result(), generated_at=NOW)
    undocumented = sorted(k for k in _keys(report) if f"`{k}`" not in doc)
    assert undocumented == []
    reasons = {n["reason"] for n in report["not_assessed"]} | {r.value for r in NotAssessedReason}
    assert sorted(r for r in reasons if f"`{r}`" not in doc) == []


def test_reports_are_deterministic() -> None:
    reversed_input = list(reversed(COMPONENTS))
    for writer in (scan_report_json, scan_report_sarif, scan_report_vex):
        assert writer(_result(), generated_at=NOW) == writer(
            _result(reversed_input), generated_at=NOW
        )


def test_status_never_claims_clean_without_full_coverage() -> None:
    assert scan_status(_result()) == "vulnerable"
    assert scan_status(_result([COMPONENTS[1]])) == "clean"
    assert scan_status(_result([COMPONENTS[1], COMPONENTS[2]])) == "incomplete"
    assert scan_status(_result([])) == "nothing_to_check"
    assert scan_report_dict(_result([]), generated_at=NOW)["summary"]["components"] == 0


def test_sarif_structure() -> None:
    sarif = json.loads(scan_report_sarif(_result(), generated_at=NOW, artifact_uri="dist/bom.json"))
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "Rempart"
    assert [rule["id"] for rule in driver["rules"]] == ["PYSEC-2021-66"]
    assert driver["rules"][0]["properties"]["security-severity"] == "5.3"
    (result,) = run["results"]
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert result["level"] == "error"  # medium, but known exploited
    assert "CISA KEV" in result["message"]["text"]
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "dist/bom.json"
    assert location["logicalLocations"][0]["name"] == "pkg:pypi/jinja2@2.11.2"
    assert len(result["partialFingerprints"]["rempartFinding/v1"]) == 64
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["descriptor"]["id"] == "not-assessed/no_purl"
    assert run["invocations"][0]["endTimeUtc"] == "2026-08-25T12:00:00Z"
    for level in (r["level"] for r in run["results"]):
        assert level in {"none", "note", "warning", "error"}


def _retrieve(uri: str) -> Any:
    name = uri.rsplit("/", 1)[-1].removesuffix(".schema.json").removesuffix(".SNAPSHOT")
    return json.loads((SCHEMA_DIR / f"{name}.SNAPSHOT.schema.json").read_bytes())


@cache
def _cyclonedx_16() -> jsonschema_rs.Validator:
    schema = json.loads((SCHEMA_DIR / "bom-1.6.SNAPSHOT.schema.json").read_bytes())
    return jsonschema_rs.validator_for(schema, retriever=_retrieve, validate_formats=True)


@pytest.mark.parametrize("components", [COMPONENTS, [COMPONENTS[1]]], ids=["finding", "clean"])
def test_vex_is_valid_cyclonedx_16(components: list[Component]) -> None:
    document = json.loads(scan_report_vex(_result(components), generated_at=NOW))
    errors = [
        f"{list(e.instance_path)}: {e.message}" for e in _cyclonedx_16().iter_errors(document)
    ]
    assert errors == []
    assert document["specVersion"] == "1.6"


def test_vex_content_and_stable_refs() -> None:
    document = json.loads(scan_report_vex(_result(), generated_at=NOW))
    assert document["metadata"]["timestamp"] == "2026-08-25T12:00:00+00:00"
    assert document["serialNumber"].startswith("urn:uuid:")
    (component,) = document["components"]
    assert component["bom-ref"] == "pkg-jinja2"
    (vulnerability,) = document["vulnerabilities"]
    assert vulnerability["bom-ref"] == "vulnerability:PYSEC-2021-66"
    assert vulnerability["analysis"] == {"state": "in_triage"}
    assert vulnerability["affects"] == [
        {"ref": "pkg-jinja2", "versions": [{"status": "affected", "version": "2.11.2"}]}
    ]
    assert vulnerability["recommendation"] == "Upgrade to a fixed version: 2.11.3"
    assert {r["id"] for r in vulnerability["references"]} == {
        "CVE-2020-28493",
        "GHSA-g3rq-g295-4j3m",
    }
    assert vulnerability["ratings"][0]["method"] == "CVSSv31"


def test_json_report_bytes_are_the_documented_layout() -> None:
    # UTF-8, two-space indent, key order kept, final newline: what json.dumps(indent=2) writes.
    raw = scan_report_json(_result(), generated_at=NOW)
    expected = json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n"
    assert raw == expected.encode("utf-8")
