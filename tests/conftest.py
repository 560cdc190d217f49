"""Shared fixtures: where the shared public data sets live, and the database marker."""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``REMPART_SHARED_DIR`` or the ``shared/`` folder beside the repository."""
    configured = os.environ.get("REMPART_SHARED_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public data sets (OSV, KEV, SBOMs, CSAF, VEX, security.txt); skipped loudly if absent."""
    data = shared_dir() / "data"
    if not data.is_dir():
        message = f"SHARED DATA MISSING: {data} not found; set REMPART_SHARED_DIR"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    return data


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    reference = shared_dir() / "reference"
    if not reference.is_dir():
        pytest.skip(f"SHARED REFERENCE MISSING: {reference} not found; set REMPART_SHARED_DIR")
    return reference


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the database, so the PostgreSQL pass can select them."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
            fixtures
        ):
            item.add_marker(pytest.mark.database)


# ----------------------------------------------------------------- database-backed fixtures


@pytest.fixture
def service_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The service settings of this test: a data directory of its own, seen by every edge too."""
    from dataclasses import replace

    settings.SERVICE_SETTINGS = replace(settings.SERVICE_SETTINGS, data_dir=tmp_path / "data")
    return settings.SERVICE_SETTINGS


@pytest.fixture
def operator(service_settings):  # type: ignore[no-untyped-def]
    """A service context acting as the local operator (admin), on a fixed clock."""
    from datetime import UTC, datetime

    from rempart.core.clock import FixedClock
    from rempart.services.context import Actor, ServiceContext

    return ServiceContext(
        Actor.operator("tester"),
        FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
        settings=service_settings,
    )


@pytest.fixture
def organization(db, operator):  # type: ignore[no-untyped-def]
    from rempart.services.products import organization as organization_service

    return organization_service.save_organization(
        operator, {"name": "Test Manufacturer SE", "contact_point_email": "psirt@test.example"}
    )


@pytest.fixture
def typical_answers():  # type: ignore[no-untyped-def]
    from rempart.core.cra.catalog import load_catalog
    from rempart.core.cra.scope import default_in_scope_answers

    return default_in_scope_answers(load_catalog())


@pytest.fixture
def make_user(db, operator):  # type: ignore[no-untyped-def]
    from rempart.services.accounts import users as accounts

    def make(username: str, role: str, password: str = "correct horse battery staple") -> object:
        return accounts.create_user(operator, username, role, password, f"{username}@test.example")

    return make


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database of the kind this pass runs on, for real processes (not the test's own).

    In the PostgreSQL pass (``REMPART_DATABASE_URL`` is PostgreSQL) a new database on that
    server, dropped afterwards; otherwise a new SQLite file.
    """
    configured = os.environ.get("REMPART_DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'processes.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(configured)
    name = f"{parts.path.lstrip('/')}_proc_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ----------------------------------------------------- a workspace with findings (demo data)

DEMO = REPO_ROOT / "src" / "rempart" / "demo_data"


@pytest.fixture
def advisories_loaded(operator) -> None:  # type: ignore[no-untyped-def]
    """The demo's real advisory sample: OSV records, KEV entries and CVE records."""
    from rempart.services.vulnerabilities import enrichment, feeds

    feeds.import_file(operator, DEMO / "advisories" / "osv-sample.json", "osv:demo", rescan=False)
    feeds.import_file(operator, DEMO / "advisories" / "kev-sample.json")
    enrichment.import_cve_path(operator, DEMO / "advisories" / "cve-sample.json")


@pytest.fixture
def gateway(organization, operator, typical_answers, advisories_loaded) -> str:  # type: ignore[no-untyped-def]
    """Product ``gateway``, release 3.0.0 with the demo firmware (crates) and app (Go) SBOMs, scanned."""
    from datetime import date

    from rempart.core.register import ProductDraft
    from rempart.services.products import register as products
    from rempart.services.products.register import ReleaseDraft
    from rempart.services.sboms import release_sboms as sboms
    from rempart.services.vulnerabilities import scanning

    products.create_product(
        operator,
        ProductDraft(
            name="Gateway",
            scope_answers=typical_answers,
            categories=("AIV-2",),
            support_months=120,
            support_justification="Expected use time of comparable gateways.",
        ),
    )
    data = (DEMO / "sboms" / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes()
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    sboms.import_sbom(operator, "gateway", "3.0.0", data, label="firmware")
    app = (DEMO / "sboms" / "app_minikube-v1.23.1.bom.json").read_bytes()
    sboms.import_sbom(operator, "gateway", "3.0.0", app, label="management-app")
    scanning.scan_release(operator, "gateway", "3.0.0")
    return "gateway"
