"""Time for the core: a ``Clock`` port and aware-UTC helpers (core layer).

Nothing below the edges calls ``datetime.now()``. Composition roots pass a ``SystemClock``;
tests pass a ``FixedClock``. All stored times are aware and in UTC; conversion to a user's
zone happens only when rendering (``to_zone``), and this module is the only one that names
a time zone.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rempart.core.errors import InvalidInput


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...


@dataclass(frozen=True, slots=True)
class SystemClock:
    """The real clock. Constructed only by composition roots (CLI, settings, worker)."""

    def now(self) -> datetime:
        return datetime.now(tz=UTC)


@dataclass(slots=True)
class FixedClock:
    """A clock that stands still until moved; for tests and reproducible documents."""

    current: datetime

    def __post_init__(self) -> None:
        self.current = ensure_utc(self.current, "clock")

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta


def ensure_utc(value: datetime, field_name: str) -> datetime:
    """Refuse naive datetimes (their zone is a guess) and normalise aware ones to UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput.single(field_name, "a time zone is required (e.g. 2026-11-23T10:00:00Z)")
    return value.astimezone(UTC)


def today(clock: Clock) -> date:
    return clock.now().date()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput.single("time_zone", f"unknown time zone {name!r}") from exc


def to_zone(value: datetime, zone_name: str) -> datetime:
    return ensure_utc(value, "time").astimezone(zone(zone_name))


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_months_datetime(start: datetime, months: int) -> datetime:
    shifted = add_months(start.date(), months)
    return start.replace(year=shifted.year, month=shifted.month, day=shifted.day)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and add_months(start, months) > end:
        months -= 1
    elif months < 0 and add_months(start, months) < end:
        months += 1
    return months
