"""Core errors raised by a view become the matching error page (web layer)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rempart.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RempartError

PAGES: list[tuple[type[RempartError], int, str]] = [
    (NotFound, 404, "Not found"),
    (PermissionDenied, 403, "Not allowed"),
    (Conflict, 409, "Conflict"),
    (InvalidInput, 422, "Invalid input"),
]


class RempartErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RempartError) or request.path.startswith("/api/"):
            return None
        status, title = next(
            ((s, t) for kind, s, t in PAGES if isinstance(exception, kind)), (400, "Refused")
        )
        return render(
            request, "rempart/error.html", {"title": title, "error": exception}, status=status
        )
