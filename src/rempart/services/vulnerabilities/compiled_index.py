"""A compiled advisory index on disk: a scan loads only the packages its SBOM names.

``rempart scan --advisories …`` used to rebuild the whole index (every OSV record merged by
alias, every range compiled) in every process. The first scan against a set of advisory
files now writes, beside the parsed-records cache, a compiled form of that set:

- ``meta.pickle``: the sources (names, ecosystems, counts, freshness), the packages named by
  unreadable records, and for every package key the place of its entry in ``entries.bin``;
- ``entries.bin``: per package key, the merged vulnerabilities that affect it (pickled).

Later scans read the small meta file, take the keys the SBOM's components look up
(:func:`rempart.core.matching.lookup_keys`: own key, release-less key, enclosing Go modules),
unpickle only those entries and build an index of just those vulnerabilities. Matching
against it gives the same findings and coverage as the full index.

The files are the user's own (directory 0700, files 0600, refused when owned by someone
else) and keyed by the inputs' paths, sizes and modification times and the code's data
shapes, so any change to the inputs or to Rempart writes a new one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rempart.core.advisory import Vulnerability
from rempart.core.component import Component
from rempart.core.finding import EpssTable, KevCatalog
from rempart.core.index import AdvisoryIndex, AdvisorySource
from rempart.core.matching import lookup_keys
from rempart.core.versions.purls import PackageKey

COMPILED_VERSION = "1"


def compiled_dir(cache_dir: Path, input_keys: Sequence[str], as_of: datetime | None) -> Path:
    """Where the compiled index of these inputs lives (one directory per input set)."""
    digest = hashlib.sha256(
        "\0".join([COMPILED_VERSION, *input_keys, as_of.isoformat() if as_of else ""]).encode()
    ).hexdigest()
    return cache_dir / f"compiled-{digest}"


def write(directory: Path, index: AdvisoryIndex, sources: Sequence[AdvisorySource]) -> None:
    """Write the compiled form of a full index (atomically: a new directory is renamed in).

    ``sources``: the OSV inputs only (KEV and EPSS are read again by every scan).
    """
    if directory.exists():
        return
    directory.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = Path(tempfile.mkdtemp(prefix=".compiling-", dir=directory.parent))
    try:
        places: dict[PackageKey, tuple[int, int]] = {}
        with open(_private(staging / "entries.bin"), "wb") as handle:
            for key, entries in index.entries.items():
                vulnerabilities = tuple(
                    {e.vulnerability.id: e.vulnerability for e in entries}.values()
                )
                data = pickle.dumps(vulnerabilities, protocol=pickle.HIGHEST_PROTOCOL)
                places[key] = (handle.tell(), len(data))
                handle.write(data)
        meta = {
            "sources": tuple(sources),
            "unreadable": dict(index.unreadable),
            "ignored": dict(index.ignored),
            "places": places,
        }
        with open(_private(staging / "meta.pickle"), "wb") as handle:
            pickle.dump(meta, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staging, directory)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _private(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def _owned(path: Path) -> bool:
    return path.is_file() and path.stat().st_uid == os.getuid()


def load(
    directory: Path,
    components: Iterable[Component],
    kev: KevCatalog | None,
    epss: EpssTable | None,
) -> AdvisoryIndex | None:
    """The index of just the packages ``components`` look up, or ``None`` without a cache."""
    meta_path, entries_path = directory / "meta.pickle", directory / "entries.bin"
    if not (_owned(meta_path) and _owned(entries_path)):
        return None
    try:
        meta: dict[str, Any] = pickle.loads(meta_path.read_bytes())  # noqa: S301 - our own file, owner checked
        places: dict[PackageKey, tuple[int, int]] = meta["places"]
        wanted = sorted({key for c in components for key in lookup_keys(c) if key in places})
        found: dict[str, Vulnerability] = {}
        with entries_path.open("rb") as handle:
            for key in wanted:
                offset, length = places[key]
                handle.seek(offset)
                for vulnerability in pickle.loads(handle.read(length)):  # noqa: S301
                    found[vulnerability.id] = vulnerability
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, KeyError, ValueError):
        return None
    index = AdvisoryIndex.build(
        found.values(), meta["sources"], unreadable=meta["unreadable"], kev=kev, epss=epss
    )
    # ``ignored`` describes the whole input set, as the full index would
    return AdvisoryIndex(
        index.entries,
        index.vulnerabilities,
        index.sources,
        index.unreadable,
        meta["ignored"],
        kev,
        epss,
    )
