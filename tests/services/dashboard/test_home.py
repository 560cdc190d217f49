"""The home dashboard: running clocks, overdue items, exploited findings since the last visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rempart.core.clock import FixedClock
from rempart.core.errors import PermissionDenied
from rempart.core.reporting.case import CaseDraft
from rempart.core.urgency import Urgency
from rempart.services.context import Actor, ServiceContext
from rempart.services.dashboard import home as dashboard
from rempart.services.reporting import cases as reporting
from rempart.services.vulnerabilities import scanning

pytestmark = pytest.mark.database
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the operator fixture's clock


def _case(ctx: ServiceContext, title: str, aware_hours_ago: float) -> str:
    draft = CaseDraft(
        kind="vulnerability",
        title=title,
        products=("gateway",),
        member_states=("DE",),
        aware_at=NOW - timedelta(hours=aware_hours_ago),
        aware_reason="Seen in the KEV feed",
    )
    return reporting.open_case(ctx, draft).reference


def _as(user_id: int, role: str, at: datetime, service_settings: object) -> ServiceContext:
    return ServiceContext(
        Actor.for_user("dana", role, user_id), FixedClock(at), settings=service_settings
    )  # type: ignore[arg-type]


def test_an_empty_workspace_has_nothing_to_show(organization, operator) -> None:
    board = dashboard.home(operator)
    assert (board.clocks, board.awaiting, board.products, board.exploited) == ((), (), (), ())
    assert [o for o in board.overdue if o.kind != "security.txt"] == []


def test_running_clocks_come_most_urgent_first_with_their_colour(gateway, operator) -> None:
    calm = _case(operator, "Calm", 1)  # early warning due in 23 h: amber
    late = _case(operator, "Late", 30)  # due 6 h ago: overdue
    close = _case(operator, "Close", 20)  # due in 4 h: red
    board = dashboard.home(operator)
    assert [(c.reference, c.urgency) for c in board.clocks] == [
        (late, Urgency.OVERDUE),
        (close, Urgency.RED),
        (calm, Urgency.AMBER),
    ]
    first = board.clocks[0]
    assert first.countdown == "overdue by 6 h 0 min"
    assert first.stage == "Early warning notification"
    assert first.products == (("gateway", "Gateway"),)
    assert first.link.route == "case-stage"
    assert first.link.args == (late, "early-warning")
    # the overdue early warning is an overdue item too, linked to its case
    reports = [o for o in board.overdue if o.kind == "Art. 14 report"]
    assert [o.link.args[0] for o in reports if o.link] == [late]


def test_products_show_class_readiness_findings_and_support(gateway, operator) -> None:
    board = dashboard.home(operator)
    (line,) = board.products
    assert (line.slug, line.product_class, line.latest_version) == ("gateway", "critical", "3.0.0")
    assert line.readiness_percent == 0
    summary = scanning.release_summary(operator, "gateway", "3.0.0")
    assert summary is not None
    assert line.findings is not None
    assert line.findings["open"] == summary.open_findings > 0
    severities = ("critical", "high", "medium", "low", "other")
    assert sum(line.findings[s] for s in severities) == summary.open_findings
    assert line.support == "supported"
    assert line.end_of_support is not None


def test_exploited_findings_are_new_since_the_previous_visit(
    gateway, operator, make_user, service_settings
) -> None:
    user = make_user("dana", "viewer")
    first = dashboard.home(_as(user.id, "viewer", NOW, service_settings))
    assert first.first_visit
    assert first.since == NOW - dashboard.FIRST_VISIT_WINDOW
    assert first.exploited_total > 0
    assert all(f.exploited for f in first.exploited)
    # a reload in the same session keeps what counts as new
    again = dashboard.home(_as(user.id, "viewer", NOW + timedelta(minutes=10), service_settings))
    assert again.first_visit
    assert again.exploited_total == first.exploited_total
    # the next session counts from the latest visit: the findings were seen before it
    later = dashboard.home(_as(user.id, "viewer", NOW + timedelta(hours=3), service_settings))
    assert not later.first_visit
    assert later.since == NOW + timedelta(minutes=10)
    assert later.exploited_total == 0


def test_findings_past_their_due_date_are_overdue(gateway, operator) -> None:
    later = ServiceContext(operator.actor, FixedClock(NOW + timedelta(days=400)))
    board = dashboard.home(later, record_visit=False)
    (triage,) = [o for o in board.overdue if o.kind == "Triage"]
    assert triage.link is not None
    assert triage.link.query == (("overdue", "1"),)
    assert triage.title.endswith("past the remediation due date")


def test_the_dashboard_needs_a_reader(organization, service_settings) -> None:
    nobody = ServiceContext(Actor.public(), FixedClock(NOW), settings=service_settings)
    with pytest.raises(PermissionDenied):
        dashboard.home(nobody)


def test_late_findings_are_counted_up_to_a_limit(gateway, operator, monkeypatch) -> None:
    later = ServiceContext(operator.actor, FixedClock(NOW + timedelta(days=400)))
    monkeypatch.setattr(dashboard, "LATE_COUNTED", 2)
    (triage,) = [o for o in dashboard.home(later, record_visit=False).overdue if o.kind == "Triage"]
    assert triage.title == "2+ findings past the remediation due date"
