"""The shared OSV archives, KEV catalog and index, each loaded once per test session.

Parsing the three archives takes about two seconds, so tests share one copy through these
cached loaders (wrapped as session fixtures by the test modules that need them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from rempart.core.index import AdvisoryIndex
from rempart.formats.kev import read_kev
from rempart.formats.osv import OsvImport, read_osv

#: archive file name -> (ecosystem, snapshot date from advisories/osv/SOURCES.md)
ARCHIVES = {
    "pypa-advisory-database-vulns.tar.gz": ("PyPI", datetime(2024, 10, 10, tzinfo=UTC)),
    "golang-vulndb-osv-2020-2025.tar.gz": ("Go", datetime(2026, 8, 21, tzinfo=UTC)),
    "rustsec-advisory-db-osv-2016-2025.tar.gz": ("crates.io", datetime(2026, 8, 21, tzinfo=UTC)),
}


@cache
def load_archive(data_dir: Path, archive: str) -> OsvImport:
    """One shared archive, parsed."""
    path = data_dir / "advisories" / "osv" / archive
    return read_osv(path.read_bytes(), name=archive)


@cache
def load_index(data_dir: Path) -> AdvisoryIndex:
    """Every shared OSV record plus the KEV catalog, indexed."""
    imports = {name: load_archive(data_dir, name) for name in ARCHIVES}
    kev = read_kev((data_dir / "advisories/kev/known_exploited_vulnerabilities.json").read_bytes())
    sources = [
        result.source(f"OSV {ARCHIVES[name][0]}", retrieved_at=ARCHIVES[name][1])
        for name, result in imports.items()
    ]
    unreadable = {
        k: v for result in imports.values() for k, v in result.unreadable_packages().items()
    }
    records = [v for result in imports.values() for v in result.vulnerabilities]
    return AdvisoryIndex.build(records, sources, unreadable=unreadable, kev=kev.catalog)
