"""When an open finding must be remediated: the remediation policy (pure core).

Due-date rule (docs/assessment.md, docs/findings.md): a finding that is known to be exploited
(CISA KEV, or SSVC "Exploitation: active") is due ``kev_days`` after Rempart first saw it in
the release; any other finding is due after the window of its severity. Defaults (days):

| known exploited | critical | unknown | high | medium | low | none |
|-----------------|----------|---------|------|--------|-----|------|
| 14              | 30       | 30      | 60   | 90     | 180 | no due date |

"Unknown" severity gets the critical window: a severity nobody could establish is treated
with the worst, never with the harmless. A finding is *overdue* when it still needs work
(in triage or affected) after its due date. This is Rempart's internal rule for "without
delay" (Annex I Part II (2)) and for making a product available "without known exploitable
vulnerabilities" (Part I (2)(a)); the law sets no number of days. The windows are set per
organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_WINDOWS = {
    "kev": 14,
    "critical": 30,
    "unknown": 30,
    "high": 60,
    "medium": 90,
    "low": 180,
}


@dataclass(frozen=True, slots=True)
class RemediationWindows:
    kev_days: int
    critical_days: int
    high_days: int = DEFAULT_WINDOWS["high"]
    medium_days: int = DEFAULT_WINDOWS["medium"]
    low_days: int = DEFAULT_WINDOWS["low"]
    unknown_days: int = DEFAULT_WINDOWS["unknown"]

    def days_for(self, severity: str, known_exploited: bool) -> int | None:
        """The window in days for a finding; ``None`` when severity "none" sets no due date."""
        if known_exploited:
            return self.kev_days
        return {
            "critical": self.critical_days,
            "high": self.high_days,
            "medium": self.medium_days,
            "low": self.low_days,
            "none": None,
        }.get(severity, self.unknown_days)

    def due(self, first_seen: date, known_exploited: bool, severity: str = "critical") -> date:
        """The due date (severity "none" has none: it is then never due, far in the future)."""
        days = self.days_for(severity, known_exploited)
        return first_seen + timedelta(days=days) if days is not None else date.max

    def overdue(
        self, first_seen: date, known_exploited: bool, today: date, severity: str = "critical"
    ) -> bool:
        return today > self.due(first_seen, known_exploited, severity)

    @property
    def rule(self) -> str:
        return (
            f"due {self.kev_days} days after first seen if known exploited (KEV or SSVC "
            f"active), else by severity: critical {self.critical_days}, unknown "
            f"{self.unknown_days}, high {self.high_days}, medium {self.medium_days}, low "
            f"{self.low_days} days; overdue when still open after that"
        )
