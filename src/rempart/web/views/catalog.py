"""Browsing the CRA catalog: requirements, categories, timeline, one entry (web layer)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rempart.services.products import catalog
from rempart.web.session import ctx_of


def requirements(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    group = request.GET.get("group") or None
    return render(
        request,
        "rempart/catalog/requirements.html",
        {
            "items": catalog.requirements(ctx, group),
            "groups": ctx.catalog.rules.requirement_group,
            "group": group,
        },
    )


def categories(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    search = request.GET.get("q", "").strip()[:200]
    items = catalog.categories(ctx, search or None)
    template = (
        "rempart/partials/category_results.html"
        if request.headers.get("HX-Request")
        else "rempart/catalog/categories.html"
    )
    return render(request, template, {"items": items, "q": search})


def timeline(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    return render(request, "rempart/catalog/timeline.html", {"items": catalog.timeline(ctx)})


def entry(request: HttpRequest, entry_id: str) -> HttpResponse:
    ctx = ctx_of(request)
    return render(request, "rempart/catalog/entry.html", {"entry": catalog.entry(ctx, entry_id)})
