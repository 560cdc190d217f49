"""The guided self-assessment page and the security test, training and audit records (web layer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rempart.core.errors import Conflict, FormatError, InvalidInput, Problem
from rempart.core.risk.questionnaire import ANSWERS
from rempart.core.risk.records import (
    AUDIT_RESULTS,
    FINDING_STATUSES,
    SEVERITIES,
    TEST_KINDS,
    SecurityFinding,
    SecurityTest,
    ThirdPartyAudit,
    Training,
)
from rempart.services.risk import selfassessment
from rempart.web.session import apply_errors, ctx_of

DATE = forms.DateInput(attrs={"type": "date"})
# Shown on the form; PermissionDenied and NotFound go to the error page with their status.
FORM_ERRORS = (InvalidInput, FormatError, Conflict)
REQUIREMENTS_HELP = "Annex I IDs separated by spaces, e.g. AI-P2-3 AI-P1-2d"


class AnswerForm(forms.Form):
    question = forms.CharField(max_length=32, widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[(a, a) for a in ANSWERS])
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 1}))


class TestForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in TEST_KINDS])
    date = forms.DateField(widget=DATE)
    tester = forms.CharField(max_length=1000)
    scope = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"One per line: severity ({'/'.join(SEVERITIES)}) | title",
    )
    requirement_ids = forms.CharField(initial="AI-P2-3", help_text=REQUIREMENTS_HELP)

    def record(self) -> SecurityTest:
        data = self.cleaned_data
        findings = []
        for line in data["findings"].splitlines():
            if line.strip():
                severity, _, title = line.partition("|")
                findings.append(SecurityFinding(title.strip(), severity.strip().lower()))
        return selfassessment.new_test(
            data["kind"],
            data["date"],
            data["tester"],
            data["scope"],
            tuple(findings),
            tuple(data["requirement_ids"].split()),
        )


class TrainingForm(forms.Form):
    date = forms.DateField(widget=DATE)
    people = forms.CharField(max_length=1000)
    topic = forms.CharField(max_length=1000)
    requirement_ids = forms.CharField(help_text=REQUIREMENTS_HELP)


class AuditForm(forms.Form):
    date = forms.DateField(widget=DATE)
    auditor = forms.CharField(max_length=1000)
    scope = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.ChoiceField(choices=[(r, r) for r in AUDIT_RESULTS])
    requirement_ids = forms.CharField(help_text=REQUIREMENTS_HELP)


def questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    shown = selfassessment.show(ctx, slug)
    areas = [
        (area, [(q, shown.answers.get(q.id)) for q in questions])
        for area, questions in shown.questionnaire.by_area()
    ]
    return render(
        request,
        "rempart/risk/selfassessment.html",
        {
            "shown": shown,
            "product": shown.product,
            "areas": areas,
            "answers": ANSWERS,
            "error": request.GET.get("error", ""),
        },
    )


@require_POST
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        problems = [
            Problem(name, " ".join(map(str, errors))) for name, errors in form.errors.items()
        ]
        raise InvalidInput(f"the answer is invalid: {problems[0]}", problems)
    data = form.cleaned_data
    selfassessment.answer(ctx, slug, data["question"], data["answer"], data["comment"])
    return HttpResponseRedirect(reverse("selfassessment", args=[slug]) + f"#q-{data['question']}")


def _records_context(request: HttpRequest, slug: str, **forms_: Any) -> dict[str, Any]:
    shown = selfassessment.show(ctx_of(request), slug)
    return {
        "shown": shown,
        "product": shown.product,
        "statuses": FINDING_STATUSES,
        "test_form": forms_.get("test_form") or TestForm(),
        "training_form": forms_.get("training_form") or TrainingForm(),
        "audit_form": forms_.get("audit_form") or AuditForm(),
    }


def records(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "rempart/risk/records.html", _records_context(request, slug))


def _store(request: HttpRequest, slug: str, form: forms.Form, name: str, save: Any) -> HttpResponse:
    if form.is_valid():
        try:
            save(form)
        except FORM_ERRORS as error:
            apply_errors(form, error)
        else:
            return redirect("security-records", slug=slug)
    context = _records_context(request, slug, **{name: form})
    return render(request, "rempart/risk/records.html", context, status=422)


@require_POST
def add_test(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    return _store(
        request,
        slug,
        TestForm(request.POST),
        "test_form",
        lambda f: selfassessment.add_security_test(ctx, slug, f.record()),
    )


@require_POST
def add_training(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)

    def save(form: forms.Form) -> None:
        d = form.cleaned_data
        training = Training(
            0, d["date"], d["people"], d["topic"], tuple(d["requirement_ids"].split())
        )
        selfassessment.add_training(ctx, slug, training)

    return _store(request, slug, TrainingForm(request.POST), "training_form", save)


@require_POST
def add_audit(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)

    def save(form: forms.Form) -> None:
        d = form.cleaned_data
        record = ThirdPartyAudit(
            0, d["date"], d["auditor"], d["scope"], d["result"], tuple(d["requirement_ids"].split())
        )
        selfassessment.add_audit(ctx, slug, record)

    return _store(request, slug, AuditForm(request.POST), "audit_form", save)


@require_POST
def finding_status(request: HttpRequest, slug: str, test_id: int, index: int) -> HttpResponse:
    ctx = ctx_of(request)
    selfassessment.set_finding_status(ctx, slug, test_id, index, request.POST.get("status", ""))
    return HttpResponseRedirect(reverse("security-records", args=[slug]) + f"#test-{test_id}")
