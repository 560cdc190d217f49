"""Authentication on everything that is not deliberately public (web layer)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

# Deliberately public paths: the login page, static assets, the API (token-authenticated
# itself), and the disclosure pages anyone must reach: RFC 9116 security.txt (also at the
# root), the CVD policy, the vulnerability report form with its status page, and the public
# product pages (each off until an admin switches it on; rate-limited like the report form).
PUBLIC_PREFIXES: tuple[str, ...] = (
    "/login/",
    "/static/",
    "/api/",
    "/.well-known/",
    "/healthz",
    "/security/",
    "/security.txt",
    "/report/",
    "/product-info/",
)


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PUBLIC_PREFIXES) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
