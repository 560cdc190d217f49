"""A workspace with a released product, its SBOM and the demo's real advisory sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import enrichment, feeds

DEMO = Path(__file__).resolve().parents[2] / "src" / "rempart" / "demo_data"


@pytest.fixture
def advisories_loaded(operator) -> None:  # type: ignore[no-untyped-def]
    feeds.import_file(operator, DEMO / "advisories" / "osv-sample.json", "osv:demo", rescan=False)
    feeds.import_file(operator, DEMO / "advisories" / "kev-sample.json")
    enrichment.import_cve_path(operator, DEMO / "advisories" / "cve-sample.json")


@pytest.fixture
def gateway(organization, operator, typical_answers, advisories_loaded) -> str:  # type: ignore[no-untyped-def]
    """Product ``gateway``, release 3.0.0 with the demo firmware (crates) and app (Go) SBOMs, scanned."""
    products.create_product(
        operator,
        ProductDraft(name="Gateway", scope_answers=typical_answers, categories=("AIV-2",), support_months=120),
    )
    data = (DEMO / "sboms" / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes()
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    sboms.import_sbom(operator, "gateway", "3.0.0", data, label="firmware")
    app = (DEMO / "sboms" / "app_minikube-v1.23.1.bom.json").read_bytes()
    sboms.import_sbom(operator, "gateway", "3.0.0", app, label="management-app")
    from rempart.services.vulnerabilities import scanning

    scanning.scan_release(operator, "gateway", "3.0.0")
    return "gateway"
