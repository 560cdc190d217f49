"""Core errors raised by a view become the matching error page (web layer).

Status and title come from the one table, ``rempart.core.error_kinds``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rempart.core.error_kinds import rule_for
from rempart.core.errors import RempartError


class RempartErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RempartError) or request.path.startswith("/api/"):
            return None
        rule = rule_for(exception)
        return render(
            request,
            "rempart/error.html",
            {"title": rule.title, "error": exception},
            status=rule.http_status,
        )
