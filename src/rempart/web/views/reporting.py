"""Reporting cases in the browser: dashboard, case page, report forms, exports, settings (web layer).

Times are entered and shown in the user's time zone (``UserProfile.time_zone``) and stored in
UTC. The countdowns are rendered on the server; ``reporting.js`` only keeps them ticking.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rempart.core.clock import to_zone
from rempart.core.errors import Conflict, InvalidInput, NotFound
from rempart.core.reporting.data import load_reporting_data
from rempart.core.reporting.forms import FieldKind
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, allows
from rempart.services.reporting import case_links, proposals
from rempart.services.reporting import cases as reporting
from rempart.services.reporting import reports as reporting_reports
from rempart.services.reporting.views import case_dict
from rempart.web.session import apply_errors, ctx_of, role_of
from rempart.web.views.reporting_forms import (
    STATES,
    ConfirmForm,
    DismissForm,
    MeasureForm,
    RequestForm,
    SettingsForm,
    SubmitForm,
    time_zone_of,
    tz_form,
)


def _local(value: str | None, tz: str) -> datetime | None:
    return to_zone(datetime.fromisoformat(value.replace("Z", "+00:00")), tz) if value else None


def _decorate(case: dict[str, Any], tz: str) -> dict[str, Any]:
    for stage in case["stages"]:
        stage["due_local"] = _local(stage["due_at"], tz)
        stage["later_local"] = _local(stage["later_due_at"], tz)
        stage["submitted_local"] = _local(stage["submitted_at"], tz)
    case["aware_local"] = _local(case["aware_at"], tz)
    case["detected_local"] = _local(case["detected_at"], tz)
    case["measure_local"] = _local(case["measure_available_at"], tz)
    nxt = case["next_due"]
    case["next_stage"] = next((s for s in case["stages"] if nxt and s["key"] == nxt["stage"]), None)
    return case


def dashboard(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    tz = time_zone_of(request)
    cases = [
        _decorate(case_dict(ctx, s), tz)
        for s in reporting.list_cases(ctx, request.GET.get("all") == "1")
    ]
    return render(
        request,
        "rempart/reporting/dashboard.html",
        {"cases": cases, "tz": tz, "show_all": request.GET.get("all") == "1"},
    )


@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    outcome = proposals.propose_from_findings(ctx_of(request))
    messages.success(
        request,
        f"Proposed {len(outcome.created)} new case(s); {len(outcome.extended)} case(s) gained releases.",
    )
    return redirect("cases")


def case_detail(
    request: HttpRequest,
    reference: str,
    forms_in: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    ctx = ctx_of(request)
    tz = time_zone_of(request)
    state = reporting.get_case(ctx, reference)
    events = (
        audit.list_events(ctx, 200, "case", state.case.reference)
        if allows(role_of(request), Action.AUDIT)
        else []
    )
    context = {
        "case": _decorate(case_dict(ctx, state), tz),
        "covers": state.case,
        "history": [
            {"entry": e, "at_local": to_zone(e.at, tz)} for e in case_links.history(ctx, state.case)
        ],
        "finding_label": case_links.finding_label,
        "tz": tz,
        "route": reporting_reports.route(ctx),
        "events": events,
        "confirm_form": tz_form(ConfirmForm, request),
        "dismiss_form": DismissForm(),
        "measure_form": tz_form(MeasureForm, request),
        "request_form": tz_form(RequestForm, request),
        **(forms_in or {}),
    }
    return render(request, "rempart/reporting/case.html", context, status=status)


def _action(
    request: HttpRequest, reference: str, name: str, form: forms.Form, run: Any
) -> HttpResponse:
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            return redirect("case", reference=reference)
    return case_detail(request, reference, {name: form}, status=422)


@require_POST
def confirm(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = tz_form(ConfirmForm, request, request.POST)

    def run(data: dict[str, Any]) -> None:
        reporting.confirm_case(ctx, reference, data["aware_at"], data["reason"])
        for note in case_dict(ctx, reporting.get_case(ctx, reference))["notes"]:
            if note["id"] == "awareness-before-art14":
                messages.warning(request, f"{note['text']} [{note['citation']}]")

    return _action(request, reference, "confirm_form", form, run)


@require_POST
def dismiss(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = ctx_of(request)
    return _action(
        request,
        reference,
        "dismiss_form",
        DismissForm(request.POST),
        lambda d: reporting.dismiss_case(ctx, reference, d["reason"]),
    )


@require_POST
def measure(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = tz_form(MeasureForm, request, request.POST)
    return _action(
        request,
        reference,
        "measure_form",
        form,
        lambda d: reporting.record_measure(ctx, reference, d["available_at"], d["description"]),
    )


@require_POST
def csirt_request(request: HttpRequest, reference: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = tz_form(RequestForm, request, request.POST)
    return _action(
        request,
        reference,
        "request_form",
        form,
        lambda d: reporting.request_intermediate(
            ctx, reference, d["requested_at"], d["due_at"], d["note"]
        ),
    )


def _values_from_post(request: HttpRequest, specs: Any) -> dict[str, object]:
    values: dict[str, object] = {}
    for spec in specs:
        if spec.kind is FieldKind.MEMBER_STATES:
            values[spec.key] = request.POST.getlist(spec.key)
        else:
            values[spec.key] = request.POST.get(spec.key, "")
    return values


def stage(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    ctx = ctx_of(request)
    tz = time_zone_of(request)
    form = reporting_reports.stage_form(ctx, reference, key)
    errors: dict[str, str] = {}
    submit_form = tz_form(SubmitForm, request)
    values = form.values
    status = 200
    if request.method == "POST":
        values = _values_from_post(request, form.fields)
        try:
            if request.POST.get("action") == "submit":
                submit_form = tz_form(SubmitForm, request, request.POST)
                if not submit_form.is_valid():
                    raise InvalidInput("the submission is incomplete", [])
                data = submit_form.cleaned_data
                reporting_reports.submit_stage(
                    ctx,
                    reference,
                    key,
                    values,
                    data["submitted_at"],
                    data["platform_reference"],
                    data["already_provided_in"],
                )
                messages.success(request, "Submission recorded; the report is frozen.")
            else:
                reporting_reports.save_draft(ctx, reference, key, values)
                messages.success(request, "Draft saved.")
        except (InvalidInput, Conflict, NotFound) as error:
            status = {InvalidInput: 422, Conflict: 409}.get(type(error), 404)
            errors = {
                p.field: f"{p.message}" + (f" [{p.citation}]" if p.citation else "")
                for p in error.problems
            }
            if not error.problems or not set(errors) & {f.key for f in form.fields}:
                errors["general"] = error.message
            if submit_form.is_bound:
                apply_errors(submit_form, error)
        else:
            return redirect("case-stage", reference=reference, key=key)
    from rempart.services.reporting.views import stage_dict

    clock = stage_dict(ctx, form.clock, form.platform_reference)
    clock["due_local"] = _local(clock["due_at"], tz)
    clock["later_local"] = _local(clock["later_due_at"], tz)
    clock["submitted_local"] = _local(clock["submitted_at"], tz)
    fields = [
        {"spec": spec, "value": values.get(spec.key, ""), "error": errors.get(spec.key, "")}
        for spec in form.fields
    ]
    context = {
        "form": form,
        "clock": clock,
        "anchor_note": load_reporting_data(ctx.catalog).note_of(clock["anchor_rule"])
        if clock["anchor_rule"]
        else None,
        "fields": fields,
        "errors": errors,
        "states": STATES,
        "submit_form": submit_form,
        "tz": tz,
    }
    return render(request, "rempart/reporting/stage.html", context, status=status)


def export(request: HttpRequest, reference: str, key: str, fmt: str) -> HttpResponse:
    document = reporting_reports.export_stage(
        ctx_of(request), reference, key, fmt, time_zone=time_zone_of(request)
    )
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


def settings_page(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    current = reporting_reports.reporting_settings(ctx)
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reporting_reports.save_reporting_settings(ctx, form.cleaned_data)
            except InvalidInput as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Reporting settings saved.")
                return redirect("reporting-settings")
        status = 422
    return render(
        request,
        "rempart/reporting/settings.html",
        {"form": form, "route": reporting_reports.route(ctx)},
        status=status,
    )
