"""The organization's assessment settings: evidence size limit and due-date rule (web layer)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rempart.core.errors import PermissionDenied, RempartError
from rempart.services.accounts.authz import Action, allows
from rempart.services.assessment import evidence as assessment_evidence
from rempart.services.vulnerabilities import triage
from rempart.web.session import apply_errors, ctx_of


class SettingsForm(forms.Form):
    evidence_max_bytes = forms.IntegerField(label="Largest evidence file (bytes)", min_value=1)
    kev_remediation_days = forms.IntegerField(
        label="Known-exploited findings are due after (days)", min_value=1
    )
    critical_remediation_days = forms.IntegerField(
        label="Critical findings are due after (days)", min_value=1
    )
    # The rest of the remediation policy (docs/findings.md); left empty, a window is kept.
    unknown_remediation_days = forms.IntegerField(
        label="Findings of unknown severity are due after (days)", min_value=1, required=False
    )
    high_remediation_days = forms.IntegerField(
        label="High: due after (days)", min_value=1, required=False
    )
    medium_remediation_days = forms.IntegerField(
        label="Medium: due after (days)", min_value=1, required=False
    )
    low_remediation_days = forms.IntegerField(
        label="Low: due after (days)", min_value=1, required=False
    )


def assessment_settings(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    current = assessment_evidence.get_settings(ctx)
    windows = triage.policy(ctx)
    initial = {
        "evidence_max_bytes": current.evidence_max_bytes,
        "kev_remediation_days": current.kev_remediation_days,
        "critical_remediation_days": current.critical_remediation_days,
        **{
            f"{s}_remediation_days": getattr(windows, f"{s}_days")
            for s in ("unknown", "high", "medium", "low")
        },
    }
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not allows(ctx.actor.role, Action.MANAGE_ORGANIZATION):
            raise PermissionDenied("only administrators change the assessment settings")
        if form.is_valid():
            try:
                values = {k: v for k, v in form.cleaned_data.items() if v is not None}
                assessment_evidence.update_settings(ctx, **values)
            except RempartError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Assessment settings saved.")
                return redirect("assessment-settings")
        status = 422
    return render(
        request,
        "rempart/assessment/settings.html",
        {"form": form, "current": current},
        status=status,
    )
