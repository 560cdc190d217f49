"""``rempart scan`` with the compiled index: only the SBOM's packages are loaded, same result.

The first scan against a set of advisory files writes the compiled index; later scans load
only the entries the SBOM's components look up (own key, release-less key, the modules
enclosing a Go package path) and must give exactly what the full index gives.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rempart.core.clock import FixedClock
from rempart.services.context import Actor, ServiceContext
from rempart.services.vulnerabilities.sbom_scan import AdvisoryChoice, scan_sbom

GO = "advisories/osv/golang-vulndb-osv-2020-2025.tar.gz"
RUST = "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
KEV = "advisories/kev/known_exploited_vulnerabilities.json"
DEMO = Path(__file__).resolve().parents[3] / "src" / "rempart" / "demo_data" / "sboms"
PURLS = [
    "pkg:golang/golang.org/x/net@v0.7.0",
    "pkg:golang/golang.org/x/net/http2@v0.7.0?type=package",  # looked up under its module
    "pkg:golang/golang.org/x/text/language@v0.3.5?type=package",
    "pkg:golang/github.com/gin-gonic/gin@v1.6.0",
    "pkg:cargo/regex@1.5.4",
    "pkg:cargo/libwebp-sys@0.9.2",
    "pkg:npm/lodash@4.17.15",  # no source: not assessed either way
]


def _sbom() -> bytes:
    demo = json.loads((DEMO / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes())
    extra = [
        {"type": "library", "bom-ref": f"extra-{i}", "name": p, "purl": p}
        for i, p in enumerate(PURLS)
    ]
    demo["components"] = [*demo.get("components", []), *extra]
    return json.dumps(demo).encode()


def test_compiled_index_gives_the_full_index_result(shared_data: Path, tmp_path: Path) -> None:
    ctx = ServiceContext(Actor.operator("scan"), FixedClock(datetime(2026, 8, 25, tzinfo=UTC)))
    paths = (shared_data / GO, shared_data / RUST)
    kev = shared_data / KEV
    full = scan_sbom(ctx, _sbom(), AdvisoryChoice(paths, kev), timedelta(days=7))
    cached = AdvisoryChoice(paths, kev, cache_dir=tmp_path / "cache")
    first = scan_sbom(ctx, _sbom(), cached, timedelta(days=7))  # writes the compiled index
    compiled = list((tmp_path / "cache").glob("compiled-*"))
    assert len(compiled) == 1
    second = scan_sbom(ctx, _sbom(), cached, timedelta(days=7))  # reads only what it needs
    assert first == full
    assert second == full
    assert any(f.component.purl == PURLS[1] for f in second.findings)
    assert any(f.known_exploited.kev for f in second.findings)
    assert (compiled[0] / "entries.bin").stat().st_mode & 0o077 == 0
