"""The product wizard: basics -> scope -> category -> support period -> review (web layer).

The answers live in a draft stored for the person (``services.products.wizard``), so a step can
be reloaded, left with "Save draft" and resumed later. The first step creates the draft when it
is submitted. Every check goes through the wizard service, never the core directly.

The scope step shows a question only when its ``ask_if`` condition holds: with htmx the list is
re-rendered as answers change; without JavaScript, a follow-up that a submitted answer makes
apply is shown on the returned page with a note to answer it.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rempart.core.errors import RempartError
from rempart.services.accounts.authz import Action, require
from rempart.services.products import catalog as catalog_service
from rempart.services.products import register as products
from rempart.services.products import wizard
from rempart.services.products.wizard import STEPS, DraftView
from rempart.web.session import apply_errors, ctx_of
from rempart.web.views.wizard_forms import BasicsForm, CategoryForm, SupportForm

SAVE = "save"
ANSWER_CHOICES = (("yes", "Yes"), ("no", "No"), ("unsure", "Unsure"))


def _saving(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") == SAVE


def _saved(request: HttpRequest, draft: DraftView) -> HttpResponse:
    name = draft.name or "the product"
    messages.success(request, f"Draft for {name} saved. Resume it from “Your drafts” below.")
    return redirect("products")


def _render(
    request: HttpRequest,
    draft: DraftView | None,
    current: str,
    context: dict[str, Any],
    status: int = 200,
    *,
    mode: str = "create",
    slug: str = "",
) -> HttpResponse:
    base = {
        "steps": STEPS,
        "current": current,
        "draft": draft.data if draft else {},
        "draft_id": draft.id if draft else None,
        "mode": draft.mode if draft else mode,
        "slug": draft.product_slug if draft else slug,
        "reached": STEPS.index(draft.step) if draft and draft.step in STEPS else 0,
    }
    return render(request, f"rempart/wizard/{current}.html", {**base, **context}, status=status)


def start_new(request: HttpRequest) -> HttpResponse:
    """The first step of a new registration; its submission creates the draft."""
    return _basics(request, None, "create", "")


def start_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The first step of editing a product, prefilled from it."""
    return _basics(request, None, "edit", slug)


def resume(request: HttpRequest, name: str) -> HttpResponse:
    """An old or bookmarked step URL without a draft: the person's latest draft, or the list."""
    drafts = wizard.list_drafts(ctx_of(request))
    if name in STEPS and drafts:
        return redirect("wizard-step", draft_id=drafts[0].id, name=name)
    messages.info(request, "No product wizard in progress: start one, or resume a draft.")
    return redirect("products")


def step(request: HttpRequest, draft_id: int, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404("unknown wizard step")
    ctx = ctx_of(request)
    draft = wizard.get_draft(ctx, draft_id)
    if name == "basics":
        return _basics(request, draft, draft.mode, draft.product_slug)
    handler = {"scope": _scope, "category": _category, "support": _support, "review": _review}
    return handler[name](request, draft)


@require_POST
def discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    wizard.discard_draft(ctx_of(request), draft_id)
    messages.success(request, "Draft discarded.")
    return redirect("products")


def _next(
    request: HttpRequest, draft_id: int, values: dict[str, Any], current: str
) -> HttpResponse:
    following = STEPS[STEPS.index(current) + 1]
    wizard.save_step(ctx_of(request), draft_id, values, following)
    return redirect("wizard-step", draft_id=draft_id, name=following)


def _basics(request: HttpRequest, draft: DraftView | None, mode: str, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(ctx, Action.WRITE)
    if draft is not None:
        initial: dict[str, Any] = draft.data
    elif mode == "edit":
        initial = wizard.product_draft_data(ctx, slug)
    else:
        initial = {}
    form = BasicsForm(request.POST or None, initial=initial)
    if mode == "edit":
        form.fields["slug"].disabled = True
    if _saving(request) or (request.method == "POST" and form.is_valid()):
        if _saving(request):
            values = {k: request.POST.get(k, "") for k in form.fields if k in request.POST}
        else:
            values = dict(form.cleaned_data)
        if mode == "edit":
            values.pop("slug", None)
        if draft is None:
            draft = wizard.get_draft(ctx, wizard.start_draft(ctx, slug or None))
        if _saving(request):
            return _saved(request, wizard.save_step(ctx, draft.id, values, "basics"))
        return _next(request, draft.id, values, "basics")
    context = {"form": form}
    return _render(request, draft, "basics", context, 422 if form.errors else 200, mode=mode, slug=slug)  # fmt: skip


def _posted_answers(request: HttpRequest, draft: DraftView) -> dict[str, str]:
    """The answers on the form, over those already in the draft (a hidden question keeps none)."""
    answers = dict(draft.data.get("scope_answers", {}))
    for key, value in request.POST.items():
        if key.startswith("q_") and value in ("yes", "no", "unsure"):
            answers[key.removeprefix("q_")] = value
    return answers


def _scope_context(
    request: HttpRequest, answers: dict[str, str], errors: dict[str, str], shown: set[str]
) -> dict[str, Any]:
    questions = wizard.scope_questions(ctx_of(request), answers)
    new = {q.id for q in questions if shown and q.id not in shown and not q.answer}
    items: list[dict[str, Any]] = [
        {"view": q, "error": "" if q.id in new else errors.get(q.id, ""), "new": q.id in new}
        for q in questions
    ]
    # Each top-level question with the follow-ups its answers opened, so a live refresh only
    # replaces those follow-ups and never an answer being given elsewhere.
    groups = [
        {"item": item, "follow_ups": [i for i in items if i["view"].root == item["view"].id and i is not item]}
        for item in items
        if item["view"].follows is None
    ]  # fmt: skip
    return {"groups": groups, "new_questions": new, "answer_choices": ANSWER_CHOICES}


def _scope(request: HttpRequest, draft: DraftView) -> HttpResponse:
    ctx = ctx_of(request)
    answers = dict(draft.data.get("scope_answers", {}))
    errors: dict[str, str] = {}
    general: list[str] = []
    shown = set(request.POST.getlist("shown"))
    if request.method == "POST":
        answers = _posted_answers(request, draft)
        if _saving(request):
            return _saved(request, wizard.save_step(ctx, draft.id, {"scope_answers": answers}, "scope"))  # fmt: skip
        try:
            decision = wizard.decide_scope(ctx, answers)
        except RempartError as error:
            for problem in error.problems:
                errors[problem.field.removeprefix("answers.")] = problem.message
            general = [] if error.problems else [error.message]
            wizard.save_step(ctx, draft.id, {"scope_answers": answers}, "scope")
        else:
            return _next(request, draft.id, {"scope_answers": dict(decision.answers)}, "scope")
    context = _scope_context(request, answers, errors, shown)
    # A follow-up that the answers just made apply is not the person's mistake: say so gently.
    only_new = bool(errors) and set(errors) <= set(context["new_questions"])
    context["general_errors"] = general
    status = 200 if only_new and not general else (422 if errors or general else 200)
    return _render(request, draft, "scope", context, status)


@require_POST
def scope_live(request: HttpRequest, draft_id: int) -> HttpResponse:
    """htmx: the follow-ups of one question for the answers given so far; answers are kept."""
    ctx = ctx_of(request)
    draft = wizard.get_draft(ctx, draft_id)
    answers = _posted_answers(request, draft)
    draft = wizard.save_step(ctx, draft.id, {"scope_answers": answers}, "scope")
    context = {"draft_id": draft.id, **_scope_context(request, answers, {}, set())}
    parent = request.GET.get("question", "")
    group = next((g for g in context["groups"] if g["item"]["view"].id == parent), None)
    if group is None:
        raise Http404("no such scope question")
    return render(request, "rempart/wizard/_follow_ups.html", {**context, "group": group})


def _category(request: HttpRequest, draft: DraftView) -> HttpResponse:
    ctx = ctx_of(request)
    catalog = ctx.catalog
    data = draft.data
    form = CategoryForm(request.POST or None, initial=data)
    field = cast(forms.MultipleChoiceField, form.fields["categories"])
    field.choices = [(c.id, f"{c.id} — {c.title}") for c in catalog.categories]
    if _saving(request):
        values = {
            "categories": request.POST.getlist("categories"),
            "free_open_source_public_documentation": bool(
                request.POST.get("free_open_source_public_documentation")
            ),
            "standards_applied": request.POST.get("standards_applied", "none"),
        }
        return _saved(request, wizard.save_step(ctx, draft.id, values, "category"))
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            wizard.check_route(
                ctx,
                tuple(cleaned["categories"]),
                cleaned["free_open_source_public_documentation"],
                cleaned["standards_applied"],
            )
        except RempartError as error:
            apply_errors(form, error)
        else:
            return _next(request, draft.id, dict(cleaned), "category")
    text = (
        f"{data.get('name', '')} {data.get('description', '')} {data.get('intended_purpose', '')}"
    )
    context = {
        "form": form,
        "categories": catalog.categories,
        "selected": set(form["categories"].value() or []),
        "suggestions": catalog_service.suggest_categories(ctx, text),
        "classes": catalog.rules.product_class,
    }
    return _render(request, draft, "category", context, 422 if form.errors else 200)


def _support(request: HttpRequest, draft: DraftView) -> HttpResponse:
    ctx = ctx_of(request)
    data = draft.data
    form = SupportForm(request.POST or None, initial={"support_months": 60, **data})
    if _saving(request):
        values = {k: request.POST.get(k) or None for k in form.fields}
        return _saved(request, wizard.save_step(ctx, draft.id, values, "support"))
    if request.method == "POST" and form.is_valid():
        try:
            wizard.check_support(ctx, {**data, **form.cleaned_data})
        except RempartError as error:
            apply_errors(form, error)
        else:
            return _next(request, draft.id, dict(form.cleaned_data), "support")
    context = {"form": form, "minimum": ctx.catalog.rules.support.minimum_months}
    return _render(request, draft, "support", context, 422 if form.errors else 200)


def _review(request: HttpRequest, draft: DraftView) -> HttpResponse:
    ctx = ctx_of(request)
    described = wizard.product_draft(draft.data)
    try:
        decided = products.assess_draft(ctx, described)
    except RempartError as error:
        return _render(request, draft, "review", {"error": error}, 422)
    answered = wizard.scope_questions(ctx, dict(decided.scope.answers))
    context = {"decided": decided, "answered": answered, "slug_shown": described.effective_slug}
    if request.method == "POST":
        try:
            product = wizard.complete_draft(ctx, draft.id)
        except RempartError as error:
            status = 409 if error.kind == "conflict" else 422
            return _render(request, draft, "review", {**context, "error": error}, status)
        messages.success(request, f"{product.name} was saved.")
        return redirect("product", slug=product.slug)
    return _render(request, draft, "review", context)
