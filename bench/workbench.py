"""Benchmark: the findings workbench on a release with 10,000 findings; one decision on 1,000.

Targets (issue 13): the workbench's first page for a release with 10,000 findings answers in
**< 150 ms** on PostgreSQL; applying one decision to 1,000 findings takes **< 2 s**.

The release's findings are inserted directly (2,000 vulnerabilities × 5 components, an
enrichment row per vulnerability, 1,000 decided, 500 assigned), so the timing is the query,
not the scanner. "First page" = ``workbench.find`` with the default sort (exploited, then
severity with unknown among the worst, EPSS, score), 50 rows, plus the total and the counts
by severity: exactly what the page shows. Also timed: a filtered page (critical + high,
in triage), grouping by component, the last page. "One decision on 1,000 findings":
``triage.decide`` on 1,000 ids (history rows and one audit event included), and
``triage.apply_decision`` from one finding to 1,000 others of the same vulnerability.

Usage: ``.venv/bin/python bench/workbench.py [--postgres postgresql://postgres@127.0.0.1:5432/postgres]``
(fresh SQLite file, and a fresh PostgreSQL database ``rempart_h13_bench`` dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = 7
SEVERITIES = ("critical", "high", "medium", "low", "unknown", "unknown", "high", "medium")


def _median_ms(run: object, repeat: int = RUNS) -> tuple[float, float, float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), min(timings), max(timings)


def _seed() -> tuple[list[int], list[int], int]:
    from django.db import transaction

    from rempart.core.cra.catalog import load_catalog
    from rempart.core.cra.scope import default_in_scope_answers
    from rempart.core.register import ProductDraft
    from rempart.core.severity import severity_rank
    from rempart.services.context import Actor, ServiceContext
    from rempart.services.products import organization
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.store.models import (
        Finding,
        FindingAssignment,
        FindingDecision,
        Release,
        VulnerabilityEnrichment,
    )

    ctx = ServiceContext(Actor.operator("bench"))
    organization.save_organization(ctx, {"name": "Bench"})
    products.create_product(
        ctx,
        ProductDraft(
            name="Big", scope_answers=default_in_scope_answers(load_catalog()), support_months=60
        ),
    )
    for version in ("1.0", "2.0"):
        products.add_release(ctx, "big", ReleaseDraft(version, date(2026, 1, 1)))
    big, other = (Release.objects.get(version=v).pk for v in ("1.0", "2.0"))
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for v in range(2000):
        for c in range(5):
            rows.append(Finding(
                release_id=big, vulnerability_id=f"GO-2026-{v:04d}", aliases=[f"CVE-2026-{v:05d}"],
                summary=f"Vulnerability {v}", severity="unknown", fixed_versions=["9.9.9"] if v % 3 else [],
                component_bom_ref=f"c{c}-{v}", component_name=f"component-{c}-{v % 400}",
                component_version="1.0.0", component_purl=f"pkg:golang/example.com/c{c}/m{v % 400}@v1.0.0",
                ecosystem="Go", package=f"example.com/c{c}/m{v % 400}", known_exploited=v % 250 == 0,
                epss=(v % 100) / 100, epss_percentile=(v % 100) / 100, first_seen=now, last_seen=now,
            ))  # fmt: skip
    # The same vulnerability in 1,000 findings of another release, for "apply".
    for c in range(1001):
        rows.append(Finding(
            release_id=other, vulnerability_id="GO-2026-9999", aliases=["CVE-2026-99999"], summary="shared",
            severity="high", component_bom_ref=f"s{c}", component_name=f"shared-{c}", component_version="1.0.0",
            component_purl=f"pkg:golang/example.com/shared{c}@v1.0.0", ecosystem="Go",
            package=f"example.com/shared{c}", first_seen=now, last_seen=now,
        ))  # fmt: skip
    with transaction.atomic():
        Finding.objects.bulk_create(rows, batch_size=2000)
        VulnerabilityEnrichment.objects.bulk_create([
            VulnerabilityEnrichment(vulnerability_id=f"GO-2026-{v:04d}", severity=SEVERITIES[v % 8],
                                    severity_rank=severity_rank(SEVERITIES[v % 8]), score=9.0 - (v % 8),
                                    severity_source="bench", exploitation="active" if v % 500 == 1 else "",
                                    updated_at=now)
            for v in range(2000)
        ], batch_size=2000)  # fmt: skip
        ids = list(
            Finding.objects.filter(release_id=big).order_by("pk").values_list("pk", flat=True)
        )
        FindingDecision.objects.bulk_create([
            FindingDecision(finding_id=i, vulnerability_id="x", component_key="x", state="not_affected",
                            justification="vulnerable_code_not_present", decided_by="bench", decided_at=now)
            for i in ids[:1000]
        ])  # fmt: skip
        FindingAssignment.objects.bulk_create(
            [
                FindingAssignment(finding_id=i, updated_by="bench", updated_at=now)
                for i in ids[1000:1500]
            ]
        )
    shared = list(
        Finding.objects.filter(release_id=other).order_by("pk").values_list("pk", flat=True)
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
    return ids, shared, big


def child(database_url: str) -> None:
    os.environ["REMPART_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rempart.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from rempart.services.context import Actor, ServiceContext
    from rempart.services.vulnerabilities import triage, workbench
    from rempart.services.vulnerabilities.workbench import FindingQuery

    call_command("migrate", verbosity=0)
    ids, shared, _release = _seed()
    ctx = ServiceContext(Actor.operator("bench"))
    name = database_url.split(":")[0]
    first = FindingQuery(product_slug="big", release_version="1.0")
    page = workbench.find(ctx, first)
    assert page.total == 10_000, page.total
    results = {
        "first page (10,000 findings)": _median_ms(lambda: workbench.find(ctx, first)),
        "filtered page (critical+high, in triage)": _median_ms(lambda: workbench.find(ctx, FindingQuery(
            product_slug="big", release_version="1.0", severities=("critical", "high"), states=("in_triage",)))),
        "last page": _median_ms(lambda: workbench.find(ctx, FindingQuery(product_slug="big", release_version="1.0", page=200))),
        "grouped by component": _median_ms(lambda: workbench.group(ctx, first, "component")),
    }  # fmt: skip
    start = time.perf_counter()
    triage.decide(ctx, ids[2000:3000], "affected", responses=["update"], action_statement="Update")
    decide_s = time.perf_counter() - start
    triage.decide(ctx, [shared[0]], "not_affected", "component_not_present")
    start = time.perf_counter()
    applied = triage.apply_decision(ctx, shared[0], shared[1:])
    apply_s = time.perf_counter() - start
    assert applied == 1000
    for label, (median, low, high) in results.items():
        print(f"{name:10} {label:42} median {median:6.1f} ms [{low:.1f}–{high:.1f}]")
    print(f"{name:10} {'decide 1,000 findings':42} {decide_s:6.2f} s")
    print(
        f"{name:10} {'apply one decision to 1,000 findings':42} {apply_s:6.2f} s (preview included)"
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

            name = "rempart_h13_bench"
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                run_child(args.postgres.rsplit("/", 1)[0] + f"/{name}")
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
