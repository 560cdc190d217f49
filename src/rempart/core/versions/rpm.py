"""RPM versions (Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE, Mageia, openEuler, ...).

``[epoch:]version[-release]`` compared with ``rpmvercmp`` through univers: alphanumeric runs,
numeric runs compared numerically, ``~`` sorts before everything (pre-releases,
``1.0~rc1 < 1.0``) and ``^`` after the bare version but before anything else
(post-release snapshots, ``1.0^git1 > 1.0`` but ``< 1.0.1``). univers passed all 127 of
OSV-Scanner's Red Hat comparison fixtures (reference/library-notes.md section 2).

A missing epoch is 0. univers accepts nearly any string, so we refuse what cannot be an RPM
EVR at all: empty strings, blanks, and a non-numeric epoch.
"""

from __future__ import annotations

import re

from univers import rpm as univers_rpm

from rempart.core.versions.scheme import SortKey, VersionScheme

_EVR = re.compile(r"^(?:\d+:)?[A-Za-z0-9._+~^]+(?:-[A-Za-z0-9._+~^]+)?$")


def _parse(text: str) -> SortKey | None:
    if _EVR.match(text) is None or not any(c.isalnum() for c in text.partition(":")[2] or text):
        return None
    try:
        version: SortKey = univers_rpm.RpmVersion.from_string(text)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return version


RPM = VersionScheme("RPM rpmvercmp", _parse)
