"""A strict schema for the catalog data: typed dataclasses checked on load (core layer).

The dataclasses in ``catalog.py`` *are* the schema: ``build(cls, raw, path)`` turns parsed TOML
into them and refuses anything that does not fit — a missing key, an unknown key, a wrong type,
a value outside a ``Literal`` — naming the file and the path of the offending value. This keeps
the packaged legal data honest without a schema library in the pure core.

Supported field types: ``str``, ``int``, ``float``, ``bool``, ``datetime.date``, ``Literal``,
``X | None``, ``tuple[X, ...]``, nested dataclasses. A field's TOML key defaults to its name;
``field(metadata={"key": "class"})`` renames it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from rempart.core.errors import CatalogError, Problem

T = TypeVar("T")


class _Invalid(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def build(cls: type[T], raw: object, path: str) -> T:
    """Validate ``raw`` against dataclass ``cls`` and build it, or raise ``CatalogError``."""
    try:
        return typing.cast(T, _convert(cls, raw, path))
    except _Invalid as invalid:
        raise CatalogError(
            f"catalog data does not match its schema at {invalid.path}: {invalid.message}",
            [Problem(field=invalid.path, message=invalid.message)],
        ) from None


def _convert(tp: Any, raw: object, path: str) -> object:
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(tp, raw, path)
    if origin is Literal:
        if raw not in get_args(tp):
            raise _Invalid(path, f"{raw!r} is not one of {list(get_args(tp))}")
        return raw
    if origin in (Union, types.UnionType):
        return _union(tp, raw, path)
    if origin is tuple:
        item_type = get_args(tp)[0]
        if not isinstance(raw, list):
            raise _Invalid(path, f"expected a list, got {type(raw).__name__}")
        return tuple(_convert(item_type, item, f"{path}[{i}]") for i, item in enumerate(raw))
    return _scalar(tp, raw, path)


def _union(tp: Any, raw: object, path: str) -> object:
    options = [arg for arg in get_args(tp) if arg is not type(None)]
    if raw is None and len(options) < len(get_args(tp)):
        return None
    if len(options) != 1:
        raise _Invalid(path, "only 'X | None' unions are supported")
    return _convert(options[0], raw, path)


def _scalar(tp: Any, raw: object, path: str) -> object:
    # bool is an int subclass: check it first so 1 is never accepted as True or vice versa.
    if tp is bool:
        if not isinstance(raw, bool):
            raise _Invalid(path, f"expected true/false, got {raw!r}")
        return raw
    if tp is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _Invalid(path, f"expected an integer, got {raw!r}")
        return raw
    if tp is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise _Invalid(path, f"expected a number, got {raw!r}")
        return float(raw)
    if tp is date:
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        raise _Invalid(path, f"expected a date (YYYY-MM-DD), got {raw!r}")
    if tp is str:
        if not isinstance(raw, str):
            raise _Invalid(path, f"expected text, got {raw!r}")
        return raw
    raise _Invalid(path, f"unsupported schema type {tp!r}")


def _dataclass(cls: type[Any], raw: object, path: str) -> object:
    if not isinstance(raw, dict):
        raise _Invalid(path, f"expected a table, got {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    values: dict[str, object] = {}
    known: set[str] = set()
    for item in dataclasses.fields(cls):
        key = item.metadata.get("key", item.name)
        known.add(key)
        child = f"{path}.{key}"
        if key in raw:
            values[item.name] = _convert(hints[item.name], raw[key], child)
        elif item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING:
            raise _Invalid(child, "required key is missing")
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _Invalid(path, f"unknown key(s) {unknown}")
    return cls(**values)
