"""What a compliance lead looks at first: the home dashboard (services layer).

:func:`home` gathers, in one call: the running Art. 14 clocks (most urgent first), every overdue
item from the deadline sources that reminders watch (``notifications/deadlines.py``) plus the
findings past their remediation due date, the exploited findings that are new since the
person's last visit, and one line per product (class, Annex I readiness, open findings of the
latest release by severity, end of support). Each item names the page where it is handled
(:class:`~rempart.core.links.PageRef`); the edges resolve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction

from rempart.core.deadlines import Deadline
from rempart.core.links import PageRef
from rempart.core.reporting.clocks import describe_remaining
from rempart.core.urgency import Urgency, urgency
from rempart.services.accounts.authz import Action, require
from rempart.services.assessment import gap_report
from rempart.services.context import ServiceContext
from rempart.services.notifications import deadlines as deadline_sources
from rempart.services.products import register as products
from rempart.services.reporting import cases as reporting_cases
from rempart.services.vulnerabilities import scanning, workbench
from rempart.store.repositories import accounts as accounts_repo

#: a visit this long after the previous one starts a new "since your last visit"
SESSION_GAP = timedelta(minutes=30)
#: on a first visit, exploited findings of this recent past count as new
FIRST_VISIT_WINDOW = timedelta(days=7)
EXPLOITED_SHOWN = 10
#: late findings are counted up to this many ("1,000+"): the count stops early
LATE_COUNTED = 1000

#: what each deadline source's items are, for the reader
KINDS: dict[str, str] = {
    "reporting": "Art. 14 report",
    "disclosure": "Vulnerability report",
    "risk.reviews": "Risk review",
    "assessment.actions": "Annex I action",
}


@dataclass(frozen=True, slots=True)
class RunningClock:
    reference: str
    title: str
    products: tuple[tuple[str, str], ...]  # (slug, name)
    stage: str  # "Early warning"
    citation: str
    due_at: datetime
    countdown: str  # "due in 5 h 12 min" / "overdue by 3 min"
    urgency: Urgency
    link: PageRef


@dataclass(frozen=True, slots=True)
class AwaitingCase:
    """A proposed case: no clock runs until a person confirms when they became aware."""

    reference: str
    title: str
    products: tuple[tuple[str, str], ...]
    link: PageRef


@dataclass(frozen=True, slots=True)
class OverdueItem:
    kind: str
    title: str
    due_at: datetime | None  # None for a count of findings with different due times
    late: str  # "overdue by 2 d 3 h 10 min", or the number of findings
    citation: str | None
    link: PageRef | None


@dataclass(frozen=True, slots=True)
class ProductLine:
    slug: str
    name: str
    product_class: str
    readiness_percent: int | None
    readiness_explanation: str
    latest_version: str | None
    findings: dict[str, Any] | None  # the latest release's summary; None: never scanned
    end_of_support: date | None
    support: str  # supported | ending-soon | ended | not-released


@dataclass(frozen=True, slots=True)
class Dashboard:
    now: datetime
    since: datetime  # exploited findings at or after this time are "new"
    first_visit: bool
    clocks: tuple[RunningClock, ...]
    awaiting: tuple[AwaitingCase, ...]
    overdue: tuple[OverdueItem, ...]
    exploited: tuple[workbench.FindingRow, ...]
    exploited_total: int
    products: tuple[ProductLine, ...]


def _clocks(
    ctx: ServiceContext, states: list[reporting_cases.CaseState]
) -> tuple[list[RunningClock], list[AwaitingCase]]:
    now = ctx.clock.now()
    running: list[RunningClock] = []
    awaiting: list[AwaitingCase] = []
    for state in states:
        case = state.case
        title = case.vulnerability_id or case.title
        if case.status == "proposed":
            awaiting.append(
                AwaitingCase(
                    case.reference, title, case.products, PageRef("case", (case.reference,))
                )
            )
            continue
        clock = state.next
        if clock is None or clock.due_at is None:
            continue
        remaining = clock.due_at - now
        running.append(
            RunningClock(
                case.reference,
                title,
                case.products,
                clock.label,
                clock.citations[0] if clock.citations else "",
                clock.due_at,
                describe_remaining(remaining),
                urgency(remaining),
                PageRef("case-stage", (case.reference, clock.key)),
            )
        )
    running.sort(key=lambda c: c.due_at)
    return running, awaiting


def _overdue(ctx: ServiceContext, states: list[reporting_cases.CaseState]) -> list[OverdueItem]:
    now = ctx.clock.now()
    found: list[tuple[datetime, OverdueItem]] = []
    for name, source in deadline_sources.sources().items():
        kind = KINDS.get(name, name)
        # the cases are read once for the clocks; their deadlines are the same source's
        listed = reporting_cases.deadlines_of(states) if name == "reporting" else source(ctx)
        for deadline in listed:
            if deadline.done or deadline.due_at > now:
                continue
            found.append((deadline.due_at, _item(kind, deadline, now)))
    found.sort(key=lambda pair: pair[0])
    items = [item for _, item in found]
    late = workbench.count(ctx, workbench.FindingQuery(overdue=True), LATE_COUNTED + 1)
    if late:
        noun = "finding" if late == 1 else "findings"
        figure = f"{LATE_COUNTED:,}+" if late > LATE_COUNTED else f"{late:,}"
        items.append(
            OverdueItem(
                "Triage",
                f"{figure} {noun} past the remediation due date",
                None,
                f"{figure} {noun}",
                "AI-P2-2",
                PageRef("findings", query=(("overdue", "1"),)),
            )
        )
    return items


def _item(kind: str, deadline: Deadline, now: datetime) -> OverdueItem:
    if deadline.key.startswith("security-txt:"):
        kind = "security.txt"
    return OverdueItem(
        kind,
        deadline.title,
        deadline.due_at,
        describe_remaining(deadline.due_at - now),
        deadline.citation,
        deadline.link,
    )


def _products(ctx: ServiceContext) -> list[ProductLine]:
    items = products.list_products(ctx)
    portfolio = gap_report.portfolio(ctx, items)["products"]
    readiness = {row["slug"]: row["readiness"] for row in portfolio}
    latest = {p.slug: p.latest_release() for p in items}
    counts = scanning.open_counts(ctx, [r.id for r in latest.values() if r is not None])
    lines = []
    for product in items:
        release = latest[product.slug]
        figure = readiness.get(product.slug, {})
        lines.append(
            ProductLine(
                product.slug,
                product.name,
                product.product_class,
                figure.get("percent"),
                str(figure.get("explanation", "")),
                release.version if release else None,
                counts.get(release.id) if release else None,
                release.end_of_support if release else None,
                products.release_support_status(ctx, release).value if release else "not-released",
            )
        )
    return lines


def home(ctx: ServiceContext, record_visit: bool = True) -> Dashboard:
    """The dashboard for the acting person; notes their visit unless ``record_visit`` is off."""
    require(ctx, Action.READ)
    now = ctx.clock.now()
    previous: datetime | None = None
    if record_visit and ctx.actor.user_id is not None:
        with transaction.atomic():
            previous = accounts_repo.record_visit(ctx.actor.user_id, now, SESSION_GAP)
    since = previous or now - FIRST_VISIT_WINDOW
    states = reporting_cases.list_cases(ctx)
    clocks, awaiting = _clocks(ctx, states)
    exploited = workbench.find(
        ctx, workbench.FindingQuery(exploited_since=since, per_page=EXPLOITED_SHOWN)
    )
    return Dashboard(
        now=now,
        since=since,
        first_visit=previous is None,
        clocks=tuple(clocks),
        awaiting=tuple(awaiting),
        overdue=tuple(_overdue(ctx, states)),
        exploited=exploited.rows,
        exploited_total=exploited.total,
        products=tuple(_products(ctx)),
    )
