"""Writers for the result of a one-shot scan: Rempart JSON, SARIF 2.1.0, CycloneDX 1.6 VEX.

All three take a :class:`rempart.core.matching.ScanResult` and return bytes, and all three are
deterministic: findings, components and sources are sorted, and every time stamp is the
``generated_at`` the caller passes (formats never read the clock).

- :func:`scan_report_json`: the stable, documented JSON report (docs/scan-json-format.md),
  ``format_version`` 1.0. Additions are backwards compatible; removals or meaning changes bump
  the major version.
- :func:`scan_report_sarif`: one SARIF 2.1.0 run; a rule per vulnerability, a result per
  finding located at the SBOM file, plus ``not_assessed`` components as tool notifications
  so a code-scanning UI never shows "no alerts" for what was not checked.
- :func:`rempart.formats.scan_report_vex.scan_report_vex`: a CycloneDX 1.6 BOM of the affected components with one
  ``vulnerability`` per vulnerability (``analysis.state = in_triage``: found, not yet
  triaged), built with cyclonedx-python-lib; bom-refs and serial number are derived from the
  content so two runs over the same input give identical bytes.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import orjson

from rempart.core.advisory import Severity, SeverityLabel, Vulnerability
from rempart.core.component import Component
from rempart.core.finding import EpssScore, Finding
from rempart.core.matching import NotAssessed, ScanResult, SourceStatus

FORMAT_NAME = "rempart-scan"
FORMAT_VERSION = "1.0"
TOOL_NAME = "Rempart"
TOOL_URI = "https://github.com/rempart-cra/rempart"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
OSV_URL = "https://osv.dev/vulnerability/"


def scan_status(result: ScanResult) -> str:
    """``vulnerable``, ``clean``, ``incomplete`` or ``nothing_to_check`` (never a false clean)."""
    if result.findings:
        return "vulnerable"
    if result.coverage.components == 0:
        return "nothing_to_check"
    return "clean" if result.coverage.complete else "incomplete"


def _time(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _component(c: Component) -> dict[str, Any]:
    return {"bom_ref": c.bom_ref, "purl": c.purl, "name": c.name, "version": c.version}


def _severity(vulnerability: Vulnerability) -> dict[str, Any]:
    worst: Severity | None = vulnerability.worst_severity
    label = vulnerability.severity_label.value
    if worst is None:
        return {"label": label, "score": None, "type": None, "vector": None}
    return {"label": label, "score": worst.score, "type": worst.type, "vector": worst.vector}


def _finding(finding: Finding) -> dict[str, Any]:
    vulnerability = finding.vulnerability
    exploited = finding.known_exploited
    return {
        "component": _component(finding.component),
        "package": {
            "ecosystem": finding.package.ecosystem,
            "release": finding.package.release,
            "name": finding.package.name,
        },
        "vulnerability": {
            "id": vulnerability.id,
            "aliases": list(vulnerability.aliases),
            "summary": vulnerability.summary,
            "severity": _severity(vulnerability),
            "fixed_versions": list(finding.fixed_versions),
            "published": _time(vulnerability.published),
            "modified": _time(vulnerability.modified),
            "url": OSV_URL + vulnerability.id,
        },
        "match": {
            "version": finding.version,
            "basis": finding.basis.value,
            "range": finding.matched_range.describe() if finding.matched_range else None,
            "legacy_ordering": finding.legacy_ordering,
        },
        "known_exploited": {
            "kev": exploited.kev,
            "cve": exploited.cve_id,
            "date_added": _day(exploited.date_added),
            "due_date": _day(exploited.due_date),
            "ransomware": exploited.ransomware,
        },
        "epss": _epss(finding.epss),
    }


def _epss(score: EpssScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {"cve": score.cve_id, "score": score.score, "percentile": score.percentile}


def _not_assessed(item: NotAssessed) -> dict[str, Any]:
    return {
        "component": _component(item.component),
        "reason": item.reason.value,
        "detail": item.detail,
        "ecosystem": item.ecosystem,
    }


def _source(status: SourceStatus) -> dict[str, Any]:
    source = status.source
    return {
        "name": source.name,
        "ecosystems": sorted(source.ecosystems),
        "records": source.record_count,
        "skipped_records": source.skipped_records,
        "newest_modified": _time(source.newest_modified),
        "as_of": _time(source.as_of),
        "fresh": status.fresh,
        "age_seconds": int(status.age.total_seconds()) if status.age is not None else None,
    }


def scan_report_dict(result: ScanResult, *, generated_at: datetime) -> dict[str, Any]:
    """The JSON report as a dictionary (for callers that embed or re-render it)."""
    coverage = result.coverage
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    not_assessed = _sorted_not_assessed(result)
    by_severity = {label.value: 0 for label in SeverityLabel}
    for finding in findings:
        by_severity[finding.vulnerability.severity_label.value] += 1
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generated_at": _time(generated_at),
        "status": scan_status(result),
        "summary": {
            "components": coverage.components,
            "identified": coverage.identified,
            "assessed": coverage.assessed,
            "not_assessed": len({n.component.bom_ref for n in not_assessed}),
            "findings": len(findings),
            "vulnerabilities": len({f.vulnerability.id for f in findings}),
            "known_exploited": sum(1 for f in findings if f.known_exploited.kev),
            "by_severity": by_severity,
            "max_source_age_seconds": int(coverage.max_source_age.total_seconds()),
        },
        "findings": [_finding(f) for f in findings],
        "not_assessed": [_not_assessed(n) for n in not_assessed],
        "sources": [_source(s) for s in sorted(coverage.sources, key=lambda s: s.source.name)],
    }


def scan_report_json(result: ScanResult, *, generated_at: datetime) -> bytes:
    """The stable JSON report (UTF-8, two-space indent, keys in documented order)."""
    report = scan_report_dict(result, generated_at=generated_at)
    return orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


_SARIF_LEVEL = {
    SeverityLabel.CRITICAL: "error",
    SeverityLabel.HIGH: "error",
    SeverityLabel.MEDIUM: "warning",
    SeverityLabel.LOW: "note",
    SeverityLabel.NONE: "note",
    SeverityLabel.UNKNOWN: "warning",
}


def _sarif_rule(vulnerability: Vulnerability) -> dict[str, Any]:
    worst = vulnerability.worst_severity
    properties: dict[str, Any] = {"tags": ["security", "vulnerability", *vulnerability.aliases]}
    if worst is not None and worst.score is not None:
        # GitHub code scanning reads this property to rank alerts
        properties["security-severity"] = f"{worst.score:.1f}"
    full = vulnerability.details or vulnerability.summary or vulnerability.id
    return {
        "id": vulnerability.id,
        "name": vulnerability.id.replace("-", ""),
        "shortDescription": {"text": vulnerability.summary or vulnerability.id},
        "fullDescription": {"text": full},
        "helpUri": OSV_URL + vulnerability.id,
        "help": {"text": full},
        "properties": properties,
    }


def _sarif_result(finding: Finding, rule_index: int, artifact_uri: str) -> dict[str, Any]:
    vulnerability = finding.vulnerability
    level = _SARIF_LEVEL[vulnerability.severity_label]
    if finding.known_exploited.kev:
        level = "error"  # known exploited outranks any CVSS band
    subject = finding.component.purl or finding.component.display_name
    fixed = ", ".join(finding.fixed_versions) or "none known"
    label = vulnerability.severity_label.value
    text = f"{subject} is affected by {vulnerability.id} ({label}); fixed in: {fixed}."
    text += " Listed in CISA KEV (known exploited)." if finding.known_exploited.kev else ""
    fingerprint = f"{finding.component.purl or finding.component.bom_ref}|{vulnerability.id}"
    return {
        "ruleId": vulnerability.id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": artifact_uri}},
                "logicalLocations": [{"name": subject, "kind": "package"}],
            }
        ],
        "partialFingerprints": {
            "rempartFinding/v1": hashlib.sha256(fingerprint.encode()).hexdigest()
        },
        "properties": {
            "bom_ref": finding.component.bom_ref,
            "purl": finding.component.purl,
            "version": finding.version,
            "fixed_versions": list(finding.fixed_versions),
            "kev": finding.known_exploited.kev,
            "epss": finding.epss.score if finding.epss else None,
        },
    }


def _sorted_not_assessed(result: ScanResult) -> list[NotAssessed]:
    return sorted(result.coverage.not_assessed, key=lambda n: (n.component.bom_ref, n.reason))


def _sarif_notification(item: NotAssessed) -> dict[str, Any]:
    subject = item.component.purl or item.component.display_name
    return {
        "level": "warning",
        "message": {"text": f"{subject} not assessed: {item.reason.value} ({item.detail})"},
        "descriptor": {"id": f"not-assessed/{item.reason.value}"},
    }


def scan_report_sarif(
    result: ScanResult,
    *,
    generated_at: datetime,
    artifact_uri: str = "sbom.json",
    tool_version: str = "0",
) -> bytes:
    """SARIF 2.1.0: one run, rules = vulnerabilities, results = findings."""
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    vulnerabilities = {f.vulnerability.id: f.vulnerability for f in findings}
    rule_ids = sorted(vulnerabilities)
    rule_index = {rule_id: index for index, rule_id in enumerate(rule_ids)}
    notifications = [_sarif_notification(n) for n in _sorted_not_assessed(result)]
    run = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "informationUri": TOOL_URI,
                "version": tool_version,
                "rules": [_sarif_rule(vulnerabilities[r]) for r in rule_ids],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "endTimeUtc": _time(generated_at),
                "toolExecutionNotifications": notifications,
            }
        ],
        "artifacts": [{"location": {"uri": artifact_uri}}],
        "results": [
            _sarif_result(f, rule_index[f.vulnerability.id], artifact_uri) for f in findings
        ],
        "properties": {"status": scan_status(result), "components": result.coverage.components},
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
