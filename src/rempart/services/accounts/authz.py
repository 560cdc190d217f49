"""Who may do what: the role × action matrix (services layer).

Roles: ``admin`` (everything), ``editor`` (change products, releases and their records),
``viewer`` (read), ``auditor`` (read, plus the audit trail). Every service calls
:func:`require` before it reads or changes anything.
"""

from __future__ import annotations

from enum import StrEnum

from rempart.core.errors import PermissionDenied
from rempart.services.context import ServiceContext


class Action(StrEnum):
    READ = "read"  # products, releases, findings, catalog
    WRITE = "write"  # create and change products, releases, SBOMs, assessments
    AUDIT = "audit"  # read and verify the audit trail
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANIZATION = "manage_organization"
    OWN_TOKENS = "own_tokens"  # create and revoke one's own API tokens


ROLES = ("admin", "editor", "viewer", "auditor")

PERMISSIONS: dict[str, frozenset[Action]] = {
    "admin": frozenset(Action),
    "editor": frozenset({Action.READ, Action.WRITE, Action.OWN_TOKENS}),
    "viewer": frozenset({Action.READ, Action.OWN_TOKENS}),
    "auditor": frozenset({Action.READ, Action.AUDIT, Action.OWN_TOKENS}),
}


def allows(role: str, action: Action) -> bool:
    return action in PERMISSIONS.get(role, frozenset())


def require(ctx: ServiceContext, action: Action) -> None:
    """Refuse unless the actor's role allows ``action`` (naming a read-only token as the cause)."""
    if not allows(ctx.actor.role, action):
        if ctx.actor.read_only_token:
            raise PermissionDenied(
                f"this API token is read-only: {ctx.actor.name} may not "
                f"{action.value.replace('_', ' ')} with it; create a token with write access "
                "(`rempart token create --write`, or tick 'write' on the Tokens page)"
            )
        raise PermissionDenied(
            f"{ctx.actor.name} (role {ctx.actor.role}) may not {action.value.replace('_', ' ')}"
        )
