"""Template context shared by every page (web layer)."""

from __future__ import annotations

from django.http import HttpRequest

from rempart import __version__
from rempart.core.cra.catalog import load_catalog
from rempart.services.accounts.authz import Action, allows
from rempart.web.session import role_of


def rempart(request: HttpRequest) -> dict[str, object]:
    role = role_of(request)
    return {
        "rempart_version": __version__,
        "catalog_version": load_catalog().version,
        "role": role,
        "can_write": allows(role, Action.WRITE),
        "can_audit": allows(role, Action.AUDIT),
        "can_manage_users": allows(role, Action.MANAGE_USERS),
        "can_manage_organization": allows(role, Action.MANAGE_ORGANIZATION),
    }
