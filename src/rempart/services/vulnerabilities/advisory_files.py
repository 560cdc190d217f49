"""Advisory files on disk → an advisory index, for scans without a workspace (services layer).

Used by ``rempart scan --advisories PATH`` and by ``rempart advisories import``. Needs no
database. OSV input may be a record, a directory, an ``all.zip`` or a ``.tar.gz``; KEV is the
CISA JSON catalog; EPSS the FIRST CSV (plain or gzip).

Freshness: a file's modification time stands for when its data was snapshotted (OSV's Go
records carry no usable ``modified``), unless the caller states ``as_of``.

Parsed OSV records are cached per input (path, size, modification time) in the user's cache
directory, so the second scan against the same data skips YAML/JSON parsing; the cache files
are the user's own (mode 0600, refused when owned by someone else) and are rebuilt whenever
the input changes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rempart.core.advisory import Vulnerability
from rempart.core.component import Component
from rempart.core.errors import InvalidInput
from rempart.core.finding import EpssTable, KevCatalog
from rempart.core.index import AdvisoryIndex, AdvisorySource
from rempart.core.versions.purls import PackageKey
from rempart.formats.epss import read_epss
from rempart.formats.kev import read_kev
from rempart.formats.limits import ADVISORY_CATALOG_MAX_BYTES
from rempart.formats.osv import OsvImport, read_osv_path
from rempart.services.vulnerabilities import compiled_index

CACHE_VERSION = "3"  # 3: text rules and YAML aliases refused (issue 17)
MAX_CATALOG_BYTES = ADVISORY_CATALOG_MAX_BYTES


@dataclass(frozen=True, slots=True)
class LoadedOsv:
    """One OSV input: records, the source description and what could not be read."""

    name: str
    records: tuple[Vulnerability, ...]
    source: AdvisorySource
    unreadable: dict[PackageKey, tuple[str, ...]] = field(default_factory=dict)
    skip_counts: dict[str, int] = field(default_factory=dict)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def _require(path: Path, option: str) -> None:
    if not path.exists():
        raise InvalidInput.single(option, f"{path}: no such file or directory")


def _shape() -> str:
    """The fields of the cached classes: a cache written by another code version is not reused."""
    from dataclasses import fields

    from rempart.core.advisory import AffectedPackage, Package, Severity
    from rempart.core.versions.ranges import AffectedRange, Event

    classes = (Vulnerability, AffectedPackage, Package, Severity, AffectedRange, Event, OsvImport)
    return ";".join(f"{c.__name__}:{','.join(f.name for f in fields(c))}" for c in classes)


def _cache_key(path: Path) -> str:
    stat = path.stat()
    parts = [CACHE_VERSION, _shape(), str(path.resolve()), str(stat.st_size), str(stat.st_mtime_ns)]
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file():
                child_stat = child.stat()
                parts += [str(child), str(child_stat.st_size), str(child_stat.st_mtime_ns)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _cached(path: Path, cache_dir: Path | None) -> OsvImport:
    if cache_dir is None:
        return read_osv_path(path)
    target = cache_dir / f"osv-{_cache_key(path)}.pickle"
    if target.is_file() and target.stat().st_uid == os.getuid():
        try:
            loaded = pickle.loads(target.read_bytes())  # noqa: S301 - our own cache file, checked owner
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            loaded = None
        if isinstance(loaded, OsvImport):
            return loaded
    imported = read_osv_path(path)
    cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = target.with_suffix(".tmp")
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
        pickle.dump(imported, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(target)
    return imported


def load_osv(
    path: Path, *, as_of: datetime | None = None, cache_dir: Path | None = None
) -> LoadedOsv:
    """Read one OSV input (file, directory or archive)."""
    _require(path, "--advisories")
    imported = _cached(path, cache_dir)
    imported.require_readable(str(path))  # a truncated file is no "source without advisories"
    name = f"osv:{path.name}"
    return LoadedOsv(
        name=name,
        records=imported.vulnerabilities,
        source=imported.source(name, retrieved_at=as_of or _mtime(path)),
        unreadable=imported.unreadable_packages(),
        skip_counts={str(reason): count for reason, count in imported.skip_counts.items()},
    )


def _read_capped(path: Path, option: str) -> bytes:
    _require(path, option)
    if path.stat().st_size > MAX_CATALOG_BYTES:
        raise InvalidInput.single(option, f"{path}: larger than {MAX_CATALOG_BYTES:,} bytes")
    return path.read_bytes()


def load_kev(path: Path) -> KevCatalog:
    return read_kev(_read_capped(path, "--kev")).catalog


def load_epss(path: Path) -> EpssTable:
    return read_epss(_read_capped(path, "--epss")).table


def build_index(
    osv: Sequence[LoadedOsv], kev: KevCatalog | None = None, epss: EpssTable | None = None
) -> AdvisoryIndex:
    unreadable: dict[PackageKey, tuple[str, ...]] = {}
    for loaded in osv:
        for key, ids in loaded.unreadable.items():
            unreadable[key] = tuple(sorted(set(unreadable.get(key, ())) | set(ids)))
    return AdvisoryIndex.build(
        (record for loaded in osv for record in loaded.records),
        [loaded.source for loaded in osv],
        unreadable=unreadable,
        kev=kev,
        epss=epss,
    )


def offline_index(
    osv_paths: Sequence[Path],
    kev_path: Path | None = None,
    epss_path: Path | None = None,
    *,
    as_of: datetime | None = None,
    cache_dir: Path | None = None,
    components: Sequence[Component] | None = None,
) -> AdvisoryIndex:
    """The index of advisory files named on the command line.

    With a ``cache_dir`` and the ``components`` to scan, the compiled index of these files
    is used (written by the first such scan): only the packages the components name are
    loaded (``compiled_index``).
    """
    kev = load_kev(kev_path) if kev_path else None
    epss = load_epss(epss_path) if epss_path else None
    directory = None
    if cache_dir is not None and components is not None:
        for path in osv_paths:
            _require(path, "--advisories")
        directory = compiled_index.compiled_dir(
            cache_dir, [_cache_key(path) for path in osv_paths], as_of
        )
        compiled = compiled_index.load(directory, components, kev, epss)
        if compiled is not None:
            return compiled
    loaded = [load_osv(path, as_of=as_of, cache_dir=cache_dir) for path in osv_paths]
    index = build_index(loaded, kev, epss)
    if directory is not None:
        compiled_index.write(directory, index, [item.source for item in loaded])
    return index


def sniff_kind(path: Path) -> str:
    """``kev``, ``epss`` or ``osv`` for an advisory file, judged by its content."""
    if path.is_dir():
        return "osv"
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head[:2] == b"\x1f\x8b" and path.name.endswith((".csv.gz", ".csv.gzip")):
        return "epss"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if text.startswith("#model_version") or text.lower().startswith("cve,epss"):
        return "epss"
    if text.startswith("{") and '"catalogVersion"' in text:
        return "kev"
    return "osv"
