"""How urgent a due time is, for the eye (pure core).

The home dashboard colours each running Art. 14 clock: red when the report is overdue or due
within 6 hours, amber within 24 hours. The thresholds are Rempart's presentation choice, not a
legal rule; the legal periods themselves are in ``core/reporting/clocks.py``.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

RED_WITHIN = timedelta(hours=6)
AMBER_WITHIN = timedelta(hours=24)


class Urgency(StrEnum):
    OVERDUE = "overdue"  # shown red
    RED = "red"  # due within 6 hours
    AMBER = "amber"  # due within 24 hours
    CALM = "calm"


def urgency(remaining: timedelta) -> Urgency:
    """``remaining`` is the due time minus now (negative once overdue)."""
    if remaining < timedelta(0):
        return Urgency.OVERDUE
    if remaining < RED_WITHIN:
        return Urgency.RED
    if remaining < AMBER_WITHIN:
        return Urgency.AMBER
    return Urgency.CALM
