"""The product wizard: basics → scope → category → support period → review (web layer).

The draft lives in the session between steps. Each step checks its part with the same core
rules the API and CLI use, so a step refuses exactly what the final save would refuse.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rempart.core.cra.classification import (
    RouteQuestion,
    StandardsApplied,
    check_foss_route,
    classify,
    foss_route_offered,
    suggest_categories,
)
from rempart.core.cra.scope import asked_questions, evaluate_scope
from rempart.core.cra.support import validate_support_policy
from rempart.core.errors import ProblemCollector, RempartError
from rempart.core.register import ProductDraft, policy_of
from rempart.services.accounts.authz import Action, require
from rempart.services.products import register as products
from rempart.web.session import apply_errors, ctx_of

STEPS = ("basics", "scope", "category", "support", "review")
SESSION_KEY = "rempart_wizard"


class BasicsForm(forms.Form):
    name = forms.CharField(
        max_length=200, help_text="The name under which the product is marketed."
    )
    slug = forms.SlugField(
        max_length=80,
        required=False,
        help_text="Identifier for URLs and the CLI; derived from the name if empty.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )
    intended_purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20000,
        help_text="The use the product is intended for, as in its instructions and marketing (Art. 3(23)).",
    )


class CategoryForm(forms.Form):
    categories = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    free_open_source_public_documentation = forms.BooleanField(
        required=False,
        label="Free and open-source software whose technical documentation is made public at placing on the market",
    )
    standards_applied = forms.ChoiceField(
        choices=[(s.value, s.value) for s in StandardsApplied],
        initial="none",
        widget=forms.RadioSelect,
        label="Harmonised standards, common specifications or EU cybersecurity certification applied",
    )


class SupportForm(forms.Form):
    support_months = forms.IntegerField(
        min_value=1, max_value=1200, initial=60, label="Support period (months)"
    )
    expected_use_months = forms.IntegerField(
        min_value=1, max_value=1200, required=False, label="Expected use time (months)"
    )
    support_justification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20000,
        label="What was taken into account to determine it (required; Annex VII point 4)",
    )


def _state(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(SESSION_KEY)
    if not isinstance(state, dict):
        raise Http404("no product wizard in progress; start again")
    return state


def _save(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = state
    request.session.modified = True


def start_new(request: HttpRequest) -> HttpResponse:
    require(ctx_of(request), Action.WRITE)
    _save(request, {"mode": "create", "slug": "", "data": {}})
    return redirect("wizard", name="basics")


def start_edit(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(ctx, Action.WRITE)
    draft = products.draft_from_product(products.get_product(ctx, slug))
    data = _as_dict(draft)
    _save(request, {"mode": "edit", "slug": slug, "data": data})
    return redirect("wizard", name="basics")


def _as_dict(draft: ProductDraft) -> dict[str, Any]:
    return {
        "name": draft.name,
        "slug": draft.slug,
        "description": draft.description,
        "intended_purpose": draft.intended_purpose,
        "scope_answers": dict(draft.scope_answers),
        "categories": list(draft.categories),
        "free_open_source_public_documentation": draft.free_open_source_public_documentation,
        "standards_applied": draft.standards_applied,
        "support_months": draft.support_months,
        "expected_use_months": draft.expected_use_months,
        "support_justification": draft.support_justification,
    }


def _draft(data: dict[str, Any]) -> ProductDraft:
    return ProductDraft(
        name=data.get("name", ""),
        slug=data.get("slug", ""),
        description=data.get("description", ""),
        intended_purpose=data.get("intended_purpose", ""),
        scope_answers=data.get("scope_answers", {}),
        categories=tuple(data.get("categories", ())),
        free_open_source_public_documentation=bool(
            data.get("free_open_source_public_documentation")
        ),
        standards_applied=data.get("standards_applied", "none"),
        support_months=int(data.get("support_months", 60)),
        expected_use_months=data.get("expected_use_months"),
        support_justification=data.get("support_justification", ""),
    )


def step(request: HttpRequest, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404("unknown wizard step")
    ctx = ctx_of(request)
    require(ctx, Action.WRITE)
    if not isinstance(request.session.get(SESSION_KEY), dict):
        # A reloaded or bookmarked step after the product was saved (or the session ended).
        messages.info(
            request, "No product registration is in progress: it was saved or has expired."
        )
        return redirect("products")
    state = _state(request)
    handler = {
        "basics": _basics,
        "scope": _scope,
        "category": _category,
        "support": _support,
        "review": _review,
    }[name]
    return handler(request, state)


def _next(request: HttpRequest, state: dict[str, Any], current: str) -> HttpResponse:
    _save(request, state)
    return redirect("wizard", name=STEPS[STEPS.index(current) + 1])


def _render(
    request: HttpRequest,
    state: dict[str, Any],
    current: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    base = {"steps": STEPS, "current": current, "state": state, "draft": state["data"]}
    return render(request, f"rempart/wizard/{current}.html", {**base, **context}, status=status)


def _basics(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    data = state["data"]
    form = BasicsForm(request.POST or None, initial=data)
    if state["mode"] == "edit":
        form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        data.update(
            {
                k: v
                for k, v in form.cleaned_data.items()
                if not (k == "slug" and state["mode"] == "edit")
            }
        )
        return _next(request, state, "basics")
    return _render(request, state, "basics", {"form": form}, 422 if form.errors else 200)


def _scope(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    catalog = ctx_of(request).catalog
    answers = dict(state["data"].get("scope_answers", {}))
    errors: dict[str, str] = {}
    general: list[str] = []
    if request.method == "POST":
        answers = {q.id: request.POST.get(f"q_{q.id}", "") for q in catalog.scope.question}
        answers = {k: v for k, v in answers.items() if v}
        try:
            decision = evaluate_scope(catalog, answers)
        except RempartError as error:
            for problem in error.problems:
                errors[problem.field.removeprefix("answers.")] = problem.message
            general = [] if error.problems else [error.message]
        else:
            state["data"]["scope_answers"] = dict(decision.answers)
            return _next(request, state, "scope")
    asked = {q.id for q in asked_questions(catalog, answers)}
    questions = [
        {
            "q": q,
            "answer": answers.get(q.id, ""),
            "error": errors.get(q.id, ""),
            "conditional": q.ask_if is not None,
            "asked": q.id in asked,
            "citations": catalog.citations(q.citations),
        }
        for q in catalog.scope.question
    ]
    return _render(
        request,
        state,
        "scope",
        {"questions": questions, "general_errors": general},
        422 if errors or general else 200,
    )


def _category(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    catalog = ctx_of(request).catalog
    data = state["data"]
    form = CategoryForm(request.POST or None, initial=data)
    field = cast(forms.MultipleChoiceField, form.fields["categories"])
    field.choices = [(c.id, f"{c.id} — {c.title}") for c in catalog.categories]
    foss = foss_route_offered(data.get("scope_answers", {}))
    if request.method == "POST" and form.is_valid():
        question = RouteQuestion(
            tuple(form.cleaned_data["categories"]),
            form.cleaned_data["free_open_source_public_documentation"],
            StandardsApplied(form.cleaned_data["standards_applied"]),
        )
        try:
            route = ProblemCollector()
            check_foss_route(
                data.get("scope_answers", {}), question.free_open_source_public_documentation, route
            )
            route.raise_if_any("the route is invalid")
            classify(catalog, question)
        except RempartError as error:
            apply_errors(form, error)
        else:
            data.update(form.cleaned_data)
            return _next(request, state, "category")
    suggestions = suggest_categories(
        catalog,
        f"{data.get('name', '')} {data.get('description', '')} {data.get('intended_purpose', '')}",
    )
    selected = set(form["categories"].value() or [])
    return _render(
        request,
        state,
        "category",
        {
            "form": form,
            "categories": catalog.categories,
            "selected": selected,
            "suggestions": suggestions,
            "classes": catalog.rules.product_class,
            "foss_route_offered": foss,
        },
        422 if form.errors else 200,
    )


def _support(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    catalog = ctx_of(request).catalog
    data = state["data"]
    form = SupportForm(request.POST or None, initial={"support_months": 60, **data})
    if request.method == "POST" and form.is_valid():
        candidate = {**data, **form.cleaned_data}
        try:
            validate_support_policy(catalog, policy_of(_draft(candidate)))
        except RempartError as error:
            apply_errors(form, error)
        else:
            data.update(form.cleaned_data)
            return _next(request, state, "support")
    return _render(
        request,
        state,
        "support",
        {"form": form, "minimum": catalog.rules.support.minimum_months},
        422 if form.errors else 200,
    )


def _review(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    ctx = ctx_of(request)
    draft = _draft(state["data"])
    try:
        decided = products.assess_draft(ctx, draft)
    except RempartError as error:
        return _render(request, state, "review", {"error": error}, 422)
    if request.method == "POST":
        try:
            if state["mode"] == "edit":
                product = products.update_product(ctx, state["slug"], draft)
            else:
                product = products.create_product(ctx, draft)
        except RempartError as error:
            return _render(
                request,
                state,
                "review",
                {"error": error, "decided": decided},
                409 if error.kind == "conflict" else 422,
            )
        request.session.pop(SESSION_KEY, None)
        messages.success(request, f"{product.name} was saved.")
        return redirect("product", slug=product.slug)
    return _render(request, state, "review", {"decided": decided, "slug": draft.effective_slug})
