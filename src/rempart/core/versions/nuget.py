"""NuGet versions through univers (core layer).

NuGet versions are SemVer 2.0 with an optional fourth numeric part (``1.0.0.1``), a short form
(``1.0 == 1.0.0``), case-insensitive pre-release labels (``1.0.0-Beta == 1.0.0-beta``) and
build metadata that does not count. univers passed all 34 of OSV-Scanner's NuGet fixtures
(reference/library-notes.md section 2).
"""

from __future__ import annotations

from univers import nuget as univers_nuget

from rempart.core.versions.scheme import SortKey, VersionScheme


def _parse(text: str) -> SortKey | None:
    stripped = text.strip()
    if not stripped:
        return None
    try:
        version: SortKey | None = univers_nuget.Version.from_string(  # type: ignore[no-untyped-call]
            stripped
        )
    except (ValueError, univers_nuget.InvalidNuGetVersion):
        return None
    return version


NUGET = VersionScheme("NuGet", _parse)
