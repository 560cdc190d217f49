"""Claiming the current slot of each scheduled job (services layer).

Several ``rempart worker`` processes may share one database; the first to claim a job's slot
enqueues it, the others see the claim and skip it.
"""

from __future__ import annotations

from datetime import datetime

from rempart.core.schedule import SCHEDULE, slot
from rempart.store.repositories import schedule


def claim_due(now: datetime, worker_id: str) -> list[tuple[str, str]]:
    """``(job name, slot)`` for every job whose current slot this worker claimed first."""
    claimed = []
    for job in SCHEDULE:
        current = slot(job, now)
        if current is not None and schedule.claim(job.name, current, worker_id, now):
            claimed.append((job.name, current))
    return claimed
