"""Named entries that capabilities contribute to a shared mechanism (services layer).

Evidence providers and deadline sources are collected this way. The capabilities Rempart ships
are named with the function that registers their entries; they are loaded on first use rather
than imported here (they import the registries), and loaded again whenever the table is a
different one (tests swap it), so no table ever misses them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, builtin: Mapping[str, str]) -> None:
        self._builtin = dict(builtin)  # module -> its registering function
        self._entries: dict[str, T] = {}
        self._loaded_into: dict[str, T] | None = None

    def register(self, name: str, entry: T) -> None:
        """Add (or replace) the entry called ``name``."""
        self._entries[name] = entry

    def entries(self) -> dict[str, T]:
        """Every entry, shipped ones included, in registration order."""
        if self._loaded_into is not self._entries:
            self._loaded_into = self._entries
            for module, function in self._builtin.items():
                getattr(importlib.import_module(module), function)()
        return dict(self._entries)
