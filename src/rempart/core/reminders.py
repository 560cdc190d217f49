"""When to remind whom of which deadline: the reminder planner (core layer).

A :class:`ReminderPolicy` names the *points* of every deadline: some offsets before the due
time, the due time itself, and overdue repeats every N minutes up to a cap. :func:`plan` takes
the deadlines, the policy, what one channel already delivered and ``now``, and returns the
reminders that channel must deliver now.

Guarantees (the reminders are about the legal 24 h / 72 h clocks of Art. 14, so they must be
reliable and never duplicated):

- **one key per point**: ``<deadline key>|<point>`` (e.g. ``case:CASE-1:early-warning|before-2h``)
  is the idempotency key; a key delivered once is never planned again;
- **catch-up, once**: only the latest point that has passed is planned. A worker that was down
  across several points sends one reminder (marked ``catch_up``) instead of one per missed point;
- **done deadlines get nothing**;
- a channel that subscribes to some events only (e.g. ``overdue``) sees only those points;
- **failures retry with back-off** (:func:`next_retry_at`) until delivered or superseded by a
  later point; they are never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rempart.core.deadlines import Deadline
from rempart.core.errors import ProblemCollector

MAX_OFFSETS = 10
MAX_OFFSET_MINUTES = 30 * 24 * 60
MIN_OVERDUE_EVERY_MINUTES = 15
MAX_OVERDUE_EVERY_MINUTES = 7 * 24 * 60
MAX_OVERDUE_REPEATS = 50
RETRY_BASE = timedelta(minutes=5)
RETRY_CAP = timedelta(hours=1)


class ReminderEvent(StrEnum):
    BEFORE = "before"  # a configured offset before the due time
    DUE = "due"  # the due time itself
    OVERDUE = "overdue"  # after the due time, repeated


ALL_EVENTS = tuple(ReminderEvent)


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """Offsets of the reminder points, in minutes; the defaults suit the 24 h / 72 h clocks."""

    before_minutes: tuple[int, ...] = (12 * 60, 2 * 60)
    at_due: bool = True
    overdue_every_minutes: int = 6 * 60
    overdue_max: int = 4  # 0: no overdue reminders

    def problems(self) -> ProblemCollector:
        found = ProblemCollector()
        if len(self.before_minutes) > MAX_OFFSETS:
            found.add("before", f"at most {MAX_OFFSETS} offsets")
        if len(set(self.before_minutes)) != len(self.before_minutes):
            found.add("before", "each offset may appear once")
        for minutes in self.before_minutes:
            if not 1 <= minutes <= MAX_OFFSET_MINUTES:
                found.add("before", f"{format_minutes(minutes)} is not between 1m and 30d")
        if not 0 <= self.overdue_max <= MAX_OVERDUE_REPEATS:
            found.add("overdue_max", f"must be between 0 and {MAX_OVERDUE_REPEATS}")
        if not MIN_OVERDUE_EVERY_MINUTES <= self.overdue_every_minutes <= MAX_OVERDUE_EVERY_MINUTES:
            found.add("overdue_every", "must be between 15m and 7d")
        return found


@dataclass(frozen=True, slots=True)
class Point:
    """One moment at which a deadline is reminded of."""

    label: str  # "before-12h", "due", "overdue-2": part of the idempotency key
    event: ReminderEvent
    at: datetime


@dataclass(frozen=True, slots=True)
class Attempts:
    """What one channel did with one key so far."""

    delivered: bool
    attempts: int
    last_attempt_at: datetime


@dataclass(frozen=True, slots=True)
class Reminder:
    key: str  # idempotency key: deadline key + point
    deadline: Deadline
    point: Point
    catch_up: bool  # earlier points passed unsent (the worker was down): this one stands for them
    retry: bool  # an earlier attempt of this same key failed


def reminder_key(deadline: Deadline, point: Point) -> str:
    return f"{deadline.key}|{point.label}"


def format_minutes(minutes: int) -> str:
    """``720`` -> ``12h``, ``90`` -> ``1h30m``, ``2880`` -> ``2d``."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{mins}m" if mins else ""]
    return "".join(parts) or "0m"


_DURATION = re.compile(r"^(?:(\d{1,3})d)?(?:(\d{1,4})h)?(?:(\d{1,6})m)?$")


def parse_minutes(text: str, field_name: str, problems: ProblemCollector) -> int | None:
    """``"12h"``, ``"90m"``, ``"1d6h"`` -> minutes; a problem on ``field_name`` otherwise."""
    cleaned = text.strip().lower().replace(" ", "")
    match = _DURATION.match(cleaned)
    if not cleaned or match is None or not any(match.groups()):
        problems.add(field_name, f"{text.strip()[:40]!r} is not a duration like 12h, 90m or 1d")
        return None
    days, hours, mins = (int(group) if group else 0 for group in match.groups())
    return days * 24 * 60 + hours * 60 + mins


def parse_offsets(text: str, problems: ProblemCollector, field_name: str = "before") -> list[int]:
    """A comma-separated list of durations (``"12h, 2h"``), largest first; empty allowed."""
    found = []
    for part in (piece for piece in text.split(",") if piece.strip()):
        minutes = parse_minutes(part, field_name, problems)
        if minutes is not None:
            found.append(minutes)
    return sorted(found, reverse=True)


def points(deadline: Deadline, policy: ReminderPolicy) -> list[Point]:
    """Every reminder point of ``deadline`` under ``policy``, in time order."""
    due = deadline.due_at
    found = [
        Point(f"before-{format_minutes(m)}", ReminderEvent.BEFORE, due - timedelta(minutes=m))
        for m in policy.before_minutes
    ]
    if policy.at_due:
        found.append(Point("due", ReminderEvent.DUE, due))
    every = timedelta(minutes=policy.overdue_every_minutes)
    found.extend(
        Point(f"overdue-{n}", ReminderEvent.OVERDUE, due + n * every)
        for n in range(1, policy.overdue_max + 1)
    )
    return sorted(found, key=lambda point: point.at)


def next_retry_at(attempts: int, last_attempt_at: datetime) -> datetime:
    """Exponential back-off after ``attempts`` failures: 5, 10, 20, 40 min, then hourly."""
    delay = RETRY_BASE * (2 ** max(attempts - 1, 0)) if attempts < 8 else RETRY_CAP
    return last_attempt_at + min(delay, RETRY_CAP)


def _undelivered(history: Mapping[str, Attempts], key: str) -> bool:
    previous = history.get(key)
    return previous is None or not previous.delivered


def plan(
    deadlines: Iterable[Deadline],
    policy: ReminderPolicy,
    history: Mapping[str, Attempts],
    now: datetime,
    events: Sequence[ReminderEvent] = ALL_EVENTS,
) -> list[Reminder]:
    """The reminders one channel must deliver at ``now`` (see the module docstring)."""
    due: list[Reminder] = []
    for deadline in deadlines:
        if deadline.done:
            continue
        passed = [p for p in points(deadline, policy) if p.at <= now and p.event in events]
        if not passed:
            continue
        latest = passed[-1]
        key = reminder_key(deadline, latest)
        previous = history.get(key)
        if previous is not None and (
            previous.delivered or now < next_retry_at(previous.attempts, previous.last_attempt_at)
        ):
            continue
        missed = any(_undelivered(history, reminder_key(deadline, p)) for p in passed[:-1])
        due.append(Reminder(key, deadline, latest, catch_up=missed, retry=previous is not None))
    return sorted(due, key=lambda reminder: (reminder.deadline.due_at, reminder.key))
