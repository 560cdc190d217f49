"""JSON that refuses duplicate object keys (core, pure; standard library only).

``{"role": "viewer", "role": "admin"}`` is valid JSON to Python's ``json`` module, which keeps
the last value silently; another reader (a proxy, a log, a reviewer) may keep the first. Rempart
reads every API body with :func:`loads`, which refuses the document and names the key.
"""

from __future__ import annotations

import json
from typing import Any


class DuplicateKey(ValueError):
    """An object of the document has the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r} in a JSON object")
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def loads(document: str | bytes | bytearray) -> Any:
    """``json.loads`` refusing duplicate keys (:class:`DuplicateKey`, a ``ValueError``)."""
    return json.loads(document, object_pairs_hook=_unique)
