"""Benchmark: a 100-product portfolio on PostgreSQL (docs/benchmarks.md, "Portfolio scale").

Seeds 100 products x 5 releases (300-3,000 components each, 95 % shared between consecutive
releases, one product built from vulnerable versions; ``bench/portfolio_data.py``) through the
services into a fresh PostgreSQL database, then measures:

1. seed time (products, releases, SBOM imports);
2. the first full scan, then a full rescan with nothing changed;
3. a KEV import on the seeded portfolio (the 2025-07-01 catalog is loaded first, the
   2025-08-25 one is the update);
4. single-user time of every main page against ``rempart serve`` (2 workers), median of 5;
5. mixed-page load: 50 users at 2 s think time for 60 s (locust, p95 and errors), and
   throughput without think time for 30 s (wrk, 2 threads x 16 connections); each once with
   the large findings pages in the mix and once without.

The same script runs against an older commit (only services both have are called):
``PYTHONPATH=/path/to/old/src .venv/bin/python bench/portfolio.py --database URL``.
Load tools: ``apt-get install wrk``; locust in its own venv (``--locust PATH``).

    .venv/bin/python bench/portfolio.py --database postgresql://postgres@127.0.0.1:5432/rempart_h16_bench \\
        --out /tmp/portfolio.json [--products 100] [--skip-load]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import portfolio_data

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REMPART_SHARED_DIR", REPO.parent / "shared")) / "data"
PASSWORD = "bench portfolio password 1"  # noqa: S105 - a throwaway benchmark account


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def fresh_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup(url: str, data_dir: Path) -> dict[str, str]:
    env = {
        "REMPART_DATABASE_URL": url,
        "REMPART_DATA_DIR": str(data_dir),
        "REMPART_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_SETTINGS_MODULE": "rempart.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return env


def context() -> Any:
    from django.conf import settings

    from rempart.services.context import Actor, ServiceContext

    return ServiceContext(Actor.operator("bench"), settings=settings.SERVICE_SETTINGS)


@contextlib.contextmanager
def timed(results: dict[str, Any], key: str) -> Iterator[None]:
    """Wall time, plus this process's CPU time and the load average (a shared machine)."""
    start, cpu, backend = time.perf_counter(), time.process_time(), _backend_cpu()
    yield
    results[key] = round(time.perf_counter() - start, 2)
    results[f"{key}_process_cpu"] = round(time.process_time() - cpu, 2)
    if backend is not None and (after := _backend_cpu()) is not None:
        results[f"{key}_database_cpu"] = round(after - backend, 2)
    results[f"{key}_load_average"] = round(os.getloadavg()[0], 1)
    log(
        f"{key}: {results[key]} s (process CPU {results[f'{key}_process_cpu']} s, load {results[f'{key}_load_average']})"
    )


def _backend_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend (same machine: /proc), or None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def import_advisories(ctx: Any, results: dict[str, Any]) -> None:
    from rempart.services.vulnerabilities import feeds

    with timed(results, "advisory_import_s"):
        for archive in portfolio_data.ARCHIVES.values():
            feeds.import_file(ctx, SHARED / archive)
        feeds.import_file(
            ctx, SHARED / "advisories/kev/known_exploited_vulnerabilities-2025.07.01.json"
        )


def seed(ctx: Any, products_count: int, releases: int, results: dict[str, Any]) -> list[Any]:
    from rempart.core.cra.scope import default_in_scope_answers
    from rempart.core.register import ProductDraft
    from rempart.services.products import organization
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.services.sboms import release_sboms as sboms

    organization.save_organization(
        ctx, {"name": "Bench Manufacturer SE", "contact_point_email": "psirt@bench.example"}
    )
    pools = portfolio_data.load_pools(SHARED)
    answers = default_in_scope_answers(ctx.catalog)
    plan = []
    components = 0
    with timed(results, "seed_s"):
        for number in range(products_count):
            vulnerable = number == 0
            name = "Vulnerable Appliance" if vulnerable else f"Product {number:03d}"
            size = (
                portfolio_data.VULNERABLE_PRODUCT_SIZE
                if vulnerable
                else 300 + (number * 7919) % 2701
            )
            draft = ProductDraft(
                name=name,
                scope_answers=answers,
                support_months=120,
                support_justification="Expected use time of comparable products.",
            )
            slug = products.create_product(ctx, draft).slug
            versions = []
            for index, purls in enumerate(
                portfolio_data.release_purls(pools, number, releases, size, vulnerable)
            ):
                version = f"{index + 1}.0.0"
                released = date(2025, 1, 1) + timedelta(days=60 * index + number)
                products.add_release(ctx, slug, ReleaseDraft(version, released))
                data = portfolio_data.sbom_bytes(name, version, purls)
                sboms.import_sbom(ctx, slug, version, data, label="app")
                components += len(purls)
                versions.append(version)
            plan.append((slug, versions))
            if number % 10 == 9:
                log(f"seeded {number + 1} products ({components:,} components)")
    results["products"] = products_count
    results["releases"] = products_count * releases
    results["components"] = components
    return plan


def vacuum_analyze() -> None:
    """Bring the planner's statistics up to date, as autovacuum would after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def seeded_plan() -> list[Any]:
    """(slug, versions) of the products an earlier run seeded, in seeding order."""
    from rempart.store.models import Product

    plan = []
    for product in Product.objects.order_by("pk").prefetch_related("releases"):
        versions = sorted(r.version for r in product.releases.all())
        plan.append((product.slug, versions))
    return plan


def scan_everything(ctx: Any, results: dict[str, Any], key: str) -> None:
    from rempart.services.vulnerabilities import scanning

    with timed(results, key):
        scanning.scan_all(ctx)


def finding_counts(results: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM store_finding GROUP BY status")
        results["findings"] = dict(cursor.fetchall())
        cursor.execute(
            "SELECT max(c) FROM (SELECT count(*) c FROM store_finding WHERE status='open' "
            "GROUP BY release_id) t"
        )
        results["largest_release_findings"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM store_scan")
        results["scan_rows"] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_total_relation_size('store_scan')")
        results["scan_table_bytes"] = cursor.fetchone()[0]


def kev_update(ctx: Any, results: dict[str, Any]) -> None:
    from rempart.services.vulnerabilities import feeds

    with timed(results, "kev_import_s"):
        feeds.import_file(ctx, SHARED / "advisories/kev/known_exploited_vulnerabilities.json")


# ---------------------------------------------------------------------------- the web server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rempart.cli", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def login(base: str) -> tuple[urllib.request.OpenerDirector, str]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    body = urllib.parse.urlencode(
        {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token[1]}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/login/", body, {"Referer": f"{base}/login/"}))
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    assert "sessionid" in cookie, "login failed"
    return opener, cookie


def pages(plan: list[Any], cve: str) -> dict[str, str]:
    big_slug, big_versions = plan[0]
    slug, versions = plan[len(plan) // 2]
    return {
        "home (dashboard)": "/",
        "product list": "/products/",
        "product page": f"/products/{slug}/",
        "release page (typical)": f"/products/{slug}/releases/{versions[-1]}/",
        "release page (largest, vulnerable product)": f"/products/{big_slug}/releases/{big_versions[-1]}/",
        "where is (a CVE)": f"/vulnerabilities/?id={cve}",
        "Art. 14 cases": "/cases/",
        "assessment portfolio": "/assessment/",
        "API products": "/api/v1/products",
        "API release findings (largest)": f"/api/v1/products/{big_slug}/releases/{big_versions[-1]}/findings",
        "API where is": f"/api/v1/vulnerabilities/{cve}/findings",
    }


def time_pages(base: str, opener: Any, paths: dict[str, str]) -> dict[str, Any]:
    timings: dict[str, Any] = {}
    for label, path in paths.items():
        samples = []
        size = 0
        status = 0
        for attempt in range(6):
            start = time.perf_counter()
            try:
                with opener.open(f"{base}{path}", timeout=120) as response:
                    size = len(response.read())
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            if attempt:
                samples.append(time.perf_counter() - start)
        timings[label] = {
            "path": path,
            "status": status,
            "bytes": size,
            "median_ms": round(statistics.median(samples) * 1000, 1),
        }
        log(f"page {label}: {timings[label]['median_ms']} ms ({size:,} bytes, {status})")
    return timings


def _mix(paths: dict[str, str], plan: list[Any], cve: str, large: bool) -> list[str]:
    mix = []
    for slug, versions in plan[1:21]:
        mix += [f"/products/{slug}/", f"/products/{slug}/releases/{versions[-1]}/"]
    mix += ["/", "/products/", "/api/v1/products", f"/vulnerabilities/?id={cve}", "/cases/"]
    if large:
        mix += [
            paths["release page (largest, vulnerable product)"],
            paths["API release findings (largest)"],
        ]
    return mix


LOCUSTFILE = """
import json, os, random
from locust import HttpUser, constant
PATHS = json.loads(os.environ["BENCH_PATHS"])
COOKIE = os.environ["BENCH_COOKIE"]
class Reader(HttpUser):
    wait_time = constant(2)
    def on_start(self):
        self.client.headers["Cookie"] = COOKIE
    from locust import task
    @task
    def page(self):
        path = random.choice(PATHS)
        self.client.get(path, name="mixed")
"""

WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def locust_run(locust: Path, base: str, cookie: str, mix: list[str]) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-locust-"))
    (workdir / "locustfile.py").write_text(LOCUSTFILE)
    env = {**os.environ, "BENCH_PATHS": json.dumps(mix), "BENCH_COOKIE": cookie}
    subprocess.run(
        [
            str(locust),
            "-f",
            str(workdir / "locustfile.py"),
            "--headless",
            "-u",
            "50",
            "-r",
            "10",
            "-t",
            "60s",
            "--host",
            base,
            "--csv",
            str(workdir / "stats"),
            "--only-summary",
        ],
        env=env,
        cwd=workdir,
        check=False,
        capture_output=True,
        timeout=300,
    )
    rows = (workdir / "stats_stats.csv").read_text().splitlines()
    header = rows[0].split(",")
    total = dict(zip(header, rows[-1].split(","), strict=False))
    shutil.rmtree(workdir, ignore_errors=True)
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "median_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "req_per_s": round(float(total["Requests/s"]), 1),
    }


def wrk_run(base: str, cookie: str, mix: list[str]) -> dict[str, Any]:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in mix))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            "-d30s",
            "--timeout",
            "60s",
            "-s",
            str(script),
            "-H",
            f"Cookie: {cookie}",
            base,
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    script.unlink()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "req_per_s": float(rate[1]) if rate else None,
        "non_2xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }


def common_cve() -> str:
    """The CVE with the most open findings (where-is pages look it up)."""
    from collections import Counter

    from django.db import connection

    counted: Counter[str] = Counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT vulnerability_id, aliases FROM store_finding WHERE status = 'open'")
        for vulnerability_id, aliases in cursor.fetchall():
            names = [
                vulnerability_id,
                *(json.loads(aliases) if isinstance(aliases, str) else aliases),
            ]
            counted.update({n for n in names if n.startswith("CVE-")})
    return counted.most_common(1)[0][0]


def web(
    env: dict[str, str], plan: list[Any], results: dict[str, Any], load: bool, locust: Path
) -> None:
    from django.contrib.auth import get_user_model

    from rempart.services.accounts import users

    if not get_user_model().objects.filter(username="bench").exists():
        users.create_user(context(), "bench", "admin", PASSWORD, "bench@example.com")
    cve = results["where_is_cve"] = common_cve()
    with server(env) as base:
        opener, cookie = login(base)
        paths = pages(plan, cve)
        results["pages_load_average"] = round(os.getloadavg()[0], 1)
        results["pages"] = time_pages(base, opener, paths)
        if not load:
            return
        for large in (False, True):
            key = "with_large_findings_pages" if large else "without_large_findings_pages"
            mix = _mix(paths, plan, cve, large)
            log(f"locust, 50 users, 2 s think time ({key})")
            results.setdefault("load_50_users", {})[key] = locust_run(locust, base, cookie, mix)
            log(f"  {results['load_50_users'][key]}")
            log(f"wrk, no think time ({key})")
            results.setdefault("throughput", {})[key] = wrk_run(base, cookie, mix)
            log(f"  {results['throughput'][key]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="postgresql://…/NAME (recreated)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--products", type=int, default=100)
    parser.add_argument("--releases", type=int, default=5)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a database seeded by an earlier run: no seeding, no first scan",
    )
    parser.add_argument("--skip-rescan", action="store_true", help="with --reuse: pages only")
    parser.add_argument(
        "--locust",
        type=Path,
        default=Path(os.environ.get("BENCH_LOCUST", "locust")),
        help="the locust executable (in a venv of its own: pip install locust)",
    )
    args = parser.parse_args()
    import rempart

    results: dict[str, Any] = {"code": str(Path(rempart.__file__).parent)}
    commit = subprocess.run(
        ["git", "-C", str(Path(rempart.__file__).parent), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    results["commit"] = commit or os.environ.get("BENCH_COMMIT", "(not a git checkout)")
    log(f"code under test: {results['code']} ({results['commit']})")
    if not args.reuse:
        fresh_database(args.database)
    data_dir = Path(tempfile.mkdtemp(prefix="bench-portfolio-"))
    env = setup(args.database, data_dir)
    ctx = context()
    if args.reuse:
        plan = seeded_plan()
        if not args.skip_rescan:
            scan_everything(ctx, results, "warm_up_full_scan_s")
            scan_everything(ctx, results, "full_rescan_unchanged_s")
            from rempart.services.vulnerabilities import feeds

            feeds.import_file(  # back to the older catalog, so the timed import is an update
                ctx, SHARED / "advisories/kev/known_exploited_vulnerabilities-2025.07.01.json"
            )
            kev_update(ctx, results)
    else:
        import_advisories(ctx, results)
        plan = seed(ctx, args.products, args.releases, results)
        scan_everything(ctx, results, "first_full_scan_s")
        scan_everything(ctx, results, "full_rescan_unchanged_s")
        kev_update(ctx, results)
    finding_counts(results)
    log(f"findings: {results['findings']}")
    vacuum_analyze()
    web(env, plan, results, not args.skip_load, args.locust)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
