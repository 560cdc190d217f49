"""Art. 14 reports of a case: forms, drafts, submission, exports; routing settings (services layer).

- ``stage_form``: the fields the article asks for, with the draft or values prefilled from the
  case, the register and the findings; a submitted stage shows its frozen snapshot.
- ``save_draft`` / ``submit_stage``: a submission records the time and the platform's reference
  and freezes the exported document (snapshot) in the same transaction as its audit event.
- ``export_stage``: JSON (``docs/reporting/*.schema.json``), printable HTML, PDF.
- ``reporting_settings`` / ``save_reporting_settings`` / ``route``: Art. 14(7) routing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from rempart.core.clock import check_zone, ensure_utc
from rempart.core.errors import Conflict, InvalidInput, NotFound, Problem, ProblemCollector
from rempart.core.reporting.case import CaseStatus, check_member_states, check_reference
from rempart.core.reporting.clocks import StageClock, StageState
from rempart.core.reporting.data import load_reporting_data
from rempart.core.reporting.documents import in_zone, release_rows, stage_document, user_notice
from rempart.core.reporting.forms import CaseFacts, FieldSpec, clean_values, prefill, stage_fields
from rempart.core.reporting.routing import Route, decide_route
from rempart.formats import reporting_document
from rempart.formats.render import html_to_pdf
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.reporting.cases import clocks_of, get_case
from rempart.store.repositories import organizations
from rempart.store.repositories import reporting as repo
from rempart.store.repositories.reporting import SETTINGS_FIELDS, CaseView

COUNTRY_FIELDS = (
    "main_establishment_country",
    "authorised_representative_country",
    "importer_country",
    "distributor_country",
    "most_users_country",
)
UNLESS_PROVIDED = ("notification", "final-report")
PLATFORM_STAGES = ("early-warning", "notification", "final-report")
EXPORT_FORMATS = ("json", "html", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass(frozen=True, slots=True)
class StageForm:
    case: CaseView
    clock: StageClock
    fields: tuple[FieldSpec, ...]
    values: dict[str, Any]
    frozen: bool  # submitted: the snapshot is what was sent
    snapshot: dict[str, Any] | None
    platform_reference: str


@dataclass(frozen=True, slots=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def _organization_id() -> int:
    organization = organizations.first()
    if organization is None:
        raise NotFound("no organization is set up yet; run `rempart init`")
    return organization.id


# ---------------------------------------------------------------- settings and routing
def reporting_settings(ctx: ServiceContext) -> dict[str, Any]:
    require(ctx, Action.READ)
    return repo.settings_of(_organization_id())


def save_reporting_settings(ctx: ServiceContext, values: Mapping[str, object]) -> dict[str, Any]:
    require(ctx, Action.MANAGE_ORGANIZATION)
    problems = ProblemCollector()
    cleaned: dict[str, Any] = {}
    routing = ctx.catalog.rules.routing
    for key, value in values.items():
        if key not in SETTINGS_FIELDS:
            problems.add(key, "unknown reporting setting")
        elif key == "default_member_states":
            items = value if isinstance(value, list | tuple) else None
            if items is None:
                problems.add(key, "must be a list of Member State codes")
            else:
                cleaned[key] = list(check_member_states([str(i) for i in items], problems, key))
        elif not isinstance(value, str):
            problems.add(key, "must be text")
        else:
            cleaned[key] = value.strip()
    if len(cleaned.get("csirt_name", "")) > 200 or len(cleaned.get("csirt_endpoint", "")) > 500:
        problems.add("csirt_name", "too long (name 200, end-point 500 characters)")
    basis = cleaned.get("main_establishment_basis", "")
    if basis and basis not in routing.with_main_establishment:
        problems.add(
            "main_establishment_basis",
            f"must be one of {', '.join(routing.with_main_establishment)} or empty",
            "ART14-7",
        )
    for key in COUNTRY_FIELDS:
        if cleaned.get(key):
            codes = check_member_states([cleaned[key]], problems, key)
            cleaned[key] = codes[0] if codes else cleaned[key]
    problems.raise_if_any("the reporting settings are invalid")
    organization_id = _organization_id()
    with transaction.atomic():
        repo.save_settings(organization_id, cleaned, ctx.clock.now())
        audit.record(ctx, "reporting.settings", "organization", str(organization_id), cleaned)
    return repo.settings_of(organization_id)


def route(ctx: ServiceContext) -> Route:
    settings = reporting_settings(ctx)
    basis = settings["main_establishment_basis"]
    countries = {
        "authorised_representative_most_products": settings["authorised_representative_country"],
        "importer_most_products": settings["importer_country"],
        "distributor_most_products": settings["distributor_country"],
        "most_users": settings["most_users_country"],
    }
    if basis:
        # The organization record already names the main establishment's Member State.
        organization = organizations.first()
        fallback = organization.main_establishment_country if organization else ""
        countries[basis] = settings["main_establishment_country"] or fallback
    return decide_route(
        ctx.catalog,
        load_reporting_data(ctx.catalog),
        countries,
        basis,
        settings["csirt_name"],
        settings["csirt_endpoint"],
    )


# ---------------------------------------------------------------- forms
def _facts(case: CaseView) -> CaseFacts:
    organization = organizations.first()
    by_product: dict[str, list[str]] = {}
    for slug, version in case.releases:
        by_product.setdefault(slug, []).append(version)
    products = tuple(
        f"{name} (releases {', '.join(by_product[slug])})" if slug in by_product else name
        for slug, name in case.products
    )
    return CaseFacts(
        reference=case.reference,
        kind=case.kind,
        title=case.title,
        manufacturer=organization.name if organization else "",
        products=products,
        vulnerability_id=case.vulnerability_id,
        aliases=case.aliases,
        summary=case.summary,
        severity=case.severity,
        fixed_versions=case.fixed_versions,
        known_exploited=case.known_exploited,
        member_states=case.member_states,
        measure=case.measure_description,
    )


def _clock(ctx: ServiceContext, case: CaseView, key: str) -> StageClock:
    for clock in clocks_of(ctx, case):
        if clock.key == key:
            return clock
    keys = ", ".join(c.key for c in clocks_of(ctx, case))
    raise NotFound(f"{case.reference} has no report {key!r}; its reports: {keys}")


def _fields(ctx: ServiceContext, clock: StageClock) -> tuple[FieldSpec, ...]:
    return stage_fields(ctx.catalog, load_reporting_data(ctx.catalog), clock.stage, clock.contents)


def stage_form(ctx: ServiceContext, reference: str, key: str) -> StageForm:
    case = get_case(ctx, reference).case
    clock = _clock(ctx, case, key)
    specs = _fields(ctx, clock)
    record = case.stages.get(key)
    values = dict(record.values) if record and record.values else prefill(specs, _facts(case))
    frozen = bool(record and record.submitted_at)
    return StageForm(
        case,
        clock,
        specs,
        values,
        frozen,
        record.snapshot if record else None,
        record.platform_reference if record else "",
    )


def _editable(ctx: ServiceContext, case: CaseView, key: str) -> StageClock:
    if case.status != CaseStatus.OPEN:
        raise Conflict(
            f"{case.reference} is {case.status}; confirm the awareness time before reporting"
        )
    clock = _clock(ctx, case, key)
    if clock.state is StageState.SUBMITTED:
        raise Conflict(f"the {clock.label.lower()} of {case.reference} is submitted and frozen")
    if clock.state is StageState.NOT_STARTED:
        raise Conflict(
            f"the {clock.label.lower()} of {case.reference} cannot be reported yet: it {clock.waiting_for}",
            [Problem(key, clock.waiting_for, clock.citations[0])],
        )
    return clock


def save_draft(
    ctx: ServiceContext, reference: str, key: str, values: Mapping[str, object]
) -> StageForm:
    require(ctx, Action.WRITE)
    with transaction.atomic():
        # Lock first, then read: two submissions of one stage cannot both pass the checks.
        repo.get(check_reference(reference), for_update=True)
        case = get_case(ctx, reference).case
        clock = _editable(ctx, case, key)
        cleaned = clean_values(_fields(ctx, clock), values, final=False)
        repo.save_stage(case.id, key, cleaned, ctx.clock.now())
        audit.record(ctx, "case.draft", "case", case.reference, {"stage": key})
    return stage_form(ctx, reference, key)


def _document(
    ctx: ServiceContext,
    case: CaseView,
    clock: StageClock,
    values: Mapping[str, object],
    at: datetime,
) -> dict[str, Any]:
    facts = _facts(case)
    releases = release_rows(
        case.releases, dict(case.products), case.end_of_support, ctx.clock.now().date()
    )
    if clock.stage == "user-notice":
        organization = organizations.first()
        contact = (
            (organization.contact_point_email or organization.contact_point_url)
            if organization
            else ""
        )
        return user_notice(facts, values, at, releases, contact)
    return stage_document(
        ctx.catalog,
        facts,
        clock,
        _fields(ctx, clock),
        values,
        route(ctx),
        at,
        releases,
        case.aware_at,
    )


def submit_stage(
    ctx: ServiceContext,
    reference: str,
    key: str,
    values: Mapping[str, object],
    submitted_at: datetime,
    platform_reference: str,
    already_provided_in: str = "",
) -> StageForm:
    """Record that a report was submitted (or the user notice published); freeze its snapshot.

    ``already_provided_in``: the notification and the final report are due "unless the
    relevant information has already been provided" (Art. 14(2)(b)-(c), 14(4)(b)-(c)); name the
    earlier submitted report that provided it, and the "at least" items may stay empty.
    """
    require(ctx, Action.WRITE)
    now = ctx.clock.now()
    problems = ProblemCollector()
    if already_provided_in and key not in UNLESS_PROVIDED:
        problems.add(
            "already_provided_in",
            f"only the {' and the '.join(UNLESS_PROVIDED)} may rest on an earlier report",
        )
    if submitted_at.tzinfo is None or submitted_at.utcoffset() is None:
        problems.add("submitted_at", "a time zone is required")
    elif submitted_at > now:
        problems.add("submitted_at", "is in the future")
    platform_reference = platform_reference.strip()
    if key != "user-notice" and not platform_reference and not already_provided_in:
        problems.add(
            "platform_reference",
            "enter the reference the single reporting platform gave",
            "ART14-7",
        )
    if len(platform_reference) > 200:
        problems.add("platform_reference", "at most 200 characters")
    problems.raise_if_any("the submission is refused")
    submitted_at = ensure_utc(submitted_at, "submitted_at")
    with transaction.atomic():
        # Lock first, then read: two submissions of one stage cannot both pass the checks.
        repo.get(check_reference(reference), for_update=True)
        case = get_case(ctx, reference).case
        clock = _editable(ctx, case, key)
        if clock.anchor_at is not None and submitted_at < clock.anchor_at:
            raise InvalidInput.single(
                "submitted_at", "is before the report's clock started", clock.citations[0]
            )
        if already_provided_in:
            earlier = case.stages.get(already_provided_in)
            if earlier is None or earlier.submitted_at is None:
                raise InvalidInput.single(
                    "already_provided_in",
                    f"{already_provided_in!r} is not a submitted report of {case.reference}",
                    clock.citations[0],
                )
            platform_reference = platform_reference or earlier.platform_reference
        cleaned = clean_values(_fields(ctx, clock), values, final=not already_provided_in)
        repo.save_stage(
            case.id,
            key,
            cleaned,
            now,
            {
                "submitted_at": submitted_at,
                "submitted_by": ctx.actor.name,
                "platform_reference": platform_reference,
            },
        )
        after = get_case(ctx, reference).case
        snapshot = _document(ctx, after, _clock(ctx, after, key), cleaned, now)
        if already_provided_in:
            snapshot["already_provided_in"] = already_provided_in
        repo.save_stage(case.id, key, cleaned, now, {"snapshot": snapshot})
        done = all(after.stages.get(s) and after.stages[s].submitted_at for s in PLATFORM_STAGES)
        if done:
            repo.update(case.reference, {"status": CaseStatus.CLOSED.value}, now)
        audit.record(
            ctx, "case.submit", "case", case.reference,
            {"stage": key, "submitted_at": submitted_at, "platform_reference": platform_reference, "citation": clock.citations[0], "closed": done, "already_provided_in": already_provided_in or None},
        )  # fmt: skip
    return stage_form(ctx, reference, key)


def export_stage(
    ctx: ServiceContext, reference: str, key: str, fmt: str, time_zone: str = "UTC"
) -> Export:
    """The report as JSON, printable HTML or PDF; a submitted report exports its snapshot.

    Times are given in ``time_zone`` (the reader's), ISO 8601 with the offset, to the second;
    the stored snapshot keeps UTC.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput.single("format", f"must be one of {', '.join(EXPORT_FORMATS)}")
    zone_name = check_zone(time_zone)
    form = stage_form(ctx, reference, key)
    document = in_zone(
        form.snapshot
        if form.frozen and form.snapshot
        else _document(ctx, form.case, form.clock, form.values, ctx.clock.now()),
        zone_name,
    )
    name = f"{form.case.reference}-{key}"
    if fmt == "json":
        body = json.dumps(document, indent=2, ensure_ascii=False).encode()
        return Export(body, CONTENT_TYPES[fmt], f"{name}.json")
    html = (
        reporting_document.notice_html(document)
        if key == "user-notice"
        else reporting_document.stage_html(document)
    )
    if fmt == "html":
        return Export(html.encode(), CONTENT_TYPES[fmt], f"{name}.html")
    return Export(html_to_pdf(html), CONTENT_TYPES[fmt], f"{name}.pdf")
