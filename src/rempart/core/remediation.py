"""When an open known-exploited or critical finding must be remediated (pure core).

Due-date rule (docs/assessment.md): a finding that CISA lists as known exploited is due
``kev_days`` after Rempart first saw it in the release; any other critical finding is due
``critical_days`` after it was first seen. Both windows are set per organization (defaults
14 and 30 days). A finding is *overdue* when it is still open after its due date. This is
Rempart's internal rule for "without delay" (Annex I Part II (2)) and for making a product
available "without known exploitable vulnerabilities" (Part I (2)(a)); the law sets no
number of days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class RemediationWindows:
    kev_days: int
    critical_days: int

    def due(self, first_seen: date, known_exploited: bool) -> date:
        days = self.kev_days if known_exploited else self.critical_days
        return first_seen + timedelta(days=days)

    def overdue(self, first_seen: date, known_exploited: bool, today: date) -> bool:
        return today > self.due(first_seen, known_exploited)

    @property
    def rule(self) -> str:
        return (
            f"due {self.kev_days} days after first seen if known exploited (KEV), "
            f"{self.critical_days} days if critical; overdue when still open after that"
        )
