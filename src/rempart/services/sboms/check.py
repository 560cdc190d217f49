"""Judging an SBOM without storing it (services layer; needs no database).

Used by ``rempart sbom check`` (no workspace) and, before anything is stored, by the import.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from rempart.core.component import SbomDocument
from rempart.core.sbom_quality import QualityReport, assess_sbom
from rempart.formats.limits import SBOM_LOCAL_MAX_BYTES
from rempart.formats.sbom import parse_sbom

DEFAULT_CHECK_LIMIT = SBOM_LOCAL_MAX_BYTES


@dataclass(frozen=True, slots=True)
class CheckedSbom:
    """A parsed SBOM with its quality report (nothing stored)."""

    document: SbomDocument
    quality: QualityReport
    sha256: str
    size: int


def check_sbom(data: bytes, max_bytes: int | None = None, *, strict: bool = False) -> CheckedSbom:
    """Parse and judge an SBOM without a workspace (``rempart sbom check``).

    ``strict`` refuses any schema violation; by default violations of value formats only are
    accepted and reported (docs/sbom-quality.md, "Lenient by default").
    """
    limit = max_bytes if max_bytes is not None else DEFAULT_CHECK_LIMIT
    document = parse_sbom(data, max_bytes=limit, strict=strict)
    return CheckedSbom(document, assess_sbom(document), hashlib.sha256(data).hexdigest(), len(data))


def quality_summary(report: QualityReport) -> dict[str, Any]:
    """What is kept with a stored SBOM: the rules' results and the defect counts per rule."""
    return {
        "score": report.score,
        "rules": [
            {"rule": r.rule_id, "weight": r.weight, "passed": r.passed, "checked": r.checked}
            for r in report.rules
        ],
        "defects": report.counts(),
        "examples": [
            {
                "rule": d.rule_id,
                "severity": d.severity.value,
                "bom_ref": d.bom_ref,
                "field": d.field,
                "message": d.message,
            }
            for d in report.defects[:200]
        ],
    }
