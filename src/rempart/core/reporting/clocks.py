"""The Art. 14 clocks: when each report of a case is due, and where it stands (core layer).

Inputs are the catalog's report-stage rules (``rules.toml``: anchor, hours/days/months,
citations, contents) and the case's recorded times; nothing here reads the clock. All times
are aware UTC; conversion to the user's zone happens when rendering.

Periods (``RPT-PERIODS``): periods in hours run hour by hour from the anchor. For periods in
days or months the *due time* is the conservative, earlier reading (the measure's
availability + 14 x 24 h; the notification's submission time on the same date one month later,
clamped to the month's last day), and the later reading under Reg. (EEC, Euratom) No 1182/71 is
given beside it, labelled.

A corrective or mitigating measure available *before* the manufacturer became aware (common
for KEV-listed vulnerabilities) would put the AEV final report due before awareness, overdue
from the start: its clock starts at the later of the two, and the clock says so
(``anchor_rule = "measure-before-awareness"``; the note is in ``reporting.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from rempart.core.clock import add_months_datetime, ensure_utc
from rempart.core.cra.model import ReportStageRule


class CaseKind(StrEnum):
    VULNERABILITY = "vulnerability"  # an actively exploited vulnerability, Art. 14(1)
    INCIDENT = "incident"  # a severe incident having an impact on security, Art. 14(3)


class StageState(StrEnum):
    NOT_STARTED = "not-started"  # the clock's anchor has not happened yet
    DUE = "due"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"
    NO_DEADLINE = "no-deadline"  # running, but the article sets no fixed time (Art. 14(8))


# Why a clock has not started, per anchor (shown instead of a due time).
WAITING = {
    "awareness": "starts when a person confirms the time the manufacturer became aware",
    "measure-available": "starts when a corrective or mitigating measure is recorded as available",
    "notification-submitted": "starts when the incident notification is submitted",
    "csirt-request": "only when the coordinator CSIRT requests an intermediate report",
}


@dataclass(frozen=True, slots=True)
class IntermediateRequest:
    """A CSIRT's request for an intermediate report (Art. 14(6)); it may name a due time."""

    number: int
    requested_at: datetime
    due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseTimes:
    kind: CaseKind
    aware_at: datetime | None
    measure_available_at: datetime | None = None
    submitted: Mapping[str, datetime] | None = None  # stage key -> submission time
    intermediate_requests: tuple[IntermediateRequest, ...] = ()


@dataclass(frozen=True, slots=True)
class StageClock:
    key: str  # "early-warning", "notification", "final-report", "intermediate-report-1", …
    stage: str
    rule_id: str
    label: str
    citations: tuple[str, ...]
    contents: tuple[str, ...]
    anchor: str
    anchor_at: datetime | None
    due_at: datetime | None  # the conservative (earlier) reading
    later_due_at: datetime | None  # the later reading (RPT-PERIODS), for day and month periods
    state: StageState
    submitted_at: datetime | None
    waiting_for: str = ""
    anchor_rule: str = ""  # a reporting note id when the anchor is not the plain event

    def remaining(self, now: datetime) -> timedelta | None:
        return None if self.due_at is None else self.due_at - now

    @property
    def open(self) -> bool:
        return self.state in (StageState.DUE, StageState.OVERDUE, StageState.NO_DEADLINE)


def later_reading_end(last_day_start: datetime) -> datetime:
    """End of the last day (UTC), moved past a Saturday or Sunday (Reg. 1182/71 Art. 3(4))."""
    end = datetime.combine(last_day_start.date(), time(0), tzinfo=UTC) + timedelta(days=1)
    # ``end`` is midnight after the last day; the last day is the day before it.
    while (end - timedelta(days=1)).weekday() >= 5:
        end += timedelta(days=1)
    return end


def due_times(
    rule: ReportStageRule, anchor_at: datetime
) -> tuple[datetime | None, datetime | None]:
    """(conservative due time, later reading) of a stage whose clock started at ``anchor_at``."""
    anchor_at = ensure_utc(anchor_at, "anchor")
    if rule.hours is not None:
        return anchor_at + timedelta(hours=rule.hours), None
    if rule.days is not None:
        # 1182/71: the day of the event is not counted; the period ends at the end of day N.
        return (
            anchor_at + timedelta(hours=24 * rule.days),
            later_reading_end(anchor_at + timedelta(days=rule.days)),
        )
    if rule.months is not None:
        same_date = add_months_datetime(anchor_at, rule.months)
        return same_date, later_reading_end(same_date)
    return None, None


def _anchor_time(rule: ReportStageRule, times: CaseTimes) -> tuple[datetime | None, str]:
    """When the stage's clock starts, and the note id of the rule applied (if not plain)."""
    submitted = times.submitted or {}
    match rule.anchor:
        case "awareness":
            return times.aware_at, ""
        case "measure-available":
            measure, aware = times.measure_available_at, times.aware_at
            if measure is None or aware is None:
                return None, ""
            if measure < aware:
                # Not due before the obligation arose: the later of the two (RPT-AEV-FR note).
                return aware, "measure-before-awareness"
            return measure, ""
        case "notification-submitted":
            return submitted.get("notification"), ""
        case _:
            return None, ""


def _state(
    due: datetime | None, anchor_at: datetime | None, submitted_at: datetime | None, now: datetime
) -> StageState:
    if submitted_at is not None:
        return StageState.SUBMITTED
    if anchor_at is None:
        return StageState.NOT_STARTED
    if due is None:
        return StageState.NO_DEADLINE
    return StageState.OVERDUE if now > due else StageState.DUE


def _clock(
    rule: ReportStageRule,
    key: str,
    anchor_at: datetime | None,
    due: tuple[datetime | None, datetime | None],
    submitted_at: datetime | None,
    now: datetime,
    anchor_rule: str = "",
) -> StageClock:
    state = _state(due[0], anchor_at, submitted_at, now)
    label = rule.label if key == rule.stage else f"{rule.label} #{key.rsplit('-', 1)[1]}"
    return StageClock(
        key=key,
        stage=rule.stage,
        rule_id=rule.id,
        label=label,
        citations=rule.citations,
        contents=rule.contents,
        anchor=rule.anchor,
        anchor_at=anchor_at,
        due_at=due[0],
        later_due_at=due[1],
        state=state,
        submitted_at=submitted_at,
        waiting_for=WAITING.get(rule.anchor, "") if state is StageState.NOT_STARTED else "",
        anchor_rule=anchor_rule,
    )


def compute_clocks(
    rules: Sequence[ReportStageRule], times: CaseTimes, now: datetime
) -> tuple[StageClock, ...]:
    """Every stage of a case (catalog order), intermediate reports once per CSIRT request."""
    now = ensure_utc(now, "now")
    submitted = times.submitted or {}
    clocks: list[StageClock] = []
    for rule in rules:
        if rule.case_kind not in (times.kind.value, "any"):
            continue
        if rule.anchor == "csirt-request":
            if not times.intermediate_requests:
                clocks.append(_clock(rule, rule.stage, None, (None, None), None, now))
            for request in times.intermediate_requests:
                key = f"{rule.stage}-{request.number}"
                clocks.append(
                    _clock(
                        rule,
                        key,
                        request.requested_at,
                        (request.due_at, None),
                        submitted.get(key),
                        now,
                    )
                )
            continue
        anchor_at, anchor_rule = _anchor_time(rule, times)
        due = due_times(rule, anchor_at) if anchor_at is not None else (None, None)
        clocks.append(
            _clock(rule, rule.stage, anchor_at, due, submitted.get(rule.stage), now, anchor_rule)
        )
    return tuple(clocks)


def next_due(clocks: Sequence[StageClock]) -> StageClock | None:
    """The open stage with the earliest due time (overdue ones first, as they are earliest)."""
    timed = [c for c in clocks if c.open and c.due_at is not None]
    return min(timed, key=lambda c: c.due_at or datetime.max.replace(tzinfo=UTC), default=None)


def describe_remaining(delta: timedelta) -> str:
    """``due in 1 d 3 h`` / ``overdue by 20 min``: a countdown for people (rounded down to minutes)."""
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [f"{days} d"] if days else []
    if hours or days:
        parts.append(f"{hours} h")
    parts.append(f"{minutes} min")
    text = " ".join(parts)
    return f"overdue by {text}" if delta.total_seconds() < 0 else f"due in {text}"
