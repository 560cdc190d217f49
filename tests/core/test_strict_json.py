"""JSON with duplicate keys is refused, naming the key, at any depth."""

from __future__ import annotations

import pytest

from rempart.core.strict_json import DuplicateKey, loads


def test_plain_documents_load_as_usual() -> None:
    assert loads('{"a": 1, "b": [{"a": 2}, {"a": 3}]}') == {"a": 1, "b": [{"a": 2}, {"a": 3}]}
    assert loads(b"[1, 2]") == [1, 2]


@pytest.mark.parametrize(
    ("document", "key"),
    [
        ('{"role": "viewer", "role": "admin"}', "role"),
        ('{"outer": {"x": 1, "x": 1}}', "x"),
        ('[{"ok": 1}, {"k": 1, "k": 2}]', "k"),
        ('{"\\u0061": 1, "a": 2}', "a"),  # the same key, spelled differently
    ],
)
def test_duplicate_keys_are_refused(document: str, key: str) -> None:
    with pytest.raises(DuplicateKey) as refused:
        loads(document)
    assert refused.value.key == key
    assert repr(key) in str(refused.value)
