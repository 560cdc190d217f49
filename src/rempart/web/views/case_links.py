"""Opening an Art. 14 case by hand and changing what it covers (web layer).

The person picks products from a searchable list; the affected releases, findings and
vulnerability reports of those products follow (``services.reporting.case_links``): with htmx
the lists refresh as products or the vulnerability change; without JavaScript a "Show releases"
button posts the form back. A form whose release list was never shown gets the default affected
releases (placed on the market, with a matching open finding).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rempart.core.errors import Conflict, InvalidInput
from rempart.core.reporting.case import CaseDraft, ReleaseRef
from rempart.services.accounts.authz import Action, require
from rempart.services.reporting import case_links
from rempart.services.reporting import cases as reporting
from rempart.services.reporting.case_links import CaseSelection
from rempart.web.session import apply_errors, ctx_of
from rempart.web.views.reporting_forms import CaseForm, LinksNoteForm


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.isdigit())


def _selection(request: HttpRequest) -> CaseSelection:
    post = request.POST
    releases = []
    for value in post.getlist("releases"):
        slug, sep, version = value.partition("@")
        if sep:
            releases.append(ReleaseRef(slug, version))
    return CaseSelection(
        tuple(dict.fromkeys(s.strip() for s in post.getlist("products") if s.strip())),
        tuple(releases),
        _ints(post.getlist("findings")),
        tuple(v.strip() for v in post.getlist("vulnerability_reports") if v.strip()),
    )


def _choices(
    request: HttpRequest, vulnerability_id: str, aliases: tuple[str, ...] = ()
) -> case_links.LinkChoices:
    """The lists for the products posted; the person's picks kept, defaults for new products."""
    ctx = ctx_of(request)
    selection = _selection(request)
    if request.method != "POST" or request.POST.get("links_shown") != "1":
        return case_links.link_choices(ctx, selection.products, vulnerability_id, aliases)
    shown_for = set(request.POST.getlist("links_products"))
    same_vulnerability = request.POST.get("links_vulnerability", "") == vulnerability_id
    fresh = [s for s in selection.products if s not in shown_for or not same_vulnerability]
    return case_links.link_choices(
        ctx, selection.products, vulnerability_id, aliases, selection, defaults_for=fresh
    )


def _links_context(choices: case_links.LinkChoices, vulnerability_id: str) -> dict[str, Any]:
    return {
        "choices": choices,
        "vulnerability": vulnerability_id,
        "finding_labels": {f.id: case_links.finding_label(f) for f, _ in choices.findings},
    }


def new_case(request: HttpRequest) -> HttpResponse:
    """GET: the form; POST: open the case (or, for "Show releases", the form again)."""
    require(ctx_of(request), Action.WRITE)
    form = CaseForm(request.POST or None)
    vulnerability = request.POST.get("vulnerability_id", "").strip()
    choices = _choices(request, vulnerability)
    status = 200
    if request.method == "POST" and request.POST.get("action") != "refresh":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            chosen = choices.selection
            draft = CaseDraft(
                kind=data["kind"], title=data["title"], vulnerability_id=data["vulnerability_id"],
                summary=data["summary"], products=chosen.products, releases=chosen.releases,
                findings=chosen.findings, vulnerability_reports=chosen.vulnerability_reports,
                member_states=tuple(data["member_states"]),
            )  # fmt: skip
            try:
                case = reporting.open_case(ctx_of(request), draft)
            except InvalidInput as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"{case.reference} opened.")
                return redirect("case", reference=case.reference)
    context = {"form": form, **_links_context(choices, vulnerability)}
    return render(request, "rempart/reporting/new_case.html", context, status=status)


@require_POST
def link_choices(request: HttpRequest) -> HttpResponse:
    """The htmx partial: releases, findings and reports for the products and vulnerability posted."""
    vulnerability = request.POST.get("vulnerability_id", "").strip()
    aliases = tuple(a.strip() for a in request.POST.getlist("aliases") if a.strip())
    choices = _choices(request, vulnerability, aliases)
    return render(
        request, "rempart/reporting/_case_links.html", _links_context(choices, vulnerability)
    )


def edit_links(request: HttpRequest, reference: str) -> HttpResponse:
    """Change the products, releases, findings and reports a case covers."""
    ctx = ctx_of(request)
    require(ctx, Action.WRITE)
    state = reporting.get_case(ctx, reference)
    case = state.case
    form = LinksNoteForm(request.POST or None)
    if request.method == "POST":
        choices = _choices(request, case.vulnerability_id, case.aliases)
    else:
        choices = case_links.link_choices(
            ctx,
            [slug for slug, _ in case.products],
            case.vulnerability_id,
            case.aliases,
            case_links.selection_of(case),
        )
    status = 200
    if request.method == "POST" and request.POST.get("action") != "refresh":
        status = 422
        if form.is_valid():
            try:
                case_links.change_links(
                    ctx, case.reference, choices.selection, form.cleaned_data["note"]
                )
            except (InvalidInput, Conflict) as error:
                apply_errors(form, error)
                status = 409 if isinstance(error, Conflict) else 422
            else:
                messages.success(request, f"What {case.reference} covers was changed.")
                return redirect("case", reference=case.reference)
    context = {"case": case, "form": form, **_links_context(choices, case.vulnerability_id)}
    return render(request, "rempart/reporting/case_links.html", context, status=status)
