"""Time zones: whose zone applies, reading typed times, ISO 8601 without microseconds."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from rempart.core.clock import (
    effective_zone,
    iso,
    local_text,
    parse_time,
    zone_label,
)
from rempart.core.errors import InvalidInput
from rempart.core.member_states import MEMBER_STATES, label, member_state, normalise_code


def test_a_berlin_time_without_offset_is_read_in_berlin() -> None:
    aware = parse_time("2026-12-05 10:30", "Europe/Berlin", "aware_at")
    assert aware == datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    assert parse_time("2026-12-05T10:30", "Europe/Berlin", "aware_at") == aware
    # Summer: CEST is UTC+2.
    assert parse_time("2026-07-01 10:30", "Europe/Berlin", "x") == datetime(
        2026, 7, 1, 8, 30, tzinfo=UTC
    )


def test_an_explicit_offset_wins_over_the_zone() -> None:
    assert parse_time("2026-12-05T10:30+02:00", "Europe/Berlin", "x") == datetime(
        2026, 12, 5, 8, 30, tzinfo=UTC
    )
    assert parse_time("2026-12-05T10:30Z", "Europe/Berlin", "x") == datetime(
        2026, 12, 5, 10, 30, tzinfo=UTC
    )
    assert parse_time("2026-12-05 10:30 UTC", "Europe/Berlin", "x") == datetime(
        2026, 12, 5, 10, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-29 02:30", "does not exist in Europe/Berlin"),  # clocks put forward
        ("2026-10-25 02:30", "happened twice in Europe/Berlin"),  # clocks put back
        ("2026-12-05", "is not a date and time"),  # a day is not an instant
        ("yesterday", "is not a date and time"),
    ],
)
def test_times_that_cannot_be_read_safely_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        parse_time(text, "Europe/Berlin", "aware_at")
    assert caught.value.problems[0].field == "aware_at"


def test_the_autumn_hour_is_accepted_with_its_offset() -> None:
    first = parse_time("2026-10-25T02:30+02:00", "Europe/Berlin", "x")
    second = parse_time("2026-10-25T02:30+01:00", "Europe/Berlin", "x")
    assert (second - first).total_seconds() == 3600


def test_iso_has_the_offset_and_never_microseconds() -> None:
    moment = datetime(2026, 12, 6, 9, 30, 15, 123456, tzinfo=UTC)
    assert iso(moment) == "2026-12-06T09:30:15Z"
    assert iso(moment, "Europe/Berlin") == "2026-12-06T10:30:15+01:00"
    assert iso(moment, "America/St_Johns") == "2026-12-06T06:00:15-03:30"
    assert iso(moment.astimezone(ZoneInfo("Asia/Tokyo"))) == "2026-12-06T09:30:15Z"


def test_times_for_people_name_their_zone() -> None:
    moment = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    assert local_text(moment, "Europe/Berlin") == "2026-12-06 10:30 CET (UTC+01:00)"
    assert local_text(moment, "UTC") == "2026-12-06 09:30 UTC"
    assert local_text(moment, "America/Sao_Paulo") == "2026-12-06 06:30 UTC-03:00"
    assert zone_label("Europe/Lisbon", moment) == "Europe/Lisbon, UTC+00:00"


def test_whose_zone_applies() -> None:
    assert effective_zone("Europe/Lisbon", "Europe/Paris", "DE").name == "Europe/Lisbon"
    assert effective_zone("", "Europe/Paris", "DE").name == "Europe/Paris"
    capital = effective_zone("", "", "DE")
    assert (capital.name, capital.basis) == ("Europe/Berlin", "capital of DE Germany (Berlin)")
    assert effective_zone("", "", "EL").name == "Europe/Athens"
    assert effective_zone("", "", "").name == "UTC"


def test_member_states_in_eu_usage() -> None:
    assert len(MEMBER_STATES) == 27
    assert normalise_code("gr") == "EL"  # ISO 3166 input, EU usage stored
    assert normalise_code("EL") == "EL"
    assert normalise_code("UK") is None
    assert label("EL") == "EL Greece"
    assert member_state("CY").time_zone == "Asia/Nicosia"  # type: ignore[union-attr]
    for state in MEMBER_STATES:
        ZoneInfo(state.time_zone)  # every capital's zone exists
