"""Benchmark: store a 10,000-component SBOM into a release, on SQLite and PostgreSQL.

Target (issue "SBOMs per release"): storing within 3 s on each database, peak memory under
300 MB. "Storing" is the whole ``import_sbom`` service call minus parsing: the document's
bytes, its components and edges in one transaction with the audit event. The parse is timed
separately (``bench/sbom_parse.py``).

Usage: ``.venv/bin/python bench/sbom_store.py [--postgres postgresql://postgres@127.0.0.1:5432/postgres]``
Each database is a fresh one made for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def child(database_url: str) -> None:
    """Run inside a fresh process configured for ``database_url``."""
    os.environ["REMPART_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rempart.settings")
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from make_big_sbom import build_bytes  # type: ignore[import-not-found]

    from rempart.core.cra.catalog import load_catalog
    from rempart.core.cra.scope import default_in_scope_answers
    from rempart.core.register import ProductDraft
    from rempart.formats.sbom import parse_sbom
    from rempart.services.context import Actor, ServiceContext
    from rempart.services.products import organization
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.services.sboms import release_sboms as sboms
    from rempart.store.models import Component

    call_command("migrate", verbosity=0)
    ctx = ServiceContext(Actor.operator("bench"))
    organization.save_organization(ctx, {"name": "Bench"})
    products.create_product(
        ctx,
        ProductDraft(
            name="Big", scope_answers=default_in_scope_answers(load_catalog()), support_months=60
        ),
    )
    data = build_bytes(10_000)
    start = time.perf_counter()
    parse_sbom(data, max_bytes=len(data) + 1)
    parse_s = time.perf_counter() - start
    timings = []
    cpu = []  # this process's CPU seconds: steadier than wall time on a shared machine
    for run in range(RUNS):
        version = f"1.{run}"
        products.add_release(ctx, "big", ReleaseDraft(version, date(2026, 1, 1)))
        start, start_cpu = time.perf_counter(), time.process_time()
        stored = sboms.import_sbom(ctx, "big", version, data, "big.json", "app")
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert stored.component_count == Component.objects.filter(release__version=version).count()
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store_only = [t - parse_s for t in timings]
    largest = (
        HERE.parent.parent
        / "shared/data/sboms/spdx/chainguard-dev-bom-shelter/spdx-syft-bitnami_laravel.spdx.json"
    )
    if largest.is_file():
        real = largest.read_bytes()
        products.add_release(ctx, "big", ReleaseDraft("real", date(2026, 1, 1)))
        start = time.perf_counter()
        stored = sboms.import_sbom(ctx, "big", "real", real, largest.name, "real")
        print(
            f"{database_url.split(':')[0]:10} largest real SBOM ({largest.name}, {stored.component_count} components): import {time.perf_counter() - start:.2f} s"
        )
    print(
        f"{database_url.split(':')[0]:10} import (parse+store) median {statistics.median(timings):.2f} s "
        f"[{min(timings):.2f}–{max(timings):.2f}], of which parse {parse_s:.2f} s, "
        f"store ≈ {statistics.median(store_only):.2f} s; CPU {statistics.median(cpu):.2f} s "
        f"[{min(cpu):.2f}–{max(cpu):.2f}]; peak RSS {rss_mib:.0f} MiB; {len(data) / 2**20:.1f} MiB input"
    )


def run_child(url: str) -> None:
    subprocess.run([sys.executable, __file__, "--child", url], check=True, cwd=HERE.parent)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", help="URL of a server database to create the benchmark database from"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REMPART_DATA_DIR"] = tmp
        run_child(f"sqlite:///{tmp}/bench.sqlite3")
        if args.postgres:
            import psycopg

            name = f"rempart_bench_{os.getpid()}"
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                run_child(args.postgres.rsplit("/", 1)[0] + f"/{name}")
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
