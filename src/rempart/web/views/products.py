"""Product list, product page and releases (web layer)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from rempart.core.errors import RempartError
from rempart.core.paging import PageRequest, page_of
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, allows
from rempart.services.products import register as products
from rempart.services.products import wizard
from rempart.services.vulnerabilities import scanning
from rempart.web.session import apply_errors, ctx_of


class ReleaseForm(forms.Form):
    version = forms.CharField(max_length=100)
    release_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_of_support = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: the release date plus the product's support period.",
    )
    status = forms.ChoiceField(
        choices=[(s, s) for s in products.RELEASE_STATUSES], initial="released"
    )
    notes = forms.CharField(
        required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _rows(request: HttpRequest, items: list[Any]) -> list[dict[str, Any]]:
    ctx = ctx_of(request)
    latest_ids = [r.id for r in (p.latest_release() for p in items) if r is not None]
    counts = scanning.open_counts(ctx, latest_ids)
    rows = []
    for product in items:
        latest = product.latest_release()
        rows.append(
            {
                "product": product,
                "latest": latest,
                "findings": counts.get(latest.id) if latest else None,
                "support": products.release_support_status(ctx, latest).value
                if latest
                else "not-released",
            }
        )
    return rows


PER_PAGE = 50


def product_list(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    search = request.GET.get("q", "").strip()[:200]
    page = products.product_page(ctx, search, PageRequest.parse(request.GET.get("page"), PER_PAGE))
    return render(
        request,
        "rempart/product_list.html",
        {
            "rows": _rows(request, list(page)),
            "page": page,
            "q": search,
            "page_query": urlencode({"q": search}) if search else "",
            "drafts": wizard.list_drafts(ctx),
        },
    )


def _detail_context(
    request: HttpRequest, slug: str, form: ReleaseForm | None = None
) -> dict[str, Any]:
    ctx = ctx_of(request)
    product = products.get_product(ctx, slug)
    decided = products.assess_product(ctx, product)
    page = page_of(product.releases, PageRequest.parse(request.GET.get("page"), PER_PAGE))
    counts = scanning.open_counts(ctx, [r.id for r in page])
    releases = [
        {
            "release": r,
            "support": products.release_support_status(ctx, r).value,
            "retention": products.release_retention(ctx, r),
            "findings": counts.get(r.id),
        }
        for r in page
    ]
    tab = "history" if request.GET.get("tab") == "history" else "overview"
    events = []
    if tab == "history" and allows(ctx.actor.role, Action.AUDIT):
        events = [
            e
            for e in audit.list_events(ctx, 200, None, None)
            if e.object_id == slug or e.object_id.startswith(f"{slug}@")
        ]
    return {
        "tab": tab,
        "product": product,
        "decided": decided,
        "releases": releases,
        "retention": products.product_retention(ctx, product),
        "page": page,
        "page_query": "",
        "release_form": form or ReleaseForm(),
        "events": events,
        "scope_questions": {q.id: q.text for q in ctx.catalog.scope.question},
    }


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "rempart/product_detail.html", _detail_context(request, slug))


@require_POST
def add_release(request: HttpRequest, slug: str) -> HttpResponse:
    ctx = ctx_of(request)
    form = ReleaseForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            products.add_release(ctx, slug, products.ReleaseDraft(**form.cleaned_data))
        except RempartError as error:
            apply_errors(form, error)
            status = 422
        else:
            form = ReleaseForm()
    else:
        status = 422
    context = _detail_context(request, slug, form)
    template = (
        "rempart/partials/releases.html"
        if request.headers.get("HX-Request")
        else "rempart/product_detail.html"
    )
    return render(request, template, context, status=status)
