"""Every source of deadlines that reminders watch, listed (services layer).

A source is ``(ctx) -> list[Deadline]`` over the whole workspace and only reads. Each feature
owns its source; this module imports them and lists them in one place, so a reader (and
import-linter) sees every arrow. A new source is one line in :data:`SOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable

from rempart.core.deadlines import Deadline
from rempart.services.assessment import actions as assessment_actions
from rempart.services.context import ServiceContext
from rempart.services.disclosure import deadlines as disclosure_deadlines
from rempart.services.reporting import cases as reporting_cases
from rempart.services.risk import deadlines as risk_deadlines

DeadlineSource = Callable[[ServiceContext], list[Deadline]]

SOURCES: dict[str, DeadlineSource] = {
    "reporting": reporting_cases.deadlines,
    "disclosure": disclosure_deadlines.deadlines,
    "risk.reviews": risk_deadlines.review_deadlines,
    "assessment.actions": assessment_actions.action_deadlines,
}


def sources() -> dict[str, DeadlineSource]:
    """Every source, in the listed order."""
    return dict(SOURCES)


def collect(ctx: ServiceContext) -> list[Deadline]:
    found: list[Deadline] = []
    for source in SOURCES.values():
        found.extend(source(ctx))
    return found
