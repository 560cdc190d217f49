"""The findings workbench query: filter, sort, group and page findings in SQL (store layer).

A finding row is read with what other tables say about it, joined here and never copied into
``Finding``: the resolved severity and SSVC exploitation of its vulnerability
(``VulnerabilityEnrichment``, by vulnerability id), its triage decision and assignment. The
due date follows the remediation policy (:mod:`rempart.core.remediation`) unless a person set
one. Everything the filters and the sort use is computed in the database, so the first page
of a release with 10,000 findings costs one indexed query and a count (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from rempart.core.remediation import RemediationWindows
from rempart.core.severity import SEVERITY_ORDER
from rempart.core.triage import OPEN_STATES, TriageState
from rempart.store.models import Finding

SORTS = ("priority", "severity", "epss", "age", "due", "component", "vulnerability", "state")
GROUPS = ("", "component", "vulnerability")
MAX_PER_PAGE = 500


@dataclass(frozen=True, slots=True)
class FindingQuery:
    """What the workbench shows: a scope (portfolio, product, release) and filters."""

    product_slug: str | None = None
    release_version: str | None = None
    severities: tuple[str, ...] = ()
    exploited: bool = False  # KEV-listed or SSVC "Exploitation: active"
    kev: bool = False
    epss_min: float | None = None
    fix_available: bool | None = None
    states: tuple[str, ...] = ()
    component: str = ""
    vulnerability: str = ""
    min_age_days: int | None = None
    max_age_days: int | None = None
    overdue: bool = False
    # exploited and first seen, or KEV-listed, at or after this time (the home dashboard)
    exploited_since: datetime | None = None
    assignee: str = ""  # a username, or "-" for unassigned
    include_resolved: bool = False
    finding_ids: tuple[int, ...] = ()
    sort: str = "priority"
    descending: bool = False
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True, slots=True)
class FindingRow:
    id: int
    product_slug: str
    product_name: str
    release_version: str
    vulnerability_id: str
    aliases: tuple[str, ...]
    summary: str
    severity: str
    score: float | None
    severity_source: str
    exploitation: str
    fixed_versions: tuple[str, ...]
    component_bom_ref: str
    component_name: str
    component_version: str
    component_purl: str
    ecosystem: str
    known_exploited: bool
    kev_date_added: date | None
    kev_due_date: date | None
    epss: float | None
    epss_percentile: float | None
    status: str
    first_seen: datetime
    last_seen: datetime
    new: bool
    state: str
    justification: str
    decision_origin: str
    decision_detail: str
    assignee: str
    due_at: datetime | None
    due_set_by_hand: bool

    @property
    def exploited(self) -> bool:
        return self.known_exploited or self.exploitation == "active"

    def overdue(self, now: datetime) -> bool:
        return (
            self.status == "open"
            and self.state in OPEN_STATES
            and self.due_at is not None
            and self.due_at < now
        )


@dataclass(frozen=True, slots=True)
class FindingPage:
    rows: tuple[FindingRow, ...]
    total: int
    page: int
    pages: int
    per_page: int
    counts: dict[str, int] = field(default_factory=dict)  # by severity, over the whole filter


@dataclass(frozen=True, slots=True)
class FindingGroup:
    key: str  # component "name@version" or the vulnerability id
    label: str
    findings: int
    worst_severity: str
    exploited: bool
    open_triage: int  # still in triage or affected


def _rank_of_label(field_name: str) -> Case:
    return Case(
        *(When(**{field_name: label}, then=Value(i)) for i, label in enumerate(SEVERITY_ORDER)),
        default=Value(SEVERITY_ORDER.index("unknown")),
        output_field=IntegerField(),
    )


def _annotated(windows: RemediationWindows) -> Any:
    # Typed Any: the stubs do not see the annotations the filters below rely on.
    # One LEFT JOIN each to the enrichment, the decision and the assignment; every derived
    # value below reads their columns (no correlated subquery per row).
    query = Finding.objects.annotate(
        x_severity=Coalesce(F("enrichment__severity"), F("severity")),
        x_score=Coalesce(F("enrichment__score"), F("score")),
        x_source=F("enrichment__severity_source"),
        x_exploitation=Coalesce(F("enrichment__exploitation"), Value("")),
        x_state=Coalesce(F("decision__state"), Value(TriageState.IN_TRIAGE.value)),
    )
    query = query.annotate(
        x_rank=Coalesce(F("enrichment__severity_rank"), _rank_of_label("severity")),
        x_exploited=Case(
            When(Q(known_exploited=True) | Q(enrichment__exploitation="active"), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    return query.annotate(x_due=_due(windows))


def _window(days: int | None) -> Value:
    return Value(timedelta(days=days) if days is not None else None, output_field=DurationField())


def _due(windows: RemediationWindows) -> Any:
    window = Case(
        When(x_exploited=1, then=_window(windows.kev_days)),
        *(
            When(x_severity=label, then=_window(windows.days_for(label, False)))
            for label in ("critical", "high", "medium", "low", "none")
        ),
        default=_window(windows.unknown_days),
        output_field=DurationField(),
    )
    policy = ExpressionWrapper(F("first_seen") + window, output_field=DateTimeField())
    return Coalesce(F("assignment__due_at"), policy, output_field=DateTimeField())


def _filtered(query: FindingQuery, windows: RemediationWindows, now: datetime) -> Any:
    rows = _annotated(windows)
    if query.product_slug:
        rows = rows.filter(release__product__slug=query.product_slug)
    if query.release_version is not None:
        rows = rows.filter(release__version=query.release_version)
    if query.finding_ids:
        rows = rows.filter(pk__in=list(query.finding_ids))
    if not query.include_resolved:
        rows = rows.filter(status=Finding.Status.OPEN)
    if query.severities:
        rows = rows.filter(x_severity__in=list(query.severities))
    if query.exploited:
        rows = rows.filter(x_exploited=1)
    if query.kev:
        rows = rows.filter(known_exploited=True)
    if query.exploited_since is not None:
        since = query.exploited_since
        rows = rows.filter(x_exploited=1).filter(
            Q(first_seen__gte=since) | Q(kev_date_added__gte=since.date())
        )
    if query.epss_min is not None:
        rows = rows.filter(epss__gte=query.epss_min)
    if query.fix_available is True:
        rows = rows.exclude(fixed_versions=[])
    elif query.fix_available is False:
        rows = rows.filter(fixed_versions=[])
    if query.states:
        rows = rows.filter(x_state__in=list(query.states))
    if query.component:
        rows = rows.filter(
            Q(component_name__icontains=query.component)
            | Q(component_purl__icontains=query.component)
        )
    if query.vulnerability:
        wanted = query.vulnerability.upper()
        rows = rows.filter(Q(vulnerability_id__icontains=wanted) | Q(aliases__icontains=wanted))
    if query.min_age_days is not None:
        rows = rows.filter(first_seen__lte=now - timedelta(days=query.min_age_days))
    if query.max_age_days is not None:
        rows = rows.filter(first_seen__gte=now - timedelta(days=query.max_age_days))
    if query.overdue:
        rows = rows.filter(
            status=Finding.Status.OPEN,
            x_state__in=[s.value for s in OPEN_STATES],
            x_due__lt=now,
        )
    if query.assignee == "-":
        rows = rows.filter(assignment__assignee__isnull=True)
    elif query.assignee:
        rows = rows.filter(assignment__assignee__username=query.assignee)
    return rows


def _order(query: FindingQuery) -> list[Any]:
    tail = ["vulnerability_id", "component_name", "pk"]
    epss = F("epss").desc(nulls_last=True)
    orders: dict[str, list[Any]] = {
        "priority": ["-x_exploited", "x_rank", epss, F("x_score").desc(nulls_last=True)],
        "severity": ["x_rank", F("x_score").desc(nulls_last=True)],
        "epss": [epss],
        "age": ["first_seen"],
        "due": [F("x_due").asc(nulls_last=True)],
        "component": ["component_name", "component_version"],
        "vulnerability": ["vulnerability_id"],
        "state": ["x_state"],
    }
    chosen = orders.get(query.sort, orders["priority"])
    if query.descending:
        chosen = [_reverse(item) for item in chosen]
    return [*chosen, *tail]


def _reverse(item: Any) -> Any:
    if isinstance(item, str):
        return item[1:] if item.startswith("-") else f"-{item}"
    return (
        item.expression.asc(nulls_last=True)
        if item.descending
        else item.expression.desc(nulls_last=True)
    )


_FIELDS = (
    "pk",
    "release__product__slug",
    "release__product__name",
    "release__version",
    "vulnerability_id",
    "aliases",
    "summary",
    "x_severity",
    "x_score",
    "x_source",
    "x_exploitation",
    "fixed_versions",
    "component_bom_ref",
    "component_name",
    "component_version",
    "component_purl",
    "ecosystem",
    "known_exploited",
    "kev_date_added",
    "kev_due_date",
    "epss",
    "epss_percentile",
    "status",
    "first_seen",
    "last_seen",
    "new",
    "x_state",
    "decision__justification",
    "decision__origin",
    "decision__origin_detail",
    "assignment__assignee__username",
    "x_due",
    "assignment__due_at",
)


def _row(values: Sequence[Any]) -> FindingRow:
    (pk, slug, name, version, vid, aliases, summary, severity, score, source, exploitation,
     fixed, ref, cname, cversion, purl, ecosystem, kev, kev_added, kev_due, epss, percentile,
     status, first, last, new, state, justification, origin, detail, assignee, due,
     due_by_hand) = values  # fmt: skip
    return FindingRow(
        pk, slug, name, version, vid, tuple(aliases), summary, severity, score, source or "",
        exploitation or "", tuple(fixed), ref, cname, cversion, purl, ecosystem, kev, kev_added,
        kev_due, epss, percentile, status, first, last, new, state, justification or "",
        origin or "", detail or "", assignee or "", due, due_by_hand is not None,
    )  # fmt: skip


def page(query: FindingQuery, windows: RemediationWindows, now: datetime) -> FindingPage:
    """One page of findings, sorted, with the total and the counts by severity."""
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    rows = _filtered(query, windows, now)
    counts: dict[str, int] = dict(rows.order_by().values_list("x_severity").annotate(n=Count("pk")))
    total = sum(counts.values())
    pages = max(1, (total + per_page - 1) // per_page)
    number = max(1, min(query.page, pages))
    start = (number - 1) * per_page
    # Two steps: sort only the ids (narrow rows sort fast), then read the page's 50 rows whole.
    chosen = list(
        rows.order_by(*_order(query)).values_list("pk", flat=True)[start : start + per_page]
    )
    by_id = {v[0]: v for v in _annotated(windows).filter(pk__in=chosen).values_list(*_FIELDS)}
    page_rows = tuple(_row(by_id[pk]) for pk in chosen if pk in by_id)
    return FindingPage(page_rows, total, number, pages, per_page, counts)


def ids(query: FindingQuery, windows: RemediationWindows, now: datetime) -> list[int]:
    """Every finding id the filter selects (for bulk actions), in the query's order."""
    return list(
        _filtered(query, windows, now).order_by(*_order(query)).values_list("pk", flat=True)
    )


def count(
    query: FindingQuery, windows: RemediationWindows, now: datetime, limit: int | None = None
) -> int:
    """How many findings the filter selects, up to ``limit`` (no page, no counts by severity)."""
    rows = _filtered(query, windows, now).order_by()
    return int((rows[:limit] if limit is not None else rows).count())


def one(finding_id: int, windows: RemediationWindows, now: datetime) -> FindingRow | None:
    query = FindingQuery(finding_ids=(finding_id,), include_resolved=True)
    values = _filtered(query, windows, now).values_list(*_FIELDS).first()
    return _row(values) if values else None


def groups(
    query: FindingQuery, by: str, windows: RemediationWindows, now: datetime, limit: int = 500
) -> list[FindingGroup]:
    """Findings grouped by component or vulnerability, the worst first."""
    rows = _filtered(query, windows, now).order_by()
    open_states = [s.value for s in OPEN_STATES]
    keys = ("component_name", "component_version") if by == "component" else ("vulnerability_id",)
    grouped = (
        rows.values(*keys)
        .annotate(
            n=Count("pk"),
            worst=Min("x_rank"),
            exploited=Max("x_exploited"),
            open_triage=Count("pk", filter=Q(x_state__in=open_states)),
        )
        .order_by("-exploited", "worst", "-n", *keys)[:limit]
    )
    found = []
    for item in grouped:
        if by == "component":
            label = f"{item['component_name']} {item['component_version']}".strip()
            key = f"{item['component_name']}@{item['component_version']}"
        else:
            label = key = item["vulnerability_id"]
        found.append(
            FindingGroup(
                key, label, item["n"], SEVERITY_ORDER[item["worst"]], bool(item["exploited"]),
                item["open_triage"],
            )
        )  # fmt: skip
    return found
