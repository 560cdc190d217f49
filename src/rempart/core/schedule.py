"""Which periodic jobs are due, as pure data (core layer).

A job runs once per *slot*: the hour for hourly jobs, the day for daily ones. Workers claim a
slot in the database before enqueuing (``store.repositories.schedule.claim``), so several
workers side by side never enqueue the same run twice, and a worker that was down catches up
with the current slot when it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Period(StrEnum):
    HOURLY = "hourly"
    DAILY = "daily"
    EVERY_5_MINUTES = "5min"  # reminders of legal deadlines counted in hours


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    period: Period
    at_minute: int = 0  # minute of the hour (hourly) or of the day (daily) after which it is due


def slot(job: Job, now: datetime) -> str | None:
    """The slot ``now`` falls in, or ``None`` while the job is not yet due in this period."""
    if job.period is Period.EVERY_5_MINUTES:
        return now.strftime("%Y-%m-%dT%H:") + f"{now.minute - now.minute % 5:02d}"
    if job.period is Period.HOURLY:
        return now.strftime("%Y-%m-%dT%H") if now.minute >= job.at_minute else None
    minute_of_day = now.hour * 60 + now.minute
    return now.strftime("%Y-%m-%d") if minute_of_day >= job.at_minute else None


# Advisory feeds change all day; exploitation data (KEV, EPSS) daily. Everything is rescanned
# nightly on top of the targeted rescans each import triggers.
SCHEDULE = (
    Job("sync-advisories", Period.HOURLY, at_minute=5),
    Job("rescan-all", Period.DAILY, at_minute=2 * 60),
    Job("send-reminders", Period.EVERY_5_MINUTES),
    # A KEV-listed finding in a released, supported product proposes an Art. 14 case: looked for
    # often, because the person confirming awareness should see the proposal within minutes.
    Job("propose-cases", Period.EVERY_5_MINUTES),
    # Scan history beyond the retention setting (each release's latest scan stays).
    Job("prune-scans", Period.DAILY, at_minute=3 * 60),
)
