"""Clock helpers: month arithmetic and refusing naive times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rempart.core.clock import FixedClock, add_months, ensure_utc, months_between, to_zone
from rempart.core.errors import InvalidInput


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 23), 60, date(2031, 11, 23)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_months_between() -> None:
    assert months_between(date(2026, 1, 15), date(2031, 1, 15)) == 60
    assert months_between(date(2026, 1, 15), date(2031, 1, 14)) == 59


def test_naive_time_is_refused() -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        ensure_utc(datetime(2026, 1, 1, 12, 0), "aware_at")  # noqa: DTZ001


def test_fixed_clock_and_zones() -> None:
    clock = FixedClock(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    clock.advance(timedelta(hours=1))
    assert to_zone(clock.now(), "Europe/Berlin").hour == 2  # CET after the DST change
