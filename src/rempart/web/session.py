"""From a logged-in request to a service context, and core errors onto forms (web layer)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest

from rempart.core.client_address import client_address_of
from rempart.core.errors import RempartError
from rempart.services.context import Actor, ServiceContext


def role_of(request: HttpRequest) -> str:
    user: Any = request.user
    if not user.is_authenticated:
        return ""
    profile = getattr(user, "profile", None)
    return str(profile.role) if profile is not None else "viewer"


def ctx_of(request: HttpRequest) -> ServiceContext:
    user: Any = request.user
    return context_for(Actor.for_user(user.username, role_of(request), user.pk))


def context_for(actor: Actor) -> ServiceContext:
    """A service context for ``actor`` with the configured service settings."""
    return ServiceContext(actor, settings=settings.SERVICE_SETTINGS)


def client_address(request: HttpRequest) -> str:
    """The client's address: X-Forwarded-For only from a trusted proxy (REMPART_TRUSTED_PROXIES)."""
    return client_address_of(request.META, settings.SERVICE_SETTINGS.trusted_proxies)


def apply_errors(form: forms.Form, error: RempartError, prefix: str = "") -> None:
    """Put each located problem on its form field, the rest on the form itself."""
    if not error.problems:
        form.add_error(None, error.message)
    for problem in error.problems:
        name = problem.field.removeprefix(prefix)
        message = f"{problem.message} [{problem.citation}]" if problem.citation else problem.message
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, f"{problem.field}: {message}" if problem.field else message)
