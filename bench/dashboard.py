"""Benchmark: the home dashboard (``/``) at the demo's size and with 100 products / 500 releases.

Targets (issue 15): the dashboard answers in **< 150 ms** at the demo's size and stays
**< 300 ms** with 100 products and 500 releases on PostgreSQL.

Measured: the whole request (``GET /`` through Django's middleware, the service and the
template, logged in as an administrator; ``django.test.Client``, no network), median of 15
after two warm-ups, and the service call alone (``services.dashboard.home.home``).

- *demo*: the demo workspace (``seed_demo``) with its proposed Art. 14 case confirmed, so a
  clock runs; on SQLite and, with ``--postgres``, on PostgreSQL.
- *portfolio* (PostgreSQL): 100 products x 5 releases created through the services; 400
  findings per release (200,000 in all, as the portfolio benchmark's 191,538) inserted
  directly with their release summaries recounted, 1 in 100 KEV-listed and 1 in 40 first seen
  in the last week; 10 running Art. 14 cases (two of them overdue).

Usage: ``.venv/bin/python bench/dashboard.py [--postgres postgresql://postgres@127.0.0.1:5432/postgres]``
(fresh databases ``rempart_dashboard_bench_*`` created on that server, dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

RUNS = 15
FINDINGS_PER_RELEASE = 400
SEVERITIES = ("critical", "high", "high", "medium", "medium", "medium", "low", "unknown")


def _median_ms(run: Any, repeat: int = RUNS) -> tuple[float, float, float, float]:
    """Median, min and max wall time, and the median CPU time of this process (ms)."""
    run()
    run()  # warm-ups: templates compiled, catalog loaded, caches filled
    timings, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(timings), min(timings), max(timings), statistics.median(cpu)


def _operator() -> Any:
    from django.conf import settings

    from rempart.services.context import Actor, ServiceContext

    return ServiceContext(Actor.operator("bench"), settings=settings.SERVICE_SETTINGS)


def _seed_demo() -> str:
    from rempart.services.demo.workspace import seed_demo
    from rempart.services.reporting import cases as reporting

    ctx = _operator()
    seed_demo(ctx)
    proposed = reporting.list_cases(ctx)[0].case
    reporting.confirm_case(
        ctx, proposed.reference, ctx.clock.now() - timedelta(hours=2), "Seen in the KEV feed"
    )
    return "demo"


def _seed_portfolio(products_count: int, releases: int) -> str:
    from django.db import connection, transaction

    from rempart.core.cra.scope import default_in_scope_answers
    from rempart.core.register import ProductDraft
    from rempart.core.reporting.case import CaseDraft
    from rempart.services.products import organization
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.services.reporting import cases as reporting
    from rempart.store.models import Finding, Release
    from rempart.store.repositories import release_summaries

    ctx = _operator()
    now = ctx.clock.now()
    organization.save_organization(ctx, {"name": "Bench Manufacturer SE"})
    answers = default_in_scope_answers(ctx.catalog)
    slugs = []
    for number in range(products_count):
        draft = ProductDraft(
            name=f"Product {number:03d}",
            scope_answers=answers,
            categories=("AIII-C1-12",) if number % 3 == 0 else (),
            support_months=60 + number % 60,
            support_justification="Expected use time of comparable products.",
        )
        slug = products.create_product(ctx, draft).slug
        for index in range(releases):
            released = date(2025, 1, 1) + timedelta(days=60 * index + number)
            products.add_release(ctx, slug, ReleaseDraft(f"{index + 1}.0.0", released))
        slugs.append(slug)
    release_ids = list(Release.objects.order_by("pk").values_list("pk", flat=True))
    rows = []
    for position, release_id in enumerate(release_ids):
        for f in range(FINDINGS_PER_RELEASE):
            seen = now - timedelta(days=3) if (f + position) % 40 == 0 else now - timedelta(days=90)
            rows.append(Finding(
                release_id=release_id, vulnerability_id=f"GHSA-{f:04d}-{position % 50:04d}",
                aliases=[f"CVE-2025-{f:05d}"], summary=f"Vulnerability {f}",
                severity=SEVERITIES[(f + position) % 8], component_bom_ref=f"c{f}",
                component_name=f"component-{f % 300}", component_version="1.0.0",
                component_purl=f"pkg:pypi/component-{f % 300}@1.0.0", ecosystem="PyPI",
                package=f"component-{f % 300}", known_exploited=f % 100 == 7,
                kev_date_added=date(2025, 6, 1) if f % 100 == 7 else None,
                first_seen=seen, last_seen=now, opened_at=seen,
            ))  # fmt: skip
    with transaction.atomic():
        Finding.objects.bulk_create(rows, batch_size=5000)
        release_summaries.refresh_many(release_ids, now, outcome="findings", scanned_at=now)
    for number in range(10):
        reporting.open_case(
            ctx,
            CaseDraft(
                kind="vulnerability",
                title=f"Exploited vulnerability {number}",
                products=(slugs[number * 7],),
                member_states=("DE",),
                aware_at=now - timedelta(hours=30 if number < 2 else 2 + number),
                aware_reason="Seen in the KEV feed",
            ),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
    return f"portfolio {products_count}x{releases}"


def child(database_url: str, workspace: str) -> None:
    os.environ["REMPART_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rempart.settings")
    os.environ.setdefault("REMPART_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from rempart.services.accounts import users
    from rempart.services.context import Actor, ServiceContext
    from rempart.services.dashboard import home as dashboard
    from rempart.store.models import Finding, Product, Release

    call_command("migrate", verbosity=0)
    label = _seed_demo() if workspace == "demo" else _seed_portfolio(100, 5)
    user = users.create_user(_operator(), "bench", "admin", "bench dashboard password 1", "")
    client = Client()
    client.force_login(django.contrib.auth.get_user_model().objects.get(pk=user.id))
    page = client.get("/")
    assert page.status_code == 200, page.status_code
    assert b'id="running-clocks"' in page.content
    ctx = ServiceContext(Actor.for_user("bench", "admin", user.id))
    request = _median_ms(lambda: client.get("/"))
    service = _median_ms(lambda: dashboard.home(ctx))
    board = dashboard.home(ctx)
    name = database_url.split(":")[0]
    size = (
        f"{Product.objects.count()} products, {Release.objects.count()} releases, "
        f"{Finding.objects.count():,} findings, {len(board.clocks)} running clocks, "
        f"{len(board.overdue)} overdue items, {board.exploited_total} new exploited; "
        f"{len(page.content) / 1024:.0f} KB"
    )
    load = os.getloadavg()[0]
    print(f"{name:10} {label:18} {size}")
    for what, (median, low, high, cpu) in (("GET /", request), ("service", service)):
        print(
            f"{name:10} {label:18} {what:8} median {median:6.1f} ms [{low:.1f}–{high:.1f}], "
            f"process CPU {cpu:.1f} ms (load {load:.1f})"
        )


def run_child(url: str, workspace: str) -> None:
    subprocess.run([sys.executable, __file__, "--child", url, workspace], check=True)


def _on_postgres(server: str, workspace: str) -> None:
    import psycopg

    name = f"rempart_dashboard_bench_{workspace}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        run_child(server.rsplit("/", 1)[0] + f"/{name}", workspace)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="URL of a server database to create databases from")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(f"started {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REMPART_DATA_DIR"] = tmp
        run_child(f"sqlite:///{tmp}/demo.sqlite3", "demo")
        if args.postgres:
            _on_postgres(args.postgres, "demo")
            _on_postgres(args.postgres, "portfolio")
    print(f"finished {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}")


if __name__ == "__main__":
    main()
