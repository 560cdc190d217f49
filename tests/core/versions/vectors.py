"""Helpers shared by the version-scheme tests: assert an ordering table."""

from __future__ import annotations

from rempart.core.versions.scheme import VersionScheme

_EXPECTED = {"<": -1, "=": 0, ">": 1}


def check_table(scheme: VersionScheme, table: str) -> None:
    """Every line ``a OP b`` (OP one of < = >) must hold, and its mirror image too."""
    failures = []
    for line in table.strip().splitlines():
        left, op, right = line.split()
        got = scheme.compare(left, right)
        mirrored = scheme.compare(right, left)
        if got != _EXPECTED[op] or mirrored != -_EXPECTED[op]:
            failures.append(f"{line}: got {got}, mirrored {mirrored}")
    assert not failures, "\n".join(failures)
