"""Time SBOM parse + normalize (and quality, export) on 10,000 components and on real SBOMs.

Targets (docs/benchmarks.md, "SBOM parsing"): a 10,000-component CycloneDX JSON parsed and
normalized within 1 s on the project's 2-core machine, peak memory below 300 MB.

    .venv/bin/python bench/sbom_parse.py [--repeat 5]

Wall times are the median of ``--repeat`` runs in this process (the first run also pays
for compiling the schema validator and is reported separately). Peak memory: tracemalloc's
peak of Python allocations during one parse (input bytes included), and the process's max
RSS from ``resource`` (interpreter and libraries included).
"""

from __future__ import annotations

import argparse
import gc
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_big_sbom import SHARED, build_bytes

from rempart.core.sbom_quality import assess_sbom
from rempart.formats.sbom import parse_sbom
from rempart.formats.sbom_export import write_cyclonedx_json


def _best(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(first run, median run) wall time in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times)


def _peak_mib(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _row(label: str, data: bytes, repeat: int) -> None:
    document = parse_sbom(data)
    first, best = _best(lambda: parse_sbom(data), repeat)
    peak = _peak_mib(lambda: parse_sbom(data))
    _, quality = _best(lambda: assess_sbom(document), repeat)
    created = datetime(2026, 1, 1, tzinfo=UTC)
    _, export = _best(lambda: write_cyclonedx_json(document, created=created), repeat)
    print(
        f"| {label} | {len(data) / 2**20:.1f} | {len(document.components):,} | {first:.3f} | "
        f"{best:.3f} | {peak:.0f} | {quality:.3f} | {export:.3f} |"
    )


def main() -> None:
    """Print the benchmark table (Markdown) and the corpus totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    big = build_bytes(10_000)
    real = sorted(
        (p for p in SHARED.rglob("*") if p.suffix in (".json", ".xml", ".spdx")),
        key=lambda p: p.stat().st_size,
    )
    largest = real[-1]
    largest_cdx = max((p for p in real if "cyclonedx" in str(p)), key=lambda p: p.stat().st_size)
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print()
    print(
        "| input | MiB | components | first parse s | median parse s | peak MiB | quality s | export s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    _row("10,000-component CycloneDX 1.6 JSON (bench/make_big_sbom.py)", big, args.repeat)
    _row(f"largest real SBOM: `{largest.name}` (SPDX 2.3 JSON)", largest.read_bytes(), args.repeat)
    _row(f"largest real CycloneDX: `{largest_cdx.name}`", largest_cdx.read_bytes(), args.repeat)
    started = time.perf_counter()
    parsed = 0
    for path in real:
        try:
            parse_sbom(path.read_bytes())
            parsed += 1
        except Exception:  # noqa: S112 - refusals are part of the corpus
            continue
    print()
    print(
        f"whole corpus: {len(real)} files ({parsed} parsed) in {time.perf_counter() - started:.2f} s"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
