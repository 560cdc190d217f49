"""The risk assessment pages of a release: parts, threats, risks, matrix, CSV (web layer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rempart.core.errors import Conflict, FormatError, InvalidInput, NotFound
from rempart.core.risk.assessment import (
    TREATMENTS,
    AssessmentDraft,
    Risk,
    RiskAssessment,
    RiskDraft,
    ThreatDraft,
)
from rempart.core.risk.scale import RiskScale
from rempart.services.context import ServiceContext
from rempart.services.products import register as products
from rempart.services.risk import assessment as risk
from rempart.web.session import apply_errors, ctx_of

DATE = forms.DateInput(attrs={"type": "date"})
# Shown on the form; PermissionDenied and NotFound go to the error page with their status.
FORM_ERRORS = (InvalidInput, FormatError, Conflict)


def _choices(levels: Any, blank: bool = False) -> list[tuple[str, str]]:
    found = [(lv.key, f"{lv.value} · {lv.label}") for lv in levels]
    return [("", "—"), *found] if blank else found


class AssessmentForm(forms.Form):
    intended_purpose = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    foreseeable_use = forms.CharField(
        required=False, label="Reasonably foreseeable use", widget=forms.Textarea(attrs={"rows": 2})
    )
    operational_environment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assets = forms.CharField(
        required=False, help_text="One asset per line.", widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.CharField(required=False, max_length=200)
    last_reviewed = forms.DateField(required=False, widget=DATE)
    next_review_due = forms.DateField(required=False, widget=DATE)

    def draft(self) -> AssessmentDraft:
        data = dict(self.cleaned_data)
        data["assets"] = tuple(a.strip() for a in data["assets"].splitlines() if a.strip())
        return AssessmentDraft(**data)


class ThreatForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    asset = forms.CharField(required=False, max_length=200)
    source = forms.CharField(required=False, max_length=200, help_text="e.g. STRIDE: Tampering")


class RiskForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    threat = forms.ChoiceField(required=False)
    asset = forms.CharField(required=False, max_length=200)
    likelihood = forms.ChoiceField()
    impact = forms.ChoiceField()
    treatment = forms.ChoiceField(choices=[(t, t) for t in TREATMENTS])
    treatment_description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirement_ids = forms.CharField(
        required=False,
        label="Annex I requirements",
        help_text="IDs separated by spaces, e.g. AI-P1-2d AI-P2-3",
    )
    residual_likelihood = forms.ChoiceField(required=False)
    residual_impact = forms.ChoiceField(required=False)
    owner = forms.CharField(required=False, max_length=200)
    next_review = forms.DateField(required=False, widget=DATE)

    def __init__(self, scale: RiskScale, found: RiskAssessment, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["threat"].choices = [("", "—")] + [
            (t.identifier, f"{t.identifier} {t.title}") for t in found.threats
        ]
        fields["likelihood"].choices = _choices(scale.likelihood)
        fields["impact"].choices = _choices(scale.impact)
        fields["residual_likelihood"].choices = _choices(scale.likelihood, blank=True)
        fields["residual_impact"].choices = _choices(scale.impact, blank=True)

    def draft(self) -> RiskDraft:
        data = dict(self.cleaned_data)
        data["requirement_ids"] = tuple(data["requirement_ids"].split())
        for name in ("threat", "residual_likelihood", "residual_impact"):
            data[name] = data[name] or None
        return RiskDraft(**data)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV as documented in docs/risk-csv.md; all rows or none.")


def _form_of(found: RiskAssessment) -> AssessmentForm:
    return AssessmentForm(
        initial={
            "intended_purpose": found.intended_purpose,
            "foreseeable_use": found.foreseeable_use,
            "operational_environment": found.operational_environment,
            "assets": "\n".join(found.assets),
            "owner": found.owner,
            "last_reviewed": found.last_reviewed,
            "next_review_due": found.next_review_due,
        }
    )


def _matrix(scale: RiskScale, found: RiskAssessment | None) -> list[dict[str, Any]]:
    """The rating grid with the identifiers of the risks sitting in each cell."""
    rows = []
    for level, ratings in scale.grid():
        cells = []
        for impact, rating in zip(scale.impact, ratings, strict=True):
            placed = [
                r.identifier
                for r in (found.risks if found else ())
                if r.likelihood == level.key and r.impact == impact.key
            ]
            cells.append({"rating": rating, "risks": placed})
        rows.append({"level": level, "cells": cells})
    return rows


def _context(ctx: ServiceContext, slug: str, version: str, **forms_: Any) -> dict[str, Any]:
    product = products.get_product(ctx, slug)
    found = risk.get_assessment(ctx, slug, version)
    scale = risk.scale(ctx)
    today = ctx.clock.now().date()
    others = [
        a.release_version for a in risk.list_assessments(ctx, slug) if a.release_version != version
    ]
    context: dict[str, Any] = {
        "product": product,
        "version": version,
        "assessment": found,
        "scale": scale,
        "matrix": _matrix(scale, found),
        "copy_sources": others,
        "overdue": found.review_overdue(today) if found else False,
        "overdue_risks": [r.identifier for r in found.overdue_risks(today)] if found else [],
        "import_form": forms_.get("import_form") or ImportForm(),
    }
    if found is not None:
        context["assessment_form"] = forms_.get("assessment_form") or _form_of(found)
        context["threat_form"] = forms_.get("threat_form") or ThreatForm()
        context["risk_form"] = forms_.get("risk_form") or RiskForm(scale, found)
    return context


def assessment(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    return render(request, "rempart/risk/assessment.html", _context(ctx, slug, version))


def _base(slug: str, version: str) -> str:
    return reverse("risk-assessment", args=[slug, version])


@require_POST
def start(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    copy_from = request.POST.get("copy_from") or None
    risk.start_assessment(ctx, slug, version, None, copy_from)
    return redirect(_base(slug, version))


@require_POST
def update(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            risk.update_assessment(ctx, slug, version, form.draft())
        except FORM_ERRORS as error:
            apply_errors(form, error)
        else:
            return redirect(_base(slug, version))
    context = _context(ctx, slug, version, assessment_form=form)
    return render(request, "rempart/risk/assessment.html", context, status=422)


@require_POST
def add_threat(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = ThreatForm(request.POST)
    if form.is_valid():
        try:
            risk.add_threat(ctx, slug, version, ThreatDraft(**form.cleaned_data))
        except FORM_ERRORS as error:
            apply_errors(form, error)
        else:
            return redirect(_base(slug, version) + "#threats")
    context = _context(ctx, slug, version, threat_form=form)
    return render(request, "rempart/risk/assessment.html", context, status=422)


@require_POST
def add_risk(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    found = risk.require_assessment(ctx, slug, version)
    form: RiskForm | None = RiskForm(risk.scale(ctx), found, request.POST)
    status = 422
    if form is not None and form.is_valid():
        try:
            risk.add_risk(ctx, slug, version, form.draft())
        except FORM_ERRORS as error:
            apply_errors(form, error)
        else:
            status, form = 200, None
    context = _context(ctx, slug, version, risk_form=form)
    if request.headers.get("HX-Request"):
        return render(request, "rempart/risk/_risks.html", context, status=status)
    if status == 200:
        return redirect(_base(slug, version) + "#risks")
    return render(request, "rempart/risk/assessment.html", context, status=status)


@require_POST
def delete_risk(request: HttpRequest, slug: str, version: str, identifier: str) -> HttpResponse:
    ctx = ctx_of(request)
    risk.delete_risk(ctx, slug, version, identifier)
    if request.headers.get("HX-Request"):
        return render(request, "rempart/risk/_risks.html", _context(ctx, slug, version))
    return redirect(_base(slug, version) + "#risks")


@require_POST
def import_csv(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > risk.THREAT_CSV_MAX_BYTES:
                form.add_error("file", f"larger than {risk.THREAT_CSV_MAX_BYTES:,} bytes")
            else:
                risk.import_threats(ctx, slug, version, upload.read())
                return redirect(_base(slug, version) + "#risks")
        except FORM_ERRORS as error:
            apply_errors(form, error)
    context = _context(ctx, slug, version, import_form=form)
    return render(request, "rempart/risk/assessment.html", context, status=422)


def export_csv(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    ctx = ctx_of(request)
    data = risk.export_risks(ctx, slug, version)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    # The slug and version are validated identifiers; quote anyway so no header can break.
    filename = f"{slug}-{version}-risks.csv".replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _initial(found: Risk) -> dict[str, object]:
    return {
        "title": found.title,
        "description": found.description,
        "threat": found.threat or "",
        "asset": found.asset,
        "likelihood": found.likelihood,
        "impact": found.impact,
        "treatment": found.treatment,
        "treatment_description": found.treatment_description,
        "requirement_ids": " ".join(found.requirement_ids),
        "residual_likelihood": found.residual_likelihood or "",
        "residual_impact": found.residual_impact or "",
        "owner": found.owner,
        "next_review": found.next_review,
    }


def edit_risk(request: HttpRequest, slug: str, version: str, identifier: str) -> HttpResponse:
    """Change one risk of the release's assessment (earlier releases keep their copy)."""
    ctx = ctx_of(request)
    found = risk.require_assessment(ctx, slug, version)
    current = next((r for r in found.risks if r.identifier == identifier), None)
    if current is None:
        raise NotFound(f"no risk {identifier!r} in the assessment of {slug} {version}")
    status = 200
    if request.method == "POST":
        form = RiskForm(risk.scale(ctx), found, request.POST)
        if form.is_valid():
            try:
                risk.update_risk(ctx, slug, version, identifier, form.draft())
            except FORM_ERRORS as error:
                apply_errors(form, error)
            else:
                return redirect(_base(slug, version) + f"#risk-{identifier}")
        status = 422
    else:
        form = RiskForm(risk.scale(ctx), found, initial=_initial(current))
    context = {"product_slug": slug, "version": version, "risk": current, "form": form}
    return render(request, "rempart/risk/edit_risk.html", context, status=status)
