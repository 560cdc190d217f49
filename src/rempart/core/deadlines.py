"""A legal or internal due time someone must meet (pure core).

Reporting stages, corrective-measure dates and similar obligations expose themselves as
:class:`Deadline` values; reminders are planned from these without knowing what they are for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rempart.core.links import PageRef


@dataclass(frozen=True, slots=True)
class Deadline:
    key: str  # stable across runs, e.g. "case:CASE-2026-0001:early-warning"
    title: str  # "Early warning for CASE-2026-0001 (CVE-2023-4863)"
    due_at: datetime  # timezone-aware, UTC
    done: bool  # submitted / met: no more reminders
    citation: str | None = None  # catalog ID of the rule that sets it, e.g. "ART14-2a"
    link: PageRef | None = None  # the page where it is handled

    def __post_init__(self) -> None:
        if self.due_at.tzinfo is None or self.due_at.utcoffset() is None:
            raise ValueError(f"deadline {self.key!r} has a naive due time")
