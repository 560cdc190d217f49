"""Benchmark: ``rempart scan`` of a 10,000-component SBOM against its floor (docs/benchmarks.md).

The floor is what no scan can avoid: a fresh Python process that parses the SBOM with
Rempart's parser and does one hash lookup per component. The scan is the whole command,
warm (its caches filled by a first run), against every OSV archive of the shared data and
the CISA KEV catalog. Target: the scan within 4x the floor. Median of 5 runs each.

    .venv/bin/python bench/scan_floor.py            # the code on PYTHONPATH / installed
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_big_sbom import build_bytes

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REMPART_SHARED_DIR", REPO.parent / "shared")) / "data"
FLOOR = """
import sys
from pathlib import Path
from rempart.formats.sbom import parse_sbom
document = parse_sbom(Path(sys.argv[1]).read_bytes(), max_bytes=1 << 30)
table = {}
hits = sum(1 for c in document.components if table.get(c.purl) is not None)
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, check=False, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1, 3):
        raise SystemExit(done.stderr.decode()[-2000:])
    return elapsed


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-scan-floor-"))
    sbom = workdir / "sbom-10k.cdx.json"
    sbom.write_bytes(build_bytes(10_000))
    env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache")}
    scan = [sys.executable, "-m", "rempart.cli", "scan", str(sbom), "--format", "json"]
    scan += ["-o", str(workdir / "report.json")]
    for path in sorted((SHARED / "advisories/osv").glob("*.tar.gz")):
        scan += ["--advisories", str(path)]
    scan += ["--kev", str(SHARED / "advisories/kev/known_exploited_vulnerabilities.json")]
    cold = timed(scan, env)
    floors, scans = [], []
    for _ in range(5):
        floors.append(timed([sys.executable, "-c", FLOOR, str(sbom)], env))
        scans.append(timed(scan, env))
    floor, warm = statistics.median(floors), statistics.median(scans)
    print(f"floor (parse + one lookup per component, whole process): {floor:.2f} s")
    print(f"rempart scan, cold (parses advisories, fills the caches): {cold:.2f} s")
    print(f"rempart scan, warm: {warm:.2f} s = {warm / floor:.1f}x the floor (target <= 4x)")


if __name__ == "__main__":
    main()
