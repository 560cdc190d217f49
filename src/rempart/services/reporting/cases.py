"""Art. 14 reporting cases: open, confirm, dismiss, record a measure (services layer).

Cases proposed from exploited findings: ``services.reporting.proposals``.

- ``open_case``: a manual entry, or a CVD report (``services.report_cases``, ``CaseSource.CVD_REPORT``).
- ``confirm_case``: a person records when the manufacturer became aware; the clocks start.
- ``dismiss_case``, ``record_measure``, ``request_intermediate``: with reasons, all audited.

"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from rempart.core.clock import ensure_utc
from rempart.core.deadlines import Deadline
from rempart.core.errors import Conflict, InvalidInput, NotFound, ProblemCollector
from rempart.core.links import PageRef
from rempart.core.reporting.case import (
    AWARENESS_CITATION,
    TEXT_MAX,
    CaseDraft,
    CaseStatus,
    case_reference,
    check_awareness,
    check_draft,
    check_member_states,
    check_reason,
    check_reference,
)
from rempart.core.reporting.case_links import describe_links
from rempart.core.reporting.clocks import CaseKind, CaseTimes, StageClock, compute_clocks, next_due
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.products import availability
from rempart.services.reporting.case_links import (
    CaseSelection,
    links_of,
    record_history,
    resolve_links,
)
from rempart.store.repositories import case_links, organizations
from rempart.store.repositories import reporting as repo
from rempart.store.repositories.reporting import CaseView

OPEN_STATUSES = (CaseStatus.PROPOSED.value, CaseStatus.OPEN.value)


@dataclass(frozen=True, slots=True)
class CaseState:
    case: CaseView
    clocks: tuple[StageClock, ...]
    next: StageClock | None


def clocks_of(ctx: ServiceContext, case: CaseView) -> tuple[StageClock, ...]:
    submitted = {k: s.submitted_at for k, s in case.stages.items() if s.submitted_at}
    times = CaseTimes(
        CaseKind(case.kind), case.aware_at, case.measure_available_at, submitted, case.requests
    )
    if case.status == CaseStatus.DISMISSED:
        times = CaseTimes(CaseKind(case.kind), None)
    return compute_clocks(ctx.catalog.rules.report_stage, times, ctx.clock.now())


def _state(ctx: ServiceContext, case: CaseView) -> CaseState:
    clocks = clocks_of(ctx, case)
    return CaseState(case, clocks, next_due(clocks))


def _overdue_first(state: CaseState) -> tuple[int, float]:
    due = state.next.due_at if state.next else None
    return (0 if due is not None else 1, due.timestamp() if due else 0.0)


def list_cases(
    ctx: ServiceContext, include_closed: bool = False, product_slug: str | None = None
) -> list[CaseState]:
    """Cases with their clocks, the most urgent (overdue) first, then proposals."""
    require(ctx, Action.READ)
    statuses = None if include_closed else OPEN_STATUSES
    states = [_state(ctx, c) for c in repo.list_cases(statuses, product_slug)]
    return sorted(states, key=_overdue_first)


def get_case(ctx: ServiceContext, reference: str) -> CaseState:
    require(ctx, Action.READ)
    case = repo.get(check_reference(reference))
    if case is None:
        raise NotFound(f"no reporting case {reference!r}")
    return _state(ctx, case)


def _locked(reference: str) -> CaseView:
    case = repo.get(check_reference(reference), for_update=True)
    if case is None:
        raise NotFound(f"no reporting case {reference!r}")
    return case


def new_reference(ctx: ServiceContext) -> str:
    year = ctx.clock.now().year
    return case_reference(year, repo.next_number(year))


def default_member_states(product_ids: Iterable[int] = ()) -> list[str]:
    """The products' own Member States when recorded, else the organization's default list."""
    recorded = availability.union_for_products(product_ids)
    if recorded:
        return recorded
    organization = organizations.first()
    if organization is None:
        return []
    return list(repo.settings_of(organization.id)["default_member_states"])


def open_case(
    ctx: ServiceContext,
    draft: CaseDraft,
    finding_ids: Iterable[int] = (),
    extra_fields: dict[str, object] | None = None,
) -> CaseView:
    """Open a case from a person's entry, a finding or a CVD report; awareness may be confirmed at once.

    ``finding_ids`` are linked to the case (the detection signal); ``extra_fields`` carry
    facts a signal knows (severity, fixed versions, the exploitation signal).
    """
    require(ctx, Action.WRITE)
    now = ctx.clock.now()
    detected_at = ensure_utc(draft.detected_at, "detected_at") if draft.detected_at else now
    kind = check_draft(draft, detected_at, now)
    problems = ProblemCollector()
    selection = CaseSelection(
        draft.products,
        draft.releases,
        (*draft.findings, *finding_ids),
        draft.vulnerability_reports,
    )
    linked = resolve_links(selection, problems, strict=False)
    problems.raise_if_any("the case names unknown products, releases, findings or reports")
    products, releases = linked.product_ids, linked.release_ids
    product_ids = {
        *products.values(),
        *(p for _, p in releases.values()),
        *(f.product_id for f in linked.findings.values()),
        *(r.product_id for r in linked.reports.values()),
    }
    aware_at = ensure_utc(draft.aware_at, "aware_at") if draft.aware_at else None
    fields: dict[str, object] = {
        "kind": kind.value,
        "status": (CaseStatus.OPEN if aware_at else CaseStatus.PROPOSED).value,
        "title": draft.title.strip(),
        "summary": draft.summary.strip(),
        "vulnerability_id": draft.vulnerability_id.strip(),
        "aliases": list(draft.aliases),
        "source": draft.source,
        "source_ref": draft.source_ref[:200],
        "detected_at": detected_at,
        "aware_at": aware_at,
        "aware_reason": draft.aware_reason.strip(),
        "confirmed_by": ctx.actor.name if aware_at else "",
        "member_states": list(check_member_states(draft.member_states, problems, "member_states"))
        or default_member_states(product_ids),
        **(extra_fields or {}),
    }
    with transaction.atomic():
        reference = new_reference(ctx)
        try:
            with transaction.atomic():
                repo.create(reference, fields, product_ids, [r for r, _ in releases.values()], now)
                case_links.add_links(
                    reference, linked.findings, [r.id for r in linked.reports.values()]
                )
                case = repo.get(reference)
                assert case is not None  # noqa: S101 - created just above
        except IntegrityError as exc:  # a concurrent case took the same reference
            raise Conflict(f"{reference} was taken concurrently; please retry") from exc
        _opened_history(ctx, case, draft.source)
        audit.record(
            ctx,
            "case.open",
            "case",
            reference,
            {
                **{k: v for k, v in fields.items() if k != "summary"},
                "products": case.products,
                "releases": case.releases,
                "findings": [f.id for f in case.findings],
                "vulnerability_reports": [r.reference for r in case.vulnerability_reports],
            },
        )
    return case


def _opened_history(ctx: ServiceContext, case: CaseView, source: str) -> None:
    how = {"manual": "by hand", "cvd-report": "from a vulnerability report"}.get(source, source)
    covered = describe_links(links_of(case))
    aware = " Awareness confirmed at once." if case.aware_at else ""
    record_history(ctx, case.id, "opened", f"Opened {how}. {covered}{aware}".strip())


def confirm_case(
    ctx: ServiceContext, reference: str, aware_at: datetime, reason: str = ""
) -> CaseView:
    """A person states when the manufacturer became aware: the Art. 14 clocks start there."""
    require(ctx, Action.WRITE)
    now = ctx.clock.now()
    with transaction.atomic():
        case = _locked(reference)
        if case.status != CaseStatus.PROPOSED:
            raise Conflict(f"{case.reference} is {case.status}; only a proposed case is confirmed")
        kind = CaseKind(case.kind)
        problems = ProblemCollector()
        check_awareness(kind, aware_at, case.detected_at, now, reason, problems)
        problems.raise_if_any("the awareness time is refused")
        fields = {
            "status": CaseStatus.OPEN.value,
            "aware_at": ensure_utc(aware_at, "aware_at"),
            "aware_reason": reason.strip(),
            "confirmed_by": ctx.actor.name,
        }
        updated = repo.update(case.reference, fields, now)
        record_history(
            ctx, case.id, "confirmed", "Awareness confirmed: the clocks run.",
            {"aware_at": ensure_utc(aware_at, "aware_at").isoformat()}, reason.strip(),
        )  # fmt: skip
        audit.record(
            ctx,
            "case.confirm",
            "case",
            case.reference,
            {
                "aware_at": fields["aware_at"],
                "reason": reason.strip(),
                "citation": AWARENESS_CITATION[kind],
            },
        )
    return updated


def dismiss_case(ctx: ServiceContext, reference: str, reason: str) -> CaseView:
    require(ctx, Action.WRITE)
    reason = check_reason(reason)
    with transaction.atomic():
        case = _locked(reference)
        if case.status != CaseStatus.PROPOSED:
            raise Conflict(
                f"{case.reference} is {case.status}; only a proposed case can be dismissed "
                "(an open case's reports are due under Art. 14)"
            )
        updated = repo.update(
            case.reference,
            {"status": CaseStatus.DISMISSED.value, "dismissed_reason": reason},
            ctx.clock.now(),
        )
        record_history(ctx, case.id, "dismissed", "Dismissed.", None, reason)
        audit.record(ctx, "case.dismiss", "case", case.reference, {"reason": reason})
    return updated


def record_measure(
    ctx: ServiceContext, reference: str, available_at: datetime, description: str
) -> CaseView:
    """A corrective or mitigating measure is available: the AEV final report clock starts (Art. 14(2)(c))."""
    require(ctx, Action.WRITE)
    now = ctx.clock.now()
    problems = ProblemCollector()
    if available_at.tzinfo is None or available_at.utcoffset() is None:
        problems.add("available_at", "a time zone is required", "ART14-2c")
    elif available_at > now:
        problems.add(
            "available_at", "is in the future; record a measure once it is available", "ART14-2c"
        )
    if not description.strip():
        problems.add("description", "say what the measure is (e.g. the fixed release)", "ART14-2c")
    elif len(description) > TEXT_MAX:
        problems.add("description", f"at most {TEXT_MAX} characters")
    problems.raise_if_any("the measure is refused")
    with transaction.atomic():
        case = _locked(reference)
        if case.status != CaseStatus.OPEN:
            raise Conflict(f"{case.reference} is {case.status}; confirm awareness first")
        if case.stages.get("final-report") and case.stages["final-report"].submitted_at:
            raise Conflict(
                f"the final report of {case.reference} is submitted; the measure is frozen"
            )
        fields = {
            "measure_available_at": ensure_utc(available_at, "available_at"),
            "measure_description": description.strip(),
        }
        updated = repo.update(case.reference, fields, now)
        record_history(
            ctx,
            case.id,
            "measure",
            "Corrective or mitigating measure recorded.",
            None,
            description.strip(),
        )
        audit.record(
            ctx, "case.measure", "case", case.reference, {**fields, "citation": "ART14-2c"}
        )
    return updated


def request_intermediate(
    ctx: ServiceContext,
    reference: str,
    requested_at: datetime,
    due_at: datetime | None,
    note: str = "",
) -> int:
    """Record the CSIRT's request for an intermediate report (Art. 14(6)); returns its number."""
    require(ctx, Action.WRITE)
    problems = ProblemCollector()
    for name, value in (("requested_at", requested_at), ("due_at", due_at)):
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            problems.add(name, "a time zone is required", "ART14-6")
    problems.raise_if_any("the request is refused")
    if requested_at > ctx.clock.now():
        raise InvalidInput.single("requested_at", "is in the future", "ART14-6")
    if due_at is not None and due_at < requested_at:
        raise InvalidInput.single("due_at", "is before the request", "ART14-6")
    with transaction.atomic():
        case = _locked(reference)
        if case.status != CaseStatus.OPEN:
            raise Conflict(
                f"{case.reference} is {case.status}; only an open case gets CSIRT requests"
            )
        number = repo.add_request(
            case.id,
            ensure_utc(requested_at, "requested_at"),
            due_at and ensure_utc(due_at, "due_at"),
            note[:2000],
        )
        record_history(
            ctx,
            case.id,
            "csirt-request",
            f"CSIRT request {number} for an intermediate report recorded.",
            None,
            note[:2000],
        )
        audit.record(
            ctx,
            "case.csirt_request",
            "case",
            case.reference,
            {
                "number": number,
                "requested_at": requested_at,
                "due_at": due_at,
                "citation": "ART14-6",
            },
        )
    return number


def deadlines(ctx: ServiceContext) -> list[Deadline]:
    """One deadline per open stage with a due time, for the reminder job (read only)."""
    return deadlines_of(list_cases(ctx))


def deadlines_of(states: Iterable[CaseState]) -> list[Deadline]:
    """The deadlines of cases already read (the home dashboard reads them once)."""
    found: list[Deadline] = []
    for state in states:
        for clock in state.clocks:
            if clock.due_at is None or not clock.open:
                continue
            name = state.case.vulnerability_id or state.case.title
            found.append(
                Deadline(
                    key=f"case:{state.case.reference}:{clock.key}",
                    title=f"{clock.label} for {state.case.reference} ({name})",
                    due_at=clock.due_at,
                    done=False,
                    citation=clock.citations[0],
                    link=PageRef("case", (state.case.reference,)),
                )
            )
    return found
