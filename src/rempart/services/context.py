"""Who is acting, and with what clock and catalog (services layer).

Every service function takes a :class:`ServiceContext`. Edges build it: the web and API from
the request's user, the CLI as the local operator, jobs as the system.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rempart.core.clock import Clock, SystemClock
from rempart.core.cra.catalog import Catalog, load_catalog


@dataclass(frozen=True, slots=True)
class Actor:
    """The principal: a Rempart user (with their role) or a local/system operator."""

    name: str  # shown in the audit trail: "user:alice", "cli:root", "system:worker"
    role: str  # admin | editor | viewer | auditor
    user_id: int | None = None

    @classmethod
    def for_user(cls, username: str, role: str, user_id: int) -> Actor:
        return cls(f"user:{username}", role, user_id)

    @classmethod
    def operator(cls, name: str) -> Actor:
        """Someone with shell access to the data directory: they can do anything anyway."""
        return cls(f"cli:{name}", "admin")

    @classmethod
    def system(cls, component: str) -> Actor:
        return cls(f"system:{component}", "admin")


@dataclass(frozen=True, slots=True)
class ServiceContext:
    actor: Actor
    clock: Clock = field(default_factory=SystemClock)
    catalog: Catalog = field(default_factory=load_catalog)
