"""API authentication: bearer tokens, or the browser session with CSRF (api layer)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, APIKeyHeader, HttpBearer

from rempart.core.clock import SystemClock
from rempart.core.errors import PermissionDenied
from rempart.services.accounts import users as accounts
from rempart.services.accounts.users import UserView
from rempart.services.context import Actor, ServiceContext


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        try:
            user, api_token = accounts.authenticate_token(token, SystemClock().now())
        except PermissionDenied:
            return None
        actor = accounts.actor_for(user, api_token)
        request.rempart_actor = actor  # type: ignore[attr-defined]
        return actor


class ApiKeyHeader(APIKeyHeader):
    """``X-Api-Key: rmp_…``, the header Dependency-Track clients send."""

    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        return BearerToken().authenticate(request, key) if key else None


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; ninja checks the CSRF token for unsafe methods."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie this is not a browser call: leave the answer to the bearer
        # scheme (401), instead of failing the CSRF check (403).
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:  # noqa: ARG002
        user: Any = request.user
        if not user.is_authenticated:
            return None
        view = UserView(user.pk, user.username, user.email, _role(user), user.is_active, "")
        actor = accounts.actor_for(view)
        request.rempart_actor = actor  # type: ignore[attr-defined]
        return actor


def _role(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return str(profile.role) if profile is not None else "viewer"


def public_context() -> ServiceContext:
    """The service context of an anonymous request to a deliberately public endpoint."""
    return ServiceContext(Actor.public(), settings=settings.SERVICE_SETTINGS)


def context(request: HttpRequest) -> ServiceContext:
    """The service context of an authenticated API request."""
    actor = getattr(request, "rempart_actor", None)
    if not isinstance(actor, Actor):
        raise PermissionDenied("not authenticated")
    return ServiceContext(actor, settings=settings.SERVICE_SETTINGS)
