"""The Art. 14 clocks with fixed times: every stage of both kinds of case, DST and month ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rempart.core.clock import to_zone
from rempart.core.cra.catalog import load_catalog
from rempart.core.reporting.clocks import (
    CaseKind,
    CaseTimes,
    IntermediateRequest,
    StageClock,
    StageState,
    compute_clocks,
    describe_remaining,
    next_due,
)

CATALOG = load_catalog()
RULES = CATALOG.rules.report_stage


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def by_key(clocks: tuple[StageClock, ...]) -> dict[str, StageClock]:
    return {c.key: c for c in clocks}


def test_vulnerability_stages_across_the_berlin_dst_change() -> None:
    # Aware Saturday 24 Oct 2026 10:30 CEST; Berlin leaves summer time on Sunday 25 Oct.
    aware = utc(2026, 10, 24, 8, 30)
    clocks = by_key(
        compute_clocks(RULES, CaseTimes(CaseKind.VULNERABILITY, aware), now=utc(2026, 10, 24, 9))
    )
    assert list(clocks) == [
        "early-warning",
        "notification",
        "final-report",
        "intermediate-report",
        "user-notice",
    ]
    early = clocks["early-warning"]
    assert early.due_at == utc(2026, 10, 25, 8, 30)  # 24 h, hour by hour
    assert early.later_due_at is None
    assert early.state is StageState.DUE
    assert early.citations == ("ART14-2a", "RPT-AEV-EW")
    # The same instant reads 09:30 CET: 23 wall-clock hours after 10:30 CEST.
    assert to_zone(early.due_at, "Europe/Berlin").isoformat() == "2026-10-25T09:30:00+01:00"
    assert to_zone(aware, "Europe/Berlin").isoformat() == "2026-10-24T10:30:00+02:00"
    assert clocks["notification"].due_at == utc(2026, 10, 27, 8, 30)
    assert clocks["notification"].contents[0] == "RPT-AEV-VN-PRODUCT"
    final = clocks["final-report"]
    assert final.state is StageState.NOT_STARTED
    assert final.due_at is None
    assert "corrective or mitigating measure" in final.waiting_for
    assert clocks["intermediate-report"].state is StageState.NOT_STARTED
    assert clocks["user-notice"].state is StageState.NO_DEADLINE
    assert clocks["user-notice"].due_at is None


def test_vulnerability_final_report_runs_from_the_measure_not_from_awareness() -> None:
    times = CaseTimes(
        CaseKind.VULNERABILITY,
        aware_at=utc(2026, 10, 24, 8, 30),
        measure_available_at=utc(2026, 11, 2, 12, 0),
    )
    final = by_key(compute_clocks(RULES, times, now=utc(2026, 11, 3)))["final-report"]
    assert final.anchor_at == utc(2026, 11, 2, 12, 0)
    assert final.due_at == utc(2026, 11, 16, 12, 0)  # 14 x 24 h: the conservative reading
    # 1182/71: day of the event not counted, ends at the end of Monday 16 Nov.
    assert final.later_due_at == utc(2026, 11, 17, 0, 0)
    assert final.citations == ("ART14-2c", "RPT-AEV-FR", "RPT-PERIODS")


def test_vulnerability_final_report_later_reading_moves_past_a_weekend() -> None:
    times = CaseTimes(
        CaseKind.VULNERABILITY, utc(2026, 10, 1), measure_available_at=utc(2026, 10, 10, 7)
    )
    final = by_key(compute_clocks(RULES, times, now=utc(2026, 10, 11)))["final-report"]
    assert final.due_at == utc(2026, 10, 24, 7)  # a Saturday
    assert final.later_due_at == utc(2026, 10, 27, 0, 0)  # end of Monday 26 Oct


def test_incident_stages_and_the_month_end() -> None:
    aware = utc(2026, 1, 30, 15, 0)
    times = CaseTimes(CaseKind.INCIDENT, aware)
    clocks = by_key(compute_clocks(RULES, times, now=utc(2026, 1, 30, 16)))
    assert clocks["early-warning"].due_at == utc(2026, 1, 31, 15, 0)
    assert clocks["early-warning"].citations == ("ART14-4a", "RPT-SI-EW")
    assert clocks["notification"].due_at == utc(2026, 2, 2, 15, 0)
    assert clocks["final-report"].state is StageState.NOT_STARTED
    assert "incident notification is submitted" in clocks["final-report"].waiting_for

    submitted = {"early-warning": utc(2026, 1, 30, 20), "notification": utc(2026, 1, 31, 9)}
    later = CaseTimes(CaseKind.INCIDENT, aware, submitted=submitted)
    clocks = by_key(compute_clocks(RULES, later, now=utc(2026, 2, 1)))
    assert clocks["early-warning"].state is StageState.SUBMITTED
    assert clocks["notification"].state is StageState.SUBMITTED
    final = clocks["final-report"]
    # 31 Jan + one month = 28 Feb (2026 is no leap year), same time of day.
    assert final.due_at == utc(2026, 2, 28, 9, 0)
    # 28 Feb 2026 is a Saturday: the later reading ends with Monday 2 March.
    assert final.later_due_at == utc(2026, 3, 3, 0, 0)
    assert final.citations == ("ART14-4c", "RPT-SI-FR", "RPT-PERIODS")


def test_incident_final_report_in_a_leap_year_and_across_dst() -> None:
    leap = CaseTimes(
        CaseKind.INCIDENT, utc(2028, 1, 30), submitted={"notification": utc(2028, 1, 31, 9)}
    )
    assert by_key(compute_clocks(RULES, leap, now=utc(2028, 2, 1)))["final-report"].due_at == utc(
        2028, 2, 29, 9
    )
    dst = CaseTimes(
        CaseKind.INCIDENT, utc(2026, 9, 24), submitted={"notification": utc(2026, 9, 25, 10)}
    )
    final = by_key(compute_clocks(RULES, dst, now=utc(2026, 9, 26)))["final-report"]
    assert final.due_at == utc(2026, 10, 25, 10)
    assert to_zone(final.due_at, "Europe/Berlin").hour == 11  # CET, not CEST


def test_overdue_submitted_and_intermediate_requests() -> None:
    aware = utc(2026, 11, 20, 8)
    requests = (
        IntermediateRequest(1, utc(2026, 11, 21, 9), due_at=utc(2026, 11, 22, 9)),
        IntermediateRequest(2, utc(2026, 11, 23, 9)),
    )
    times = CaseTimes(
        CaseKind.VULNERABILITY,
        aware,
        submitted={
            "early-warning": utc(2026, 11, 20, 20),
            "intermediate-report-1": utc(2026, 11, 22, 8),
        },
        intermediate_requests=requests,
    )
    now = utc(2026, 11, 23, 10)
    clocks = by_key(compute_clocks(RULES, times, now=now))
    assert clocks["early-warning"].state is StageState.SUBMITTED
    assert clocks["notification"].state is StageState.OVERDUE  # due 23 Nov 08:00
    assert clocks["intermediate-report-1"].state is StageState.SUBMITTED
    assert clocks["intermediate-report-2"].state is StageState.NO_DEADLINE
    assert clocks["intermediate-report-2"].citations == ("ART14-6", "RPT-INTERIM")
    assert "intermediate-report" not in clocks
    first = next_due(tuple(clocks.values()))
    assert first is not None
    assert first.key == "notification"
    assert describe_remaining(first.remaining(now) or timedelta()) == "overdue by 2 h 0 min"


def test_a_proposed_case_has_no_running_clock() -> None:
    clocks = compute_clocks(RULES, CaseTimes(CaseKind.VULNERABILITY, None), now=utc(2026, 11, 23))
    assert {c.state for c in clocks} == {StageState.NOT_STARTED}
    assert next_due(clocks) is None
    # A measure recorded before anyone confirmed awareness starts nothing either.
    measured = CaseTimes(CaseKind.VULNERABILITY, None, measure_available_at=utc(2026, 11, 22))
    assert (
        by_key(compute_clocks(RULES, measured, now=utc(2026, 11, 23)))["final-report"].due_at
        is None
    )


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=23, minutes=59, seconds=59), "due in 23 h 59 min"),
        (timedelta(days=2, hours=1), "due in 2 d 1 h 0 min"),
        (timedelta(minutes=-5), "overdue by 5 min"),
    ],
)
def test_describe_remaining(delta: timedelta, text: str) -> None:
    assert describe_remaining(delta) == text


def test_naive_times_are_refused() -> None:
    from rempart.core.errors import InvalidInput

    naive = datetime(2026, 1, 2)  # noqa: DTZ001
    with pytest.raises(InvalidInput):
        compute_clocks(RULES, CaseTimes(CaseKind.INCIDENT, utc(2026, 1, 1)), now=naive)
