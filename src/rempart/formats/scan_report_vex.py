"""The scan as a CycloneDX 1.6 VEX document (formats layer).

The JSON and SARIF reports are in :mod:`rempart.formats.scan_report`; this writer shares its
status and naming so the three agree.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

from cyclonedx.model import XsUri
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.impact_analysis import ImpactAnalysisAffectedStatus, ImpactAnalysisState
from cyclonedx.model.vulnerability import (
    BomTarget,
    BomTargetVersionRange,
    VulnerabilityAnalysis,
    VulnerabilityRating,
    VulnerabilityReference,
    VulnerabilityScoreSource,
    VulnerabilitySeverity,
    VulnerabilitySource,
)
from cyclonedx.model.vulnerability import Vulnerability as CdxVulnerability
from cyclonedx.output.json import JsonV1Dot6
from packageurl import PackageURL

from rempart.core.advisory import Severity, SeverityLabel, Vulnerability
from rempart.core.component import Component
from rempart.core.finding import Finding
from rempart.core.matching import ScanResult
from rempart.formats.scan_report import OSV_URL

_CDX_SEVERITY = {
    SeverityLabel.CRITICAL: VulnerabilitySeverity.CRITICAL,
    SeverityLabel.HIGH: VulnerabilitySeverity.HIGH,
    SeverityLabel.MEDIUM: VulnerabilitySeverity.MEDIUM,
    SeverityLabel.LOW: VulnerabilitySeverity.LOW,
    SeverityLabel.NONE: VulnerabilitySeverity.NONE,
    SeverityLabel.UNKNOWN: VulnerabilitySeverity.UNKNOWN,
}
_CDX_METHOD = {
    "CVSS_V2": VulnerabilityScoreSource.CVSS_V2,
    "CVSS_V4": VulnerabilityScoreSource.CVSS_V4,
}


def _cdx_rating(severity: Severity) -> VulnerabilityRating:
    method = _CDX_METHOD.get(severity.type, VulnerabilityScoreSource.OTHER)
    if severity.type == "CVSS_V3":
        method = (
            VulnerabilityScoreSource.CVSS_V3_1
            if severity.vector.startswith("CVSS:3.1")
            else VulnerabilityScoreSource.CVSS_V3
        )
    return VulnerabilityRating(
        score=Decimal(str(severity.score)) if severity.score is not None else None,
        severity=_CDX_SEVERITY[severity.label],
        method=method,
        vector=severity.vector,
    )


def _cdx_vulnerability(vulnerability: Vulnerability, findings: list[Finding]) -> CdxVulnerability:
    fixed = sorted({v for f in findings for v in f.fixed_versions})
    return CdxVulnerability(
        bom_ref=f"vulnerability:{vulnerability.id}",
        id=vulnerability.id,
        source=VulnerabilitySource(name="OSV", url=XsUri(OSV_URL + vulnerability.id)),
        references=[
            VulnerabilityReference(
                id=alias, source=VulnerabilitySource(name="OSV", url=XsUri(OSV_URL + alias))
            )
            for alias in vulnerability.aliases
        ],
        ratings=[_cdx_rating(s) for s in vulnerability.severity],
        description=vulnerability.summary or None,
        detail=vulnerability.details or None,
        recommendation=f"Upgrade to a fixed version: {', '.join(fixed)}" if fixed else None,
        published=vulnerability.published,
        updated=vulnerability.modified,
        analysis=VulnerabilityAnalysis(state=ImpactAnalysisState.IN_TRIAGE),
        affects=[
            BomTarget(
                ref=f.component.bom_ref,
                versions=[
                    BomTargetVersionRange(
                        version=f.version, status=ImpactAnalysisAffectedStatus.AFFECTED
                    )
                ],
            )
            for f in findings
        ],
    )


def _cdx_component(component: Component) -> CdxComponent:
    purl: PackageURL | None = None
    if component.purl:
        try:
            purl = PackageURL.from_string(component.purl)
        except ValueError:
            purl = None
    return CdxComponent(
        name=component.name,
        version=component.version,
        group=component.group,
        bom_ref=component.bom_ref,
        purl=purl,
        cpe=component.cpe,
    )


def _serial(findings: Iterable[Finding]) -> uuid.UUID:
    content = "\n".join(f"{f.component.bom_ref}|{f.vulnerability.id}|{f.version}" for f in findings)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"rempart:scan:{content}")


def scan_report_vex(result: ScanResult, *, generated_at: datetime) -> bytes:
    """CycloneDX 1.6 JSON: the affected components and one vulnerability per id."""
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.vulnerability.id, []).append(finding)
    components = {f.component.bom_ref: f.component for f in findings}
    bom = Bom(
        components=[_cdx_component(components[ref]) for ref in sorted(components)],
        vulnerabilities=[
            _cdx_vulnerability(group[0].vulnerability, group)
            for _id, group in sorted(grouped.items())
        ],
        serial_number=_serial(findings),
        metadata=BomMetaData(timestamp=generated_at.astimezone(UTC)),
    )
    return (JsonV1Dot6(bom).output_as_string(indent=2) + "\n").encode("utf-8")
