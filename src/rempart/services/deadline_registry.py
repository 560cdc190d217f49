"""Which capabilities have deadlines to remind people of (services layer).

A source is ``(ctx) -> list[Deadline]`` over the whole workspace and must only read; the
reminder job asks every registered source.
"""

from __future__ import annotations

from collections.abc import Callable

from rempart.core.deadlines import Deadline
from rempart.services.context import ServiceContext
from rempart.services.registry import Registry

DeadlineSource = Callable[[ServiceContext], list[Deadline]]

REGISTRY: Registry[DeadlineSource] = Registry(
    {
        "rempart.services.reporting": "register_source",
        "rempart.services.disclosure_deadlines": "register",
        "rempart.services.risk_deadlines": "register_source",
        "rempart.services.assessment_providers": "register_all",
    }
)


def register(name: str, source: DeadlineSource) -> None:
    REGISTRY.register(name, source)


def sources() -> dict[str, DeadlineSource]:
    return REGISTRY.entries()


def collect(ctx: ServiceContext) -> list[Deadline]:
    found: list[Deadline] = []
    for source in sources().values():
        found.extend(source(ctx))
    return found
