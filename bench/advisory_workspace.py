"""Benchmarks of the workspace's vulnerability data (issue "Vulnerability intelligence").

1. Import every OSV record of the shared data plus the KEV catalog into a fresh SQLite
   workspace (target: < 60 s).
2. ``rempart scan`` of a 10,000-component SBOM against all of them, as a whole command in a
   fresh process, cold (first run, fills the parse cache) and warm (target: < 3 s).
3. A rescan after an advisory update that touches one package present in 1,000 stored
   releases (target: < 2 s).

Usage: ``.venv/bin/python bench/advisory_workspace.py``
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
sys.path.insert(0, str(HERE))


def import_benchmark(workdir: Path) -> None:
    env = {**os.environ, "REMPART_DATA_DIR": str(workdir / "ws")}
    env.pop("REMPART_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "rempart.cli", "init"], env=env, check=True, capture_output=True
    )
    paths = [
        *sorted(str(p) for p in (SHARED / "advisories/osv").glob("*.tar.gz")),
        str(SHARED / "advisories/kev/known_exploited_vulnerabilities.json"),
    ]
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rempart.cli", "advisories", "import", *paths, "--format", "json"],
        env=env,
        check=True,
        capture_output=True,
    )
    print(
        f"import all OSV records + KEV into SQLite: {time.perf_counter() - start:.1f} s (target < 60 s)"
    )


def scan_benchmark(workdir: Path) -> None:
    from make_big_sbom import build_bytes  # type: ignore[import-not-found]

    sbom = workdir / "big.cdx.json"
    sbom.write_bytes(build_bytes(10_000))
    env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache")}
    command = [
        sys.executable,
        "-m",
        "rempart.cli",
        "scan",
        str(sbom),
        "--format",
        "json",
        "-o",
        str(workdir / "report.json"),
    ]
    for path in sorted((SHARED / "advisories/osv").glob("*.tar.gz")):
        command += ["--advisories", str(path)]
    command += ["--kev", str(SHARED / "advisories/kev/known_exploited_vulnerabilities.json")]
    for label in ("cold (parses advisories, fills the cache)", "warm", "warm"):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=False, capture_output=True)
        print(
            f"rempart scan, 10,000 components, whole command, {label}: {time.perf_counter() - start:.2f} s"
        )
    report = json.loads((workdir / "report.json").read_text())
    print(f"  {len(report['findings'])} findings, {len(report['not_assessed'])} not assessed")


def rescan_benchmark(workdir: Path) -> None:
    (workdir / "rescan").mkdir()
    os.environ["REMPART_DATA_DIR"] = str(workdir / "rescan")
    os.environ.pop("REMPART_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rempart.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from rempart.core.cra.catalog import load_catalog
    from rempart.core.cra.scope import default_in_scope_answers
    from rempart.core.register import ProductDraft
    from rempart.formats.osv import read_osv
    from rempart.services.context import Actor, ServiceContext
    from rempart.services.products import organization
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.services.sboms import release_sboms as sboms
    from rempart.services.vulnerabilities import advisories, scanning

    call_command("migrate", verbosity=0)
    ctx = ServiceContext(Actor.operator("bench"))
    organization.save_organization(ctx, {"name": "Bench"})
    answers = default_in_scope_answers(load_catalog())
    sbom = (
        HERE.parent / "src/rempart/demo_data/sboms/gridlink-gateway-firmware-3.0.0.cdx.json"
    ).read_bytes()
    for product_number in range(100):
        slug = f"p{product_number}"
        products.create_product(
            ctx,
            ProductDraft(
                name=slug,
                scope_answers=answers,
                support_months=60,
                support_justification="Expected use time of comparable products.",
            ),
        )
        for release_number in range(10):
            version = f"1.{release_number}"
            products.add_release(ctx, slug, ReleaseDraft(version, date(2026, 1, 1)))
            sboms.import_sbom(ctx, slug, version, sbom, label="fw")

    def record(fixed: str, modified: str) -> bytes:
        return json.dumps(
            [
                {
                    "id": "BENCH-1",
                    "modified": modified,
                    "affected": [
                        {
                            "package": {"ecosystem": "crates.io", "name": "regex"},
                            "ranges": [
                                {
                                    "type": "SEMVER",
                                    "events": [{"introduced": "0"}, {"fixed": fixed}],
                                }
                            ],
                        }
                    ],
                }
            ]
        ).encode()

    now = datetime.now(UTC)
    first = advisories.import_osv(
        ctx,
        "osv:bench",
        read_osv(record("1.5.5", "2025-01-01T00:00:00Z"), keep_documents=True),
        retrieved_at=now,
    )
    scanning.rescan_touched(ctx, first.touched)
    update = advisories.import_osv(
        ctx,
        "osv:bench",
        read_osv(record("1.5.0", "2025-02-01T00:00:00Z"), keep_documents=True),
        retrieved_at=now,
    )
    start = time.perf_counter()
    outcome = scanning.rescan_touched(ctx, update.touched)
    elapsed = time.perf_counter() - start
    print(
        f"rescan after an update touching one package in {outcome.releases} releases: {elapsed:.2f} s (target < 2 s); "
        f"{outcome.findings} findings, {outcome.new_findings} new"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        import_benchmark(workdir)
        scan_benchmark(workdir)
        rescan_benchmark(workdir)


if __name__ == "__main__":
    main()
