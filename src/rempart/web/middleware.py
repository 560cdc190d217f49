"""Authentication on everything that is not deliberately public (web layer)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

# Deliberately public paths: the login page, static assets, the API (token-authenticated
# itself) and the public disclosure pages (RFC 9116 security.txt and vulnerability intake).
PUBLIC_PREFIXES: tuple[str, ...] = (
    "/login/",
    "/static/",
    "/api/",
    "/.well-known/",
    "/public/",
    "/healthz",
)
# The CVD policy, security.txt at the root and the public report form with its status page.
PUBLIC_PREFIXES += ("/security/", "/security.txt", "/report/")


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PUBLIC_PREFIXES) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
