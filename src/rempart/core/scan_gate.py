"""Whether a one-shot scan passes a CI gate (core layer).

``rempart scan`` exits with the :class:`GateOutcome` of its result: findings at or above
``--fail-on`` outrank "not assessed", and "not assessed" (advisory data missing or stale for
some components, nothing to assess at all, or with ``strict`` any component not assessed)
outranks a pass. A scan never passes on data it did not have (DESIGN.md principle 5).
"""

from __future__ import annotations

from enum import IntEnum

from rempart.core.finding import Finding
from rempart.core.matching import NotAssessedReason, ScanResult

#: the thresholds ``--fail-on`` accepts besides ``kev``, worst first
LEVELS = ("critical", "high", "medium", "low")
DATA_MISSING = frozenset(
    {
        NotAssessedReason.NO_SOURCE,
        NotAssessedReason.STALE_SOURCE,
        NotAssessedReason.UNREADABLE_ADVISORY,
    }
)


class GateOutcome(IntEnum):
    """The outcome of the gate; its value is the CLI's exit code."""

    PASS = 0
    FINDINGS = 1
    NOT_ASSESSED = 3


def at_or_above(finding: Finding, threshold: str) -> bool:
    """Whether a finding meets ``--fail-on``; an unknown severity counts as high."""
    if threshold == "kev":
        return finding.known_exploited.kev
    label = finding.vulnerability.severity_label.value
    rank = {"critical": 0, "high": 1, "unknown": 1, "medium": 2, "low": 3}.get(label, 4)
    return rank <= LEVELS.index(threshold)


def gate(result: ScanResult, fail_on: str | None, strict: bool) -> GateOutcome:
    """The outcome of ``result`` against the threshold and strictness of the gate."""
    if fail_on and any(at_or_above(f, fail_on) for f in result.findings):
        return GateOutcome.FINDINGS
    coverage = result.coverage
    missing = any(n.reason in DATA_MISSING for n in coverage.not_assessed)
    if missing or coverage.components == 0 or (strict and coverage.not_assessed):
        return GateOutcome.NOT_ASSESSED
    return GateOutcome.PASS
