"""Time for the core: a ``Clock`` port, aware-UTC helpers and time zones (core layer).

Nothing below the edges calls ``datetime.now()``. Composition roots pass a ``SystemClock``;
tests pass a ``FixedClock``. All stored times are aware and in UTC; conversion to a person's
zone happens only when rendering (``to_zone``, ``iso``).

A person's zone (:func:`effective_zone`): their own choice, else the organization's, else the
zone of the capital of the main establishment's Member State (``core/member_states.py``),
else UTC. A time a person types (:func:`parse_time`) may carry an explicit offset; without
one it is read in their zone, and a wall-clock time that a daylight-saving change makes
ambiguous or skips is refused rather than guessed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rempart.core.errors import InvalidInput
from rempart.core.member_states import member_state


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


# ------------------------------------------------------------------ zones and ISO 8601


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """The zone times are shown and read in, and where that choice comes from."""

    name: str  # IANA name, e.g. "Europe/Berlin"
    basis: str  # "your profile", "the organization", "capital of DE Germany (Berlin)", ...


def check_zone(name: str, field_name: str = "time_zone") -> str:
    """An IANA zone name as given (``Europe/Berlin``), refusing unknown ones with the field."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 64:
        raise InvalidInput.single(field_name, "give an IANA time zone, e.g. Europe/Berlin")
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput.single(
            field_name, f"unknown time zone {cleaned!r}; give an IANA name, e.g. Europe/Berlin"
        ) from exc
    return cleaned


def effective_zone(own: str, organization: str, main_establishment: str) -> ZoneChoice:
    """A person's own zone, else the organization's, else the main establishment's capital's."""
    if own:
        return ZoneChoice(own, "your profile")
    if organization:
        return ZoneChoice(organization, "the organization")
    state = member_state(main_establishment) if main_establishment else None
    if state is not None:
        return ZoneChoice(state.time_zone, f"capital of {state.label} ({state.capital})")
    return ZoneChoice("UTC", "no main establishment recorded")


def utc_offset(value: datetime) -> str:
    """``+01:00`` / ``-03:30`` / ``+00:00`` of an aware time."""
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def iso(value: datetime, zone_name: str | None = None) -> str:
    """ISO 8601 to the second with its offset, never microseconds.

    In UTC (no ``zone_name``): ``2026-12-06T09:30:00Z``; in a zone:
    ``2026-12-06T10:30:00+01:00``.
    """
    moment = ensure_utc(value, "time").replace(microsecond=0)
    if zone_name is None or zone_name == "UTC":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    local = moment.astimezone(zone(zone_name))
    return local.strftime("%Y-%m-%dT%H:%M:%S") + utc_offset(local)


def iso_or_none(value: datetime | None, zone_name: str | None = None) -> str | None:
    return iso(value, zone_name) if value is not None else None


def zone_label(zone_name: str, at: datetime) -> str:
    """``Europe/Berlin, UTC+01:00``: the zone and its offset at ``at``."""
    if zone_name == "UTC":
        return "UTC"
    return f"{zone_name}, UTC{utc_offset(to_zone(at, zone_name))}"


def local_text(value: datetime, zone_name: str) -> str:
    """``2026-12-06 10:30 CET (UTC+01:00)``: a time for people, with its zone and offset."""
    local = to_zone(value, zone_name)
    if zone_name == "UTC":
        return local.strftime("%Y-%m-%d %H:%M UTC")
    abbreviation = local.tzname() or ""
    offset = f"UTC{utc_offset(local)}"
    named = abbreviation if abbreviation[:1].isalpha() and abbreviation != "UTC" else ""
    return local.strftime("%Y-%m-%d %H:%M ") + (f"{named} ({offset})" if named else offset)


def parse_time(text: str, zone_name: str, field_name: str) -> datetime:
    """A time a person typed, as aware UTC.

    With an offset (``2026-12-05T10:30+01:00``, ``…Z``) the offset rules; without one the
    time is read in ``zone_name``. A local time that does not exist (skipped by the spring
    change) or exists twice (the autumn change) is refused: give the offset instead.
    """
    cleaned = text.strip().replace("z", "Z")
    if cleaned.endswith(" UTC"):
        cleaned = cleaned.removesuffix(" UTC") + "Z"
    try:
        if len(cleaned) < 16 or cleaned[10] not in "T ":
            raise ValueError("a date without a time")
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput.single(
            field_name,
            f"{text!r} is not a date and time; write e.g. 2026-12-05 10:30 ({zone_name}) "
            "or with an offset, 2026-12-05T10:30+01:00",
        ) from None
    if parsed.tzinfo is not None and parsed.utcoffset() is not None:
        return parsed.astimezone(UTC)
    return local_to_utc(parsed, zone_name, field_name)


def local_to_utc(naive: datetime, zone_name: str, field_name: str) -> datetime:
    """A wall-clock time in ``zone_name`` as aware UTC; ambiguous or skipped times refused."""
    tz = zone(zone_name)
    earlier = naive.replace(tzinfo=tz, fold=0)
    later = naive.replace(tzinfo=tz, fold=1)
    round_trip = earlier.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive.replace(tzinfo=None):
        raise InvalidInput.single(
            field_name,
            f"{naive:%Y-%m-%d %H:%M} does not exist in {zone_name} (the clocks were put "
            "forward); give the time with its offset",
        )
    if earlier.utcoffset() != later.utcoffset():
        raise InvalidInput.single(
            field_name,
            f"{naive:%Y-%m-%d %H:%M} happened twice in {zone_name} (the clocks were put back); "
            f"give the offset, {utc_offset(earlier)} or {utc_offset(later)}",
        )
    return earlier.astimezone(UTC)
