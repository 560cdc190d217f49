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


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    period: Period
    at_minute: int = 0  # minute of the hour (hourly) or of the day (daily) after which it is due


def slot(job: Job, now: datetime) -> str | None:
    """The slot ``now`` falls in, or ``None`` while the job is not yet due in this period."""
    if job.period is Period.HOURLY:
        return now.strftime("%Y-%m-%dT%H") if now.minute >= job.at_minute else None
    minute_of_day = now.hour * 60 + now.minute
    return now.strftime("%Y-%m-%d") if minute_of_day >= job.at_minute else None


# Advisory feeds change all day; exploitation data (KEV, EPSS) daily. Everything is rescanned
# nightly on top of the targeted rescans each import triggers.
SCHEDULE = (
    Job("sync-advisories", Period.HOURLY, at_minute=5),
    Job("rescan-all", Period.DAILY, at_minute=2 * 60),
)

# Art. 14 signals: after the hourly feed sync and its rescans, propose cases for KEV-listed
# findings (a person still confirms awareness; the clocks never start on their own).
# (Appended rather than edited in place, so other capabilities can append theirs; mypy infers
# the first tuple's exact length.)
SCHEDULE = (*SCHEDULE, Job("propose-cases", Period.HOURLY, at_minute=10))  # type: ignore[assignment]
