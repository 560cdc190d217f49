"""The report page's "open a reporting case" panel (web layer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from rempart.core.errors import RempartError
from rempart.core.reporting.clocks import CaseKind
from rempart.services.accounts.authz import Action, allows
from rempart.services.reporting import report_cases
from rempart.web.session import ctx_of


def panel(request: HttpRequest, reference: str) -> HttpResponse:
    """GET: the cases opened from this report, or the form to open one. POST: open it."""
    ctx = ctx_of(request)
    back = reverse("vulnerability-report", args=[reference])
    if request.method == "POST":
        try:
            case = report_cases.open_case_from_report(
                ctx, reference, kind=request.POST.get("kind", CaseKind.VULNERABILITY.value)
            )
        except RempartError as error:
            messages.error(request, error.diagnostics())
            return HttpResponseRedirect(back)
        messages.success(
            request,
            f"Case {case.reference} proposed from {reference}: confirm the time you became aware "
            "on the case page to start the Art. 14 clocks.",
        )
        return redirect("case", reference=case.reference)
    return render(
        request,
        "rempart/reports/case_panel.html",
        {
            "reference": reference,
            "cases": report_cases.cases_for_report(ctx, reference),
            "can_write": allows(ctx.actor.role, Action.WRITE),
            "kinds": [k.value for k in CaseKind],
        },
    )
