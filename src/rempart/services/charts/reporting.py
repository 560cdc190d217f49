"""The Art. 14 timeline of one case (services layer)."""

from __future__ import annotations

from rempart.core.charts.timeline import LaneIn, MarkIn, Timeline, timeline
from rempart.core.reporting.clocks import StageState
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.reporting import cases

KEYS: tuple[tuple[str, str], ...] = (
    ("event", "Event"),
    ("submitted", "Submitted"),
    ("due", "Due"),
    ("overdue", "Overdue"),
    ("today", "Now"),
)


def case_timeline(ctx: ServiceContext, reference: str) -> Timeline:
    """Detection, awareness, each stage's due time and submission, the measure, and now."""
    require(ctx, Action.READ)
    state = cases.get_case(ctx, reference)
    case = state.case
    now = ctx.clock.now()
    events = [MarkIn("detected", case.detected_at, "event", "detected")]
    if case.aware_at is not None:
        events.append(MarkIn("aware", case.aware_at, "event", "aware"))
    if case.measure_available_at is not None:
        events.append(MarkIn("measure available", case.measure_available_at, "event", "measure"))
    lanes = [LaneIn("Events", marks=events)]
    for clock in state.clocks:
        marks = []
        if clock.due_at is not None:
            late = clock.state == StageState.OVERDUE
            marks.append(
                MarkIn(
                    f"{clock.label} due",
                    clock.due_at,
                    "overdue" if late else "due",
                    "overdue since" if late else "due",
                )
            )
        if clock.submitted_at is not None:
            marks.append(
                MarkIn(f"{clock.label} submitted", clock.submitted_at, "submitted", "sent")
            )
        lanes.append(LaneIn(clock.label, marks=marks))
    return timeline(
        f"Art. 14 timeline: {case.reference}",
        "Detection, awareness and the measure; for each stage its due time and, once sent, "
        "its submission; the line marks now.",
        lanes,
        references=[MarkIn("now", now, "today")],
        keys=KEYS,
    )
