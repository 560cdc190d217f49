"""The findings workbench and a finding's page (web layer).

One view serves the portfolio (``/findings/``), a product and a release; filters are GET
parameters so every view is a link. htmx swaps the table alone when filters, sort or page
change; bulk actions are plain form posts that come back to the same filtered view with a
message. Without JavaScript every form still works (full page loads).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rempart.core.errors import InvalidInput, RempartError
from rempart.core.severity import SEVERITY_ORDER
from rempart.core.triage import (
    JUSTIFICATIONS,
    RESPONSE_LABELS,
    STATE_LABELS,
    TriageState,
)
from rempart.services.products import register as products
from rempart.services.reporting import finding_cases
from rempart.services.vulnerabilities import triage, workbench
from rempart.services.vulnerabilities.workbench import FindingQuery
from rempart.web.session import ctx_of

PER_PAGE = 50
_FILTER_KEYS = (
    "severity", "exploited", "kev", "epss", "fix", "state", "component", "vuln", "min_age",
    "max_age", "overdue", "assignee", "resolved", "sort", "desc", "per_page", "group",
)  # fmt: skip


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def query_from(params: QueryDict, slug: str | None, version: str | None) -> FindingQuery:
    """The workbench query a request's parameters describe (unknown values are ignored)."""
    fix = params.get("fix", "")
    sort = params.get("sort", "priority")
    return FindingQuery(
        product_slug=slug or params.get("product") or None,
        release_version=version or params.get("release") or None,
        severities=tuple(s for s in params.getlist("severity") if s in SEVERITY_ORDER),
        exploited=params.get("exploited") == "1",
        kev=params.get("kev") == "1",
        epss_min=_float(params.get("epss")),
        fix_available=True if fix == "yes" else False if fix == "no" else None,
        states=tuple(s for s in params.getlist("state") if s in TriageState._value2member_map_),
        component=params.get("component", "").strip()[:200],
        vulnerability=params.get("vuln", "").strip()[:200],
        min_age_days=_int(params.get("min_age")),
        max_age_days=_int(params.get("max_age")),
        overdue=params.get("overdue") == "1",
        assignee=params.get("assignee", "").strip()[:150],
        include_resolved=params.get("resolved") == "1",
        sort=sort if sort in workbench.SORTS else "priority",
        descending=params.get("desc") == "1",
        page=_int(params.get("page"), 1) or 1,
        per_page=min(max(_int(params.get("per_page"), PER_PAGE) or PER_PAGE, 10), 200),
    )


def _filters_of(params: QueryDict) -> list[tuple[str, str]]:
    return [(k, v) for k in _FILTER_KEYS for v in params.getlist(k) if v]


def table_context(request: HttpRequest, slug: str | None, version: str | None) -> dict[str, Any]:
    """What the findings table partial needs (also used by the release page)."""
    ctx = ctx_of(request)
    params = request.GET
    query = query_from(params, slug, version)
    group_by = params.get("group", "")
    filters = _filters_of(params)
    base = (
        reverse("release-findings", args=[slug, version])
        if slug and version
        else reverse("product-findings", args=[slug])
        if slug
        else reverse("findings")
    )
    return {
        "page": workbench.find(ctx, query),
        "groups": workbench.group(ctx, query, group_by)
        if group_by in ("component", "vulnerability")
        else None,
        "group_by": group_by,
        "query": query,
        "filters": filters,
        "filter_query": urlencode(filters),
        "base_url": base,
        "severities": SEVERITY_ORDER,
        "states": [(s.value, STATE_LABELS[s]) for s in TriageState],
        "state_labels": {s.value: label for s, label in STATE_LABELS.items()},
        "justifications": JUSTIFICATIONS,
        "responses": list(RESPONSE_LABELS.items()),
        "sorts": workbench.SORTS,
        "user_names": triage.assignable_users(ctx),
        "scope_slug": slug or "",
        "scope_version": version or "",
        "now": ctx.clock.now(),
    }


def _users(request: HttpRequest) -> list[str]:
    return triage.assignable_users(ctx_of(request))


def findings(
    request: HttpRequest, slug: str | None = None, version: str | None = None
) -> HttpResponse:
    """The workbench for the portfolio, one product or one release."""
    context = table_context(request, slug, version)
    if request.htmx and request.htmx.target == "finding-table":  # type: ignore[attr-defined]
        return render(request, "rempart/findings/table.html", context)
    product = products.get_product(ctx_of(request), slug) if slug else None
    context.update({"product": product, "version": version})
    return render(request, "rempart/findings/workbench.html", context)


def _selected(request: HttpRequest) -> list[int]:
    if request.POST.get("all_matching") == "1":
        query = query_from(request.POST, request.POST.get("scope_slug") or None,
                           request.POST.get("scope_version") or None)  # fmt: skip
        return workbench.find_ids(ctx_of(request), query)
    ids = [_int(v) for v in request.POST.getlist("ids")]
    return [i for i in ids if i is not None]


@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """A bulk action on the selected findings (or all that match the filters)."""
    ctx = ctx_of(request)
    action = request.POST.get("action", "")
    selected = _selected(request)
    try:
        if action == "decide":
            # The decision's fields have their own names: "state" and "assignee" are filters.
            triage.decide(
                ctx, selected, request.POST.get("decide_state", ""),
                request.POST.get("justification") or None,
                request.POST.get("impact_statement", ""), request.POST.getlist("responses"),
                request.POST.get("action_statement", ""),
            )  # fmt: skip
            message = f"Decision recorded on {len(selected)} finding(s)."
        elif action == "assign":
            due = request.POST.get("due") or ""
            triage.assign(
                ctx, selected, request.POST.get("assign_to") or None,
                date.fromisoformat(due) if due else None,
            )  # fmt: skip
            message = f"{len(selected)} finding(s) assigned."
        else:
            raise InvalidInput.single("action", "choose 'decide' or 'assign'")
    except (RempartError, ValueError) as error:
        text = error.diagnostics() if isinstance(error, RempartError) else str(error)
        messages.error(request, f"Nothing changed: {text}")
    else:
        messages.success(request, message)
    back = request.POST.get("back") or reverse("findings")
    return HttpResponseRedirect(back if back.startswith("/") and not back.startswith("//") else "/")


def finding_page(request: HttpRequest, finding_id: int) -> HttpResponse:
    ctx = ctx_of(request)
    detail = workbench.finding_detail(ctx, finding_id)
    context = {
        "d": detail,
        "f": detail.row,
        "cases": finding_cases.cases_for_finding(ctx, finding_id),
        "states": [(s.value, STATE_LABELS[s]) for s in TriageState],
        "state_labels": {s.value: label for s, label in STATE_LABELS.items()},
        "justifications": JUSTIFICATIONS,
        "responses": list(RESPONSE_LABELS.items()),
        "user_names": _users(request),
        "now": ctx.clock.now(),
    }
    return render(request, "rempart/findings/finding.html", context)


def _back_to(finding_id: int, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("finding", args=[finding_id]) + anchor)


@require_POST
def decide(request: HttpRequest, finding_id: int) -> HttpResponse:
    try:
        triage.decide(
            ctx_of(request), [finding_id], request.POST.get("state", ""),
            request.POST.get("justification") or None, request.POST.get("impact_statement", ""),
            request.POST.getlist("responses"), request.POST.get("action_statement", ""),
        )  # fmt: skip
    except InvalidInput as error:
        messages.error(request, f"Nothing changed: {error.diagnostics()}")
    else:
        messages.success(request, "Decision recorded.")
    return _back_to(finding_id, "#decision")


@require_POST
def assign(request: HttpRequest, finding_id: int) -> HttpResponse:
    due = request.POST.get("due") or ""
    try:
        triage.assign(
            ctx_of(request), [finding_id], request.POST.get("assignee") or None,
            date.fromisoformat(due) if due else None,
        )  # fmt: skip
    except (InvalidInput, ValueError) as error:
        text = error.diagnostics() if isinstance(error, InvalidInput) else str(error)
        messages.error(request, f"Nothing changed: {text}")
    else:
        messages.success(request, "Assignment saved.")
    return _back_to(finding_id, "#assignment")


@require_POST
def comment(request: HttpRequest, finding_id: int) -> HttpResponse:
    try:
        triage.comment(ctx_of(request), finding_id, request.POST.get("text", ""))
    except InvalidInput as error:
        messages.error(request, f"Nothing changed: {error.diagnostics()}")
    return _back_to(finding_id, "#comments")


def apply_preview(request: HttpRequest, finding_id: int) -> HttpResponse:
    """What applying this finding's decision elsewhere would change (htmx partial)."""
    same_package = request.GET.get("same_package") == "1"
    try:
        changes = triage.preview_apply(ctx_of(request), finding_id, same_package)
        error = ""
    except InvalidInput as exc:
        changes, error = [], exc.diagnostics()
    return render(
        request,
        "rempart/findings/apply_preview.html",
        {
            "changes": changes,
            "error": error,
            "finding_id": finding_id,
            "same_package": same_package,
        },
    )


@require_POST
def apply(request: HttpRequest, finding_id: int) -> HttpResponse:
    targets = [i for i in (_int(v) for v in request.POST.getlist("targets")) if i is not None]
    try:
        count = triage.apply_decision(
            ctx_of(request), finding_id, targets, request.POST.get("same_package") == "1"
        )
    except InvalidInput as error:
        messages.error(request, f"Nothing changed: {error.diagnostics()}")
    else:
        messages.success(request, f"Decision applied to {count} other finding(s).")
    return _back_to(finding_id, "#apply")


@require_POST
def open_case(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Open the Art. 14 case this finding calls for (proposed; awareness is confirmed there)."""
    case, created = finding_cases.open_case_from_finding(ctx_of(request), finding_id)
    messages.success(
        request,
        f"Case {case.reference} opened from this finding; confirm awareness to start the clocks."
        if created
        else f"Linked to the existing case {case.reference} about this vulnerability.",
    )
    return HttpResponseRedirect(reverse("case", args=[case.reference]))
