"""Benchmark: vulnerability matching of a 10,000-component SBOM (docs/benchmarks.md).

Builds the advisory index from every OSV record in the shared data (PyPI YAML, Go and
crates.io JSON archives) plus the CISA KEV catalog, timing each load step, then matches a
10,000-component SBOM made of real purls collected from the shared SBOMs (a plain JSON walk
for ``purl`` / ``referenceLocator`` values). Two SBOMs are measured:

- ``mixed``: 10,000 distinct purls sampled from all shared SBOMs (npm, deb, Maven, Go, ...),
  as a real product SBOM looks: most components are in ecosystems without a loaded source;
- ``covered``: 10,000 components from the ecosystems that *have* advisories here (PyPI, Go,
  crates.io), so every component is looked up and range-tested.

Target: the matching step < 1 s once the index is loaded. "cold" clears the purl and version
parse caches first; "warm" re-matches with them filled (a rescan in a long-lived process).

Run: ``.venv/bin/python bench/advisory_match.py [--shared DIR] [--runs N]``; with
``--schemes`` it instead times each version scheme against the univers class it replaces or
wraps (the figures of docs/decisions/0003-version-semantics.md).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from rempart.core.component import Component
from rempart.core.index import AdvisoryIndex
from rempart.core.matching import clear_caches, match_components
from rempart.formats.kev import read_kev
from rempart.formats.osv import read_osv
from rempart.formats.scan_report import scan_report_json

SIZE = 10_000
NOW = datetime(2026, 8, 25, tzinfo=UTC)
SNAPSHOTS = {  # advisories/osv/SOURCES.md
    "pypa-advisory-database-vulns.tar.gz": ("OSV PyPI", datetime(2024, 10, 10, tzinfo=UTC)),
    "golang-vulndb-osv-2020-2025.tar.gz": ("OSV Go", datetime(2026, 8, 21, tzinfo=UTC)),
    "rustsec-advisory-db-osv-2016-2025.tar.gz": (
        "OSV crates.io",
        datetime(2026, 8, 21, tzinfo=UTC),
    ),
}


def _timed(label: str, timings: dict[str, float], func: Any, *args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    timings[label] = time.perf_counter() - start
    return result


def load_index(shared: Path) -> tuple[AdvisoryIndex, dict[str, float]]:
    """Read every archive and KEV, build the index; return it with per-step seconds."""
    timings: dict[str, float] = {}
    imports = {}
    for archive, (name, _when) in SNAPSHOTS.items():
        data = (shared / "advisories" / "osv" / archive).read_bytes()
        imports[archive] = _timed(f"read {name}", timings, read_osv, data, name=archive)
    kev_bytes = (shared / "advisories/kev/known_exploited_vulnerabilities.json").read_bytes()
    kev = _timed("read CISA KEV", timings, read_kev, kev_bytes).catalog
    sources = [imports[a].source(n, retrieved_at=w) for a, (n, w) in SNAPSHOTS.items()]
    unreadable = {k: v for r in imports.values() for k, v in r.unreadable_packages().items()}
    records = [v for r in imports.values() for v in r.vulnerabilities]
    index = _timed(
        "build index",
        timings,
        AdvisoryIndex.build,
        records,
        sources,
        unreadable=unreadable,
        kev=kev,
    )
    return index, timings


def collect_purls(shared: Path) -> list[str]:
    """Every distinct purl in the shared JSON SBOMs (CycloneDX ``purl``, SPDX locators)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("purl", "referenceLocator") and isinstance(value, str):
                    if value.startswith("pkg:"):
                        found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((shared / "sboms").rglob("*.json")):
        try:
            walk(json.loads(path.read_bytes()))
        except (ValueError, RecursionError):
            continue
    return sorted(found)


def make_components(purls: list[str], size: int, seed: int) -> list[Component]:
    """``size`` components from ``purls`` (sampled when enough, else cycled), deterministic."""
    rng = random.Random(seed)
    chosen = (
        rng.sample(purls, size)
        if len(purls) >= size
        else [purls[i % len(purls)] for i in range(size)]
    )
    return [Component(bom_ref=f"c{i}", name=p.split("@")[0], purl=p) for i, p in enumerate(chosen)]


def time_matching(components: list[Component], index: AdvisoryIndex, runs: int) -> dict[str, Any]:
    cold: list[float] = []
    warm: list[float] = []
    result = None
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        result = match_components(components, index, now=NOW)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        match_components(components, index, now=NOW)
        warm.append(time.perf_counter() - start)
    assert result is not None
    start = time.perf_counter()
    report = scan_report_json(result, generated_at=NOW)
    report_s = time.perf_counter() - start
    return {
        "components": len(components),
        "cold_median_s": statistics.median(cold),
        "cold_max_s": max(cold),
        "warm_median_s": statistics.median(warm),
        "components_per_s_cold": len(components) / statistics.median(cold),
        "components_per_s_warm": len(components) / statistics.median(warm),
        "findings": len(result.findings),
        "identified": result.coverage.identified,
        "assessed": result.coverage.assessed,
        "not_assessed": dict(Counter(n.reason.value for n in result.coverage.not_assessed)),
        "report_json_s": report_s,
        "report_bytes": len(report),
    }


SCHEME_SAMPLES = {
    "PyPI": [
        "1.0",
        "2.11.2",
        "1!0.1",
        "1.0rc1",
        "3.2.1.post1",
        "0.9.dev3",
        "4.2+local",
        "2024.10.1",
    ],
    "npm": [
        "1.2.3",
        "1.2.3-alpha.1",
        "10.0.0-rc.2",
        "0.0.1",
        "2.1.0",
        "1.0.0-beta.11",
        "3.4.5",
        "7.0.0",
    ],
    "Go": [
        "v1.2.3",
        "v0.0.0-20191109021931-daa7c04131f5",
        "v2.0.0+incompatible",
        "v1.2.4-0.20200101000000-abcdefabcdef",
        "v0.17.0",
        "v1.20.11",
        "v9.5.5",
        "v0.38.17",
    ],
    "Maven": [
        "1.0",
        "2.17.1",
        "5.3.20.RELEASE",
        "1.0-SNAPSHOT",
        "2.0.0.Final",
        "1.0-rc-1",
        "3.1.9",
        "1.0-sp-1",
    ],
    "Debian": [
        "1:2.3-4",
        "3.0.11-1~deb12u2",
        "1.0~rc1",
        "2.9.14+dfsg-1.3",
        "6.9.11.60+dfsg-1.3",
        "7.74.0-1.3",
        "1.2.3",
        "0.1-1",
    ],
    "Alpine": [
        "1.2.3-r0",
        "3.1.4-r5",
        "1.2_rc1-r0",
        "2.6.7_p20200701-r1",
        "1.36.1-r2",
        "3.0.8-r0",
        "1.2_git20230101-r0",
        "0.9-r1",
    ],
    "Red Hat": [
        "1:1.0-1.el8",
        "3.0.7-1.el9",
        "2.4.6-45.el8",
        "1.0~rc1-1",
        "1.0^git1-2",
        "4.18.0-425.el8",
        "0.9-1",
        "5.1-2.el9_1",
    ],
    "RubyGems": [
        "1.0.0",
        "6.0.0.rc1",
        "5.2.4.3",
        "1.0.a",
        "2.7.1",
        "0.9.8",
        "3.1.0.pre",
        "1.13.10",
    ],
    "NuGet": [
        "1.0.0",
        "12.0.1",
        "4.3.0-preview1-24530-04",
        "1.0.0.1",
        "6.0.0-rc.1",
        "2.2.0",
        "1.0",
        "13.0.3",
    ],
    "Packagist": [
        "v1.16.6",
        "2.1",
        "1.0.0-beta1",
        "5.4.1",
        "v6.2.2",
        "1.0.0-RC1",
        "1.0.0-patch1",
        "8.0.0",
    ],
}


def _rate(func: Any, items: list[Any], repeat: int = 2000) -> float:
    """Calls per second of ``func`` over ``items`` (best of 3)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            for item in items:
                func(item)
        best = min(best, time.perf_counter() - start)
    return repeat * len(items) / best


def scheme_table() -> None:
    """Parse and compare rates: ours (as wired in the registry) against univers' classes."""
    from univers import versions as uv  # only the benchmark compares against univers directly

    from rempart.core.versions.ecosystems import ecosystem

    theirs = {
        "PyPI": uv.PypiVersion,
        "npm": uv.SemverVersion,
        "Go": uv.GolangVersion,
        "Maven": uv.MavenVersion,
        "Debian": uv.DebianVersion,
        "Alpine": uv.AlpineLinuxVersion,
        "Red Hat": uv.RpmVersion,
        "RubyGems": uv.RubygemsVersion,
        "NuGet": uv.NugetVersion,
        "Packagist": uv.ComposerVersion,
    }
    print(
        "| ecosystem | scheme | parse/s ours | parse/s univers | compare/s ours | compare/s univers | univers refuses |"
    )
    print("|---|---|---:|---:|---:|---:|---|")
    for name, samples in SCHEME_SAMPLES.items():
        eco = ecosystem(name)
        assert eco is not None
        assert eco.scheme is not None
        scheme, cls = eco.scheme, theirs[name]
        parser = scheme._cached.__wrapped__  # uncached parse: the honest cold rate
        ours = [scheme.parse(s) for s in samples]
        refused = []
        mine_theirs = []
        for s in samples:
            try:
                mine_theirs.append(cls(s))
            except Exception:  # univers raises assorted types
                refused.append(s)
        pairs = [(a, b) for a in ours for b in ours]
        their_pairs = [(a, b) for a in mine_theirs for b in mine_theirs]
        print(
            f"| {name} | {scheme.name} | {_rate(parser, samples, 500):,.0f} "
            f"| {_rate(partial(_try, cls), samples, 500):,.0f} "
            f"| {_rate(lambda p: p[0] < p[1], pairs, 100):,.0f} "
            f"| {_rate(lambda p: p[0] < p[1], their_pairs, 100) if their_pairs else 0:,.0f} "
            f"| {', '.join(refused) or '-'} |"
        )


def _try(cls: Any, text: str) -> Any:
    try:
        return cls(text)
    except Exception:  # univers raises assorted types
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--schemes", action="store_true", help="time the version schemes only")
    args = parser.parse_args()
    if args.schemes:
        scheme_table()
        return

    index, timings = load_index(args.shared)
    print("## Loading")
    for label, seconds in timings.items():
        print(f"- {label}: {seconds:.2f} s")
    print(
        f"- total: {sum(timings.values()):.2f} s; {len(index.vulnerabilities):,} vulnerabilities after alias merging, {index.entry_count:,} indexed (vulnerability, package) entries, {len(index.entries):,} packages"
    )

    purls = collect_purls(args.shared)
    covered = [p for p in purls if p.startswith(("pkg:pypi/", "pkg:golang/", "pkg:cargo/"))]
    print(
        f"\n{len(purls):,} distinct purls in the shared SBOMs, {len(covered):,} in PyPI/Go/crates.io"
    )
    print(
        "\n| SBOM | components | match cold (median) | match warm | components/s cold | components/s warm | findings | assessed | JSON report |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, pool in (("mixed", purls), ("covered", covered)):
        stats = time_matching(make_components(pool, SIZE, seed=2026), index, args.runs)
        print(
            f"| {label} | {stats['components']:,} | {stats['cold_median_s']:.3f} s | {stats['warm_median_s']:.3f} s "
            f"| {stats['components_per_s_cold']:,.0f} | {stats['components_per_s_warm']:,.0f} | {stats['findings']:,} "
            f"| {stats['assessed']:,} | {stats['report_json_s']:.2f} s |"
        )
        print(
            f"<!-- {label}: not assessed {stats['not_assessed']} cold max {stats['cold_max_s']:.3f} s -->"
        )


if __name__ == "__main__":
    main()
