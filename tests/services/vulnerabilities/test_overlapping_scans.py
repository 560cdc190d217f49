"""Scans of one release at the same time, and a full rescan with a failing release.

Two scans of one release used to collide on the findings' unique key (``IntegrityError``) and
one failure stopped the whole nightly rescan. Scans of a release are now serialized and
written as a diff; ``scan_all`` records a failed release and scans the others. The overlap
runs in real processes on a real database (PostgreSQL in its pass, an SQLite file otherwise).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import DatabaseError

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds, scanning
from rempart.store.models import AuditEvent, Finding, ReleaseSummary, Scan
from rempart.store.repositories import finding_writes

RUST = "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
DEMO_SBOMS = Path(__file__).resolve().parents[3] / "src" / "rempart" / "demo_data" / "sboms"


@pytest.fixture
def two_products(db, operator, typical_answers, shared_data: Path) -> list[str]:  # type: ignore[no-untyped-def]
    from rempart.services.products import organization

    organization.save_organization(operator, {"name": "Overlap SE"})
    data = (DEMO_SBOMS / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes()
    slugs = []
    for name in ("Gateway", "Relay"):
        slug = products.create_product(
            operator,
            ProductDraft(
                name=name,
                scope_answers=typical_answers,
                support_months=60,
                support_justification="Expected use time of comparable products.",
            ),
        ).slug
        products.add_release(operator, slug, ReleaseDraft("3.0.0", date(2026, 2, 1)))
        sboms.import_sbom(operator, slug, "3.0.0", data, label="firmware")
        slugs.append(slug)
    feeds.import_file(operator, shared_data / RUST)
    return slugs


SETUP = """
import os
from datetime import date
from pathlib import Path
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "rempart.settings"
django.setup()
from django.conf import settings
from rempart.core.cra.scope import default_in_scope_answers
from rempart.core.register import ProductDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds
ctx = ServiceContext(Actor.operator("test"), settings=settings.SERVICE_SETTINGS)
products.create_product(ctx, ProductDraft(name="Gateway", support_months=60, support_justification="Expected use time of comparable products.",
    scope_answers=default_in_scope_answers(ctx.catalog)))
products.add_release(ctx, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
sboms.import_sbom(ctx, "gateway", "3.0.0", Path(%(sbom)r).read_bytes(), label="firmware")
feeds.import_file(ctx, Path(%(osv)r))
"""

SCAN = """
import os, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "rempart.settings"
django.setup()
from django.conf import settings
from rempart.services.context import Actor, ServiceContext
from rempart.services.vulnerabilities import scanning
ctx = ServiceContext(Actor.operator("test"), settings=settings.SERVICE_SETTINGS)
sys.stdin.readline()  # both processes start scanning together
for _ in range(3):
    scanning.scan_release(ctx, "gateway", "3.0.0", "manual")
"""

CHECK = """
import json, os
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "rempart.settings"
django.setup()
from rempart.store.models import Finding, ReleaseSummary, Scan
keys = list(Finding.objects.values_list("vulnerability_id", "component_bom_ref", "status"))
summary = ReleaseSummary.objects.get()
print(json.dumps({"keys": keys, "scans": Scan.objects.count(), "open": summary.open_findings}))
"""


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "REMPART_DATA_DIR": str(tmp_path / "data"),
        "REMPART_DATABASE_URL": database_url,
        "REMPART_SECRET_KEY": "overlap-test-" + "k" * 40,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.database
def test_overlapping_scans_of_one_release(
    tmp_path: Path, fresh_database_url: str, shared_data: Path
) -> None:
    """Two processes scan the same release three times each, at the same moment."""
    env = _env(tmp_path, fresh_database_url)
    _run([sys.executable, "-m", "rempart.cli", "init", "--organization", "Overlap SE"], env)
    sbom = DEMO_SBOMS / "gridlink-gateway-firmware-3.0.0.cdx.json"
    _run([sys.executable, "-c", SETUP % {"sbom": str(sbom), "osv": str(shared_data / RUST)}], env)
    scanners = [
        subprocess.Popen(
            [sys.executable, "-c", SCAN],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(3)  # both have set up Django and wait on their standard input
    for scanner in scanners:
        assert scanner.stdin is not None
        scanner.stdin.write("go\n")
        scanner.stdin.flush()
    for scanner in scanners:
        _, errors = scanner.communicate(timeout=600)
        assert scanner.returncode == 0, errors[-3000:]  # no IntegrityError, no deadlock
    seen = json.loads(_run([sys.executable, "-c", CHECK], env).strip().splitlines()[-1])
    keys = [(v, b) for v, b, _ in seen["keys"]]
    assert keys
    assert len(keys) == len(set(keys))  # one row per finding
    assert {status for _, _, status in seen["keys"]} == {"open"}
    assert seen["scans"] == 6
    assert seen["open"] == len(keys)


def test_scan_all_records_a_failed_release_and_goes_on(two_products, operator, monkeypatch) -> None:
    broken = Finding._meta.get_field("release").related_model.objects.get(
        product__slug=two_products[0]
    )
    write = finding_writes.write_findings

    def failing(release_pk, *args, **kwargs):  # type: ignore[no-untyped-def]
        if release_pk == broken.pk:
            raise DatabaseError("disk full")
        return write(release_pk, *args, **kwargs)

    monkeypatch.setattr(finding_writes, "write_findings", failing)
    outcome = scanning.scan_all(operator)
    assert outcome.scanned == 1
    assert outcome.failed == ((two_products[0], "3.0.0", "disk full"),)
    assert Scan.objects.filter(release__product__slug=two_products[1]).exists()
    failed = ReleaseSummary.objects.get(release=broken)
    assert (failed.scan_state, failed.scan_error) == ("failed", "disk full")
    assert AuditEvent.objects.filter(action="release.scan-failed").count() == 1
