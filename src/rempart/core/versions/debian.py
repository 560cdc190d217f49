"""Debian and Ubuntu package versions: dpkg ordering through univers (core layer).

``[epoch:]upstream[-revision]``: the epoch compares numerically first; upstream and revision
compare with dpkg's algorithm (alternating non-digit and digit runs; letters sort before
non-letters, and ``~`` sorts before everything, even the end, so ``1.0~rc1 < 1.0`` and
``3.0.11-1~deb12u2 < 3.0.11-1``). univers' implementation matched
``dpkg --compare-versions`` on 386 random pairs with no mismatch
(reference/library-notes.md section 2), so we wrap it rather than re-implement it.

Its ``==`` compares the split strings (``1.0 != 1.00`` although dpkg says they are equal);
Rempart only ever uses ``<`` on keys, deriving equality from it, so that quirk is harmless.
"""

from __future__ import annotations

from univers import debian as univers_debian

from rempart.core.versions.scheme import SortKey, VersionScheme


def _parse(text: str) -> SortKey | None:
    valid = univers_debian.Version.is_valid(text)  # type: ignore[no-untyped-call]
    if not valid:
        return None
    try:
        version: SortKey = univers_debian.Version.from_string(text)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return version


DPKG = VersionScheme("Debian dpkg", _parse)
