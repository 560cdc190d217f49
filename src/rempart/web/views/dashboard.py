"""The home dashboard (web layer): what needs attention today, each item linking to its page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rempart.core.triage import STATE_LABELS
from rempart.services.dashboard import home as dashboard
from rempart.web.session import ctx_of
from rempart.web.time_zones import zone_of


def home(request: HttpRequest) -> HttpResponse:
    board = dashboard.home(ctx_of(request))
    return render(
        request,
        "rempart/dashboard.html",
        {
            "board": board,
            "tz": zone_of(request).name,
            "state_labels": {state.value: label for state, label in STATE_LABELS.items()},
        },
    )


def charts(request: HttpRequest) -> HttpResponse:
    """The dashboard's pictures, loaded after the page: the page answers first, pictures follow."""
    return render(request, "rempart/partials/dashboard_charts.html")
