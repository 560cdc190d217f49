"""The reminder planner: points, catch-up once, done deadlines, back-off, idempotency keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rempart.core.deadlines import Deadline
from rempart.core.errors import InvalidInput, ProblemCollector
from rempart.core.links import PageRef
from rempart.core.reminder_message import channel_test_message, reminder_message
from rempart.core.reminders import (
    Attempts,
    ReminderEvent,
    ReminderPolicy,
    format_minutes,
    next_retry_at,
    parse_minutes,
    parse_offsets,
    plan,
    points,
)

DUE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
POLICY = ReminderPolicy(
    before_minutes=(720, 120), at_due=True, overdue_every_minutes=360, overdue_max=3
)


def warning(done: bool = False, key: str = "case:CASE-1:early-warning") -> Deadline:
    return Deadline(
        key, "Early warning for CASE-1", DUE, done, "ART14-2a", PageRef("case", ("CASE-1",))
    )


def sent(*keys: str, at: datetime = DUE) -> dict[str, Attempts]:
    return {key: Attempts(True, 1, at) for key in keys}


def labels(reminders: list) -> list[str]:  # type: ignore[type-arg]
    return [r.point.label for r in reminders]


def test_points_in_time_order() -> None:
    found = points(warning(), POLICY)
    assert [(p.label, p.event, p.at) for p in found] == [
        ("before-12h", ReminderEvent.BEFORE, DUE - 12 * H),
        ("before-2h", ReminderEvent.BEFORE, DUE - 2 * H),
        ("due", ReminderEvent.DUE, DUE),
        ("overdue-1", ReminderEvent.OVERDUE, DUE + 6 * H),
        ("overdue-2", ReminderEvent.OVERDUE, DUE + 12 * H),
        ("overdue-3", ReminderEvent.OVERDUE, DUE + 18 * H),
    ]


def test_nothing_before_the_first_point() -> None:
    assert plan([warning()], POLICY, {}, DUE - 12 * H - timedelta(seconds=1)) == []


def test_each_point_once_with_a_stable_key() -> None:
    first = plan([warning()], POLICY, {}, DUE - 12 * H)
    assert [r.key for r in first] == ["case:CASE-1:early-warning|before-12h"]
    assert not first[0].catch_up
    assert not first[0].retry
    history = sent(first[0].key)
    assert plan([warning()], POLICY, history, DUE - 3 * H) == []
    second = plan([warning()], POLICY, history, DUE - 2 * H)
    assert labels(second) == ["before-2h"]
    assert not second[0].catch_up


def test_a_worker_down_across_several_points_sends_one_catch_up() -> None:
    # Nothing sent since before-12h; now is past before-2h, due and overdue-1.
    history = sent("case:CASE-1:early-warning|before-12h")
    late = plan([warning()], POLICY, history, DUE + 7 * H)
    assert labels(late) == ["overdue-1"]
    assert late[0].catch_up
    # Once that is sent, the superseded points are not sent afterwards.
    history |= sent(late[0].key)
    assert plan([warning()], POLICY, history, DUE + 8 * H) == []


def test_overdue_repeats_stop_at_the_cap() -> None:
    history = sent(
        *(f"case:CASE-1:early-warning|{label}" for label in ("before-12h", "before-2h", "due"))
    )
    got = []
    now = DUE
    while now < DUE + 72 * H:
        for reminder in plan([warning()], POLICY, history, now):
            got.append((reminder.point.label, now))
            history |= sent(reminder.key, at=now)
        now += timedelta(minutes=5)
    assert got == [
        ("overdue-1", DUE + 6 * H),
        ("overdue-2", DUE + 12 * H),
        ("overdue-3", DUE + 18 * H),
    ]


def test_no_overdue_reminders_when_the_cap_is_zero() -> None:
    policy = ReminderPolicy((60,), True, 60, 0)
    history = sent("case:CASE-1:early-warning|due")
    assert plan([warning()], policy, history, DUE + 100 * H) == []


def test_done_deadlines_get_nothing() -> None:
    assert plan([warning(done=True)], POLICY, {}, DUE + 1 * H) == []


def test_failed_delivery_retries_with_back_off_and_is_not_superseded_early() -> None:
    now = DUE - 2 * H
    key = "case:CASE-1:early-warning|before-2h"
    failed = {key: Attempts(False, 1, now)}
    assert plan([warning()], POLICY, failed, now + timedelta(minutes=4)) == []
    retried = plan([warning()], POLICY, failed, now + timedelta(minutes=5))
    assert [r.key for r in retried] == [key]
    assert retried[0].retry
    assert next_retry_at(2, now) == now + timedelta(minutes=10)
    assert next_retry_at(3, now) == now + timedelta(minutes=20)
    assert next_retry_at(30, now) == now + timedelta(hours=1)


def test_a_channel_sees_only_its_events() -> None:
    history = sent("case:CASE-1:early-warning|before-12h")
    only_overdue = plan([warning()], POLICY, history, DUE + 1 * H, [ReminderEvent.OVERDUE])
    assert only_overdue == []
    assert labels(plan([warning()], POLICY, {}, DUE + 6 * H, [ReminderEvent.OVERDUE])) == [
        "overdue-1"
    ]
    before_only = plan([warning()], POLICY, {}, DUE + 6 * H, [ReminderEvent.BEFORE])
    assert labels(before_only) == ["before-2h"]


def test_several_deadlines_ordered_by_due_time() -> None:
    later = Deadline("case:CASE-2:notification", "Notification for CASE-2", DUE + 48 * H, False)
    sooner = warning()
    got = plan([later, sooner], POLICY, {}, DUE + 48 * H)
    assert [r.deadline.key for r in got] == [sooner.key, later.key]
    assert labels(got) == ["overdue-3", "due"]


def test_policy_validation_names_the_fields() -> None:
    problems = ReminderPolicy((0, 60, 60), True, 5, 99).problems()
    fields = sorted({p.field for p in problems.problems})
    assert fields == ["before", "overdue_every", "overdue_max"]
    assert not ReminderPolicy().problems().problems


@pytest.mark.parametrize(
    ("text", "minutes"), [("12h", 720), ("90m", 90), ("1d6h", 1800), (" 2H ", 120), ("1h30m", 90)]
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_minutes(text, "x", ProblemCollector()) == minutes
    assert parse_minutes(format_minutes(minutes), "x", ProblemCollector()) == minutes


@pytest.mark.parametrize("text", ["", "12", "h", "-2h", "2 hours", "1e3m", "99999999m"])
def test_bad_durations_are_named(text: str) -> None:
    problems = ProblemCollector()
    assert parse_minutes(text, "overdue_every", problems) is None
    assert problems.problems[0].field == "overdue_every"
    with pytest.raises(InvalidInput):
        problems.raise_if_any("bad")


def test_offsets_largest_first() -> None:
    assert parse_offsets("2h, 12h,30m", ProblemCollector()) == [720, 120, 30]
    assert parse_offsets("", ProblemCollector()) == []


def test_message_tells_the_truth_when_late_and_cites_the_rule() -> None:
    history = sent("case:CASE-1:early-warning|before-12h")
    reminder = plan([warning()], POLICY, history, DUE + 7 * H)[0]
    link = "https://r.example/cases/CASE-1/"
    message = reminder_message(reminder, DUE + 7 * H + timedelta(minutes=30), link)
    assert message.event == "reminder.overdue"
    assert message.subject == "[Rempart] Overdue by 7h30m: Early warning for CASE-1"
    assert "[ART14-2a]" in message.body
    assert "https://r.example/cases/CASE-1/" in message.body
    assert "could not be sent in time" in message.body
    assert message.payload["deadline"]["citation"] == "ART14-2a"
    assert message.payload["key"] == "case:CASE-1:early-warning|overdue-1"
    assert message.payload["catch_up"] is True
    before = plan([warning()], POLICY, {}, DUE - 12 * H)[0]
    assert reminder_message(before, DUE - 12 * H).subject.startswith("[Rempart] Due in 12h:")


def test_test_message_names_the_channel() -> None:
    message = channel_test_message("ops", DUE)
    assert message.event == "test"
    assert message.payload == {
        "version": 1,
        "event": "test",
        "channel": "ops",
        "sent_at": DUE.isoformat(),
    }


def test_a_failed_earlier_point_makes_the_next_one_a_catch_up() -> None:
    history = {"case:CASE-1:early-warning|before-2h": Attempts(False, 3, DUE - H)}
    [reminder] = plan([warning()], POLICY, history, DUE)
    assert reminder.point.label == "due"
    assert reminder.catch_up


def test_a_title_with_line_breaks_cannot_break_the_subject() -> None:
    hostile = Deadline("k", "Early warning\r\nBcc: victim@example.com", DUE, False)
    [reminder] = plan([hostile], POLICY, {}, DUE)
    subject = reminder_message(reminder, DUE).subject
    assert "\r" not in subject
    assert "\n" not in subject
    assert subject == "[Rempart] Due now: Early warning Bcc: victim@example.com"
