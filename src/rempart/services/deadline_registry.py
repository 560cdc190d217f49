"""Which capabilities have deadlines to remind people of (services layer).

A source is ``(ctx) -> list[Deadline]`` over the whole workspace and must only read; the
reminder job asks every registered source.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from rempart.core.deadlines import Deadline
from rempart.services.context import ServiceContext

DeadlineSource = Callable[[ServiceContext], list[Deadline]]

_SOURCES: dict[str, DeadlineSource] = {}

# The capabilities that ship sources, and the function each exposes to register them (None: the
# module registers when imported). Loaded on first use rather than here: they import this one.
_BUILTIN: dict[str, str | None] = {
    "rempart.services.reporting": None,
    "rempart.services.disclosure_deadlines": "register",
    "rempart.services.risk_deadlines": "register_source",
    "rempart.services.assessment_providers": "register_all",
}
_loaded = False


def _load_builtin() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name, function in _BUILTIN.items():
        module = importlib.import_module(name)
        if function is not None:
            getattr(module, function)()


def register(name: str, source: DeadlineSource) -> None:
    """Add (or replace, for reloads in tests) the source called ``name``."""
    _SOURCES[name] = source


def sources() -> dict[str, DeadlineSource]:
    _load_builtin()
    return dict(_SOURCES)


def collect(ctx: ServiceContext) -> list[Deadline]:
    _load_builtin()
    found: list[Deadline] = []
    for source in _SOURCES.values():
        found.extend(source(ctx))
    return found
