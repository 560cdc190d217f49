"""Annex I assessment pages: per product, per requirement, portfolio, exports (web layer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rempart.core.cra.assessment import (
    APPLICABILITY_CITATIONS,
    CHAPEAU_ID,
    READINESS_RULE,
    applicable_deadlines,
    record_link,
)
from rempart.core.errors import NotFound, PermissionDenied, RempartError
from rempart.services.assessment import actions as assessment_actions
from rempart.services.assessment import annex_i as assessments
from rempart.services.assessment import evidence as assessment_evidence
from rempart.services.assessment import gap_report
from rempart.web.session import apply_errors, ctx_of

STATUS_LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "met": "Met",
    "not-met": "Not met",
}
STATE_BADGES = {"present": "support-supported", "attention": "support-ending-soon"}


class EntryForm(forms.Form):
    applicable = forms.TypedChoiceField(
        choices=[("yes", "Applicable"), ("no", "Not applicable")],
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    justification = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when not applicable (Art. 13(4)); may name a risk, e.g. R-7.",
    )
    status = forms.ChoiceField(choices=list(STATUS_LABELS.items()))
    how_met = forms.CharField(
        required=False, label="How it is met", widget=forms.Textarea(attrs={"rows": 3})
    )
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One http(s) URL per line.",
    )
    owner = forms.ChoiceField(required=False)
    reviewed = forms.BooleanField(required=False, label="Record a review today, by me")

    def __init__(self, *args: Any, users: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)  # noqa: S101 - declared just above
        owner.choices = [("", "—"), *((u, u) for u in users)]


class UploadForm(forms.Form):
    file = forms.FileField(label="Evidence file (PDF, PNG, JPEG, text, Markdown, CSV, JSON)")
    title = forms.CharField(required=False, max_length=300)


class UrlForm(forms.Form):
    url = forms.CharField(max_length=2000, label="URL (http/https)")
    title = forms.CharField(required=False, max_length=300)


class RecordForm(forms.Form):
    record = forms.CharField(
        max_length=300, help_text="e.g. sbom:12, release:router@1.8.2, risk:R-7"
    )
    title = forms.CharField(required=False, max_length=300)


class ActionForm(forms.Form):
    title = forms.CharField(max_length=300)
    requirement = forms.CharField(required=False, max_length=32)
    owner = forms.CharField(required=False, max_length=150)
    due_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SecureDefaultForm(forms.Form):
    setting = forms.CharField(max_length=200)
    default_value = forms.CharField(max_length=500)
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _initial(row: assessments.RequirementView) -> dict[str, Any]:
    entry = row.entry
    if entry is None:
        return {"applicable": "yes", "status": "not-started"}
    return {
        "applicable": "yes" if entry.applicable else "no",
        "justification": entry.justification,
        "status": entry.status,
        "how_met": entry.how_met,
        "links": "\n".join(entry.links),
        "owner": entry.owner or "",
    }


def product_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    view = assessments.get_assessment(ctx, slug)
    return render(
        request,
        "rempart/assessment/product.html",
        {
            "view": view,
            "slug": slug,
            "rule": READINESS_RULE,
            "deadlines": applicable_deadlines(ctx.catalog),
            "actions": assessment_actions.list_actions(ctx, slug),
            "action_form": ActionForm(),
            "labels": STATUS_LABELS,
            "badges": STATE_BADGES,
            "users": assessments.user_names(ctx),
        },
    )


def summary(request: HttpRequest, slug: str) -> HttpResponse:
    """The product page's "Annex I assessment" section (loaded by htmx)."""
    ctx = ctx_of(request)
    view = assessments.get_assessment(ctx, slug)
    return render(
        request,
        "rempart/assessment/summary.html",
        {"view": view, "slug": slug, "rule": READINESS_RULE},
    )


def _requirement_context(
    request: HttpRequest, slug: str, requirement_id: str, form: EntryForm | None = None
) -> dict[str, Any]:
    ctx = ctx_of(request)
    view = assessments.get_assessment(ctx, slug)
    row = next((r for r in view.requirements if r.requirement.id == requirement_id), None)
    if row is None:
        assessments.get_requirement(ctx, slug, requirement_id)  # raises NotFound
        raise NotFound(requirement_id)
    users = assessments.user_names(ctx)
    return {
        "view": view,
        "row": row,
        "slug": slug,
        "rule": READINESS_RULE,
        "form": form or EntryForm(initial=_initial(row), users=users),
        "upload_form": UploadForm(),
        "url_form": UrlForm(),
        "record_form": RecordForm(),
        "secure_form": SecureDefaultForm(),
        "secure_defaults": assessment_actions.list_secure_defaults(ctx, slug)
        if requirement_id == "AI-P1-2b"
        else [],
        "history": assessments.history(ctx, slug, requirement_id),
        "named_risks": assessments.risks_named(ctx, slug, row.entry.justification)
        if row.entry and not row.applicable
        else [],
        "record_links": {e.id: record_link(e.record) for e in row.evidence if e.record},
        "applicability_citations": APPLICABILITY_CITATIONS,
        "chapeau": ctx.catalog.provision(CHAPEAU_ID).text
        if row.requirement.may_be_not_applicable
        else None,
        "labels": STATUS_LABELS,
        "badges": STATE_BADGES,
        "evidence_limit": assessment_evidence.evidence_limit(),
        "actions": [
            a
            for a in assessment_actions.list_actions(ctx, slug)
            if a.requirement_id == requirement_id
        ],
    }


def requirement_page(request: HttpRequest, slug: str, requirement_id: str) -> HttpResponse:
    ctx = ctx_of(request)
    if request.method == "POST":
        users = assessments.user_names(ctx)
        form: EntryForm | None = EntryForm(request.POST, users=users)
        assert form is not None  # noqa: S101 - for the type checker
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            changes: dict[str, Any] = {
                "applicable": data["applicable"],
                "justification": data["justification"],
                "status": data["status"],
                "how_met": data["how_met"],
                "links": tuple(line.strip() for line in data["links"].splitlines() if line.strip()),
                "owner": data["owner"] or None,
            }
            if data["reviewed"]:
                changes["reviewed_on"] = ctx.clock.now().date()
                changes["reviewer"] = request.user.get_username()
            try:
                assessments.set_requirement(ctx, slug, requirement_id, changes)
            except PermissionDenied:
                raise
            except RempartError as error:
                apply_errors(form, error)
            else:
                status, form = 200, None
        context = _requirement_context(request, slug, requirement_id, form)
        if request.headers.get("HX-Request"):
            # htmx swaps only successful responses: the refused form comes back as a 200
            # fragment that shows the problems in place.
            return render(request, "rempart/assessment/requirement_htmx.html", context)
        return render(request, "rempart/assessment/requirement.html", context, status=status)
    context = _requirement_context(request, slug, requirement_id)
    return render(request, "rempart/assessment/requirement.html", context)


def _back(slug: str, requirement_id: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("assessment-requirement", args=[slug, requirement_id]) + "#evidence"
    )


@require_POST
def add_evidence(request: HttpRequest, slug: str, requirement_id: str) -> HttpResponse:
    ctx = ctx_of(request)
    kind = request.POST.get("kind", "file")
    form: forms.Form
    try:
        if kind == "url":
            form = UrlForm(request.POST)
            if form.is_valid():
                assessment_evidence.add_url(
                    ctx, slug, requirement_id, form.cleaned_data["url"], form.cleaned_data["title"]
                )
        elif kind == "record":
            form = RecordForm(request.POST)
            if form.is_valid():
                assessment_evidence.add_record(
                    ctx,
                    slug,
                    requirement_id,
                    form.cleaned_data["record"],
                    form.cleaned_data["title"],
                )
        else:
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                # Refuse by the announced size before reading a large body into memory.
                assessment_evidence.check_upload_size(upload.size)
                assessment_evidence.add_file(
                    ctx,
                    slug,
                    requirement_id,
                    upload.read(),
                    upload.name or "",
                    form.cleaned_data["title"],
                )
    except PermissionDenied:
        raise
    except RempartError as error:
        apply_errors(form, error)
    if form.is_valid() and not form.errors:
        messages.success(request, "Evidence added.")
        return _back(slug, requirement_id)
    context = _requirement_context(request, slug, requirement_id)
    context[{"url": "url_form", "record": "record_form"}.get(kind, "upload_form")] = form
    return render(request, "rempart/assessment/requirement.html", context, status=422)


@require_POST
def remove_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    ctx = ctx_of(request)
    view = assessment_evidence.get(ctx, evidence_id)
    assessment_evidence.remove(ctx, evidence_id)
    messages.success(request, f"Evidence {view.title} removed.")
    return _back(view.product_slug, view.requirement_id)


def download_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    view, data = assessment_evidence.download(ctx_of(request), evidence_id)
    return attachment(data, view.media_type, view.file_name)


def attachment(data: bytes, media_type: str, file_name: str) -> HttpResponse:
    """A download that the browser saves and never renders or sniffs."""
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    data, media_type, name = gap_report.export(ctx_of(request), slug, fmt)
    if fmt == "html" and request.GET.get("download") != "1":
        response = HttpResponse(data, content_type="text/html; charset=utf-8")
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return attachment(data, media_type, name)


def portfolio(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    return render(
        request, "rempart/assessment/portfolio.html", {"folio": gap_report.portfolio(ctx)}
    )


@require_POST
def add_action(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assessment_actions.save_action(
                ctx,
                slug,
                assessment_actions.ActionDraft(
                    data["title"],
                    data["requirement"] or None,
                    data["owner"] or None,
                    data["due_on"],
                ),
            )
        except RempartError as error:
            messages.error(request, error.diagnostics())
        else:
            messages.success(request, "Action added.")
    else:
        messages.error(request, "The action needs a title (and a valid date).")
    return HttpResponseRedirect(_same_site(request, request.POST.get("next")) or _actions(slug))


@require_POST
def set_action_status(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    ctx = ctx_of(request)
    status = assessment_actions.parse_action_status(request.POST.get("status", ""))
    current = next(
        (a for a in assessment_actions.list_actions(ctx, slug) if a.id == action_id), None
    )
    if current is None:
        raise NotFound(f"no action {action_id} for product {slug!r}")
    assessment_actions.save_action(
        ctx,
        slug,
        assessment_actions.ActionDraft(
            current.title, current.requirement_id or None, current.owner, current.due_on, status
        ),
        action_id,
    )
    return HttpResponseRedirect(_actions(slug))


@require_POST
def add_secure_default(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = SecureDefaultForm(request.POST)
    if form.is_valid():
        try:
            assessment_actions.add_secure_default(ctx, slug, **form.cleaned_data)
        except RempartError as error:
            messages.error(request, error.diagnostics())
    else:
        messages.error(request, "Give the setting and its default value.")
    return HttpResponseRedirect(
        reverse("assessment-requirement", args=[slug, "AI-P1-2b"]) + "#secure-defaults"
    )


@require_POST
def remove_secure_default(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    assessment_actions.remove_secure_default(ctx_of(request), slug, item_id)
    return HttpResponseRedirect(
        reverse("assessment-requirement", args=[slug, "AI-P1-2b"]) + "#secure-defaults"
    )


def _actions(slug: str) -> str:
    return reverse("assessment", args=[slug]) + "#actions"


def _same_site(request: HttpRequest, target: str | None) -> str | None:
    """``target`` when it is a path on this site; never an address elsewhere (open redirect)."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None
