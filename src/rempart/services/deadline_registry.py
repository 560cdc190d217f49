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

# The capabilities that ship sources, and the function each exposes to register them. Loaded
# on first use rather than imported here: those modules import this one. Loaded again whenever
# the table is a different one (tests swap it), so no table ever misses the shipped sources.
_BUILTIN: dict[str, str] = {
    "rempart.services.disclosure_deadlines": "register",
    "rempart.services.risk_deadlines": "register_source",
    "rempart.services.assessment_providers": "register_all",
}
_loaded_into: dict[str, DeadlineSource] | None = None


def _load_builtin() -> None:
    global _loaded_into
    if _loaded_into is _SOURCES:
        return
    _loaded_into = _SOURCES
    # The reporting module registers itself when first imported; a fresh table needs it again.
    reporting = importlib.import_module("rempart.services.reporting")
    _SOURCES.setdefault("reporting", reporting.deadlines)
    for name, function in _BUILTIN.items():
        getattr(importlib.import_module(name), function)()


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
