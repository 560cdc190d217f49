"""Advisory data is judged on its own date, and an unreadable stored record is never skipped
silently (issue 11 items 5 and 6)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rempart.core.register import ProductDraft
from rempart.formats.osv import read_osv
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import advisories, feeds, scanning
from rempart.store.models import Advisory, AdvisorySource

KEV = "advisories/kev/known_exploited_vulnerabilities.json"
DEMO_SBOMS = Path(__file__).resolve().parents[3] / "src" / "rempart" / "demo_data" / "sboms"
GATEWAY = DEMO_SBOMS / "gridlink-gateway-firmware-3.0.0.cdx.json"
RECENT = "2026-11-22T00:00:00Z"  # a day before the operator fixture's clock


@pytest.fixture
def gateway(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Gateway",
            scope_answers=typical_answers,
            support_months=120,
            support_justification="Expected use time of smart meter gateways.",
        ),
    )
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    sboms.import_sbom(operator, "gateway", "3.0.0", GATEWAY.read_bytes(), label="firmware")
    return "gateway"


def _record(osv_id: str, package: str, fixed: str) -> dict[str, object]:
    return {
        "id": osv_id,
        "modified": RECENT,
        "affected": [
            {
                "package": {"ecosystem": "crates.io", "name": package},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            }
        ],
    }


def _import(operator, records: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    imported = read_osv(json.dumps(records).encode(), name="test.json", keep_documents=True)
    advisories.import_osv(operator, "osv:test", imported, retrieved_at=operator.clock.now())


def test_a_record_corrupted_in_the_database_makes_its_packages_not_assessed(
    gateway, operator
) -> None:  # type: ignore[no-untyped-def]
    _import(operator, [_record("TEST-1", "regex", "1.5.5"), _record("TEST-2", "serde", "1.0.131")])
    before = scanning.scan_release(operator, gateway, "3.0.0")
    assert not [n for n in before.not_assessed if n["reason"] == "unreadable_advisory"]
    # The stored copy no longer reads (a damaged row, or a stricter reader after an upgrade).
    Advisory.objects.filter(osv_id="TEST-1").update(
        document={"id": "TEST-1", "affected": [{"package": "regex"}]}
    )
    advisories.invalidate_index()  # as in a freshly started process
    after = scanning.scan_release(operator, gateway, "3.0.0")
    unreadable = [n for n in after.not_assessed if n["reason"] == "unreadable_advisory"]
    assert {n["name"] for n in unreadable} == {"regex"}
    assert (
        "TEST-1 (stored copy unreadable: affected[].package needs ecosystem and name)"
        in (unreadable[0]["detail"])
    )
    assert after.outcome != "clean"
    found = scanning.release_findings(operator, gateway, "3.0.0")
    assert any(f.component_name == "serde" for f in found)


def test_the_kev_catalog_is_as_old_as_its_release_not_its_import(
    gateway, operator, shared_data: Path
) -> None:  # type: ignore[no-untyped-def]
    feeds.import_file(operator, shared_data / KEV)
    row = AdvisorySource.objects.get(kind="kev")
    released = json.loads((shared_data / KEV).read_bytes())["dateReleased"]
    assert row.newest_modified == datetime.fromisoformat(released.replace("Z", "+00:00"))
    assert row.newest_modified < datetime(2026, 1, 1, tzinfo=UTC) < row.retrieved_at
    source = next(s for s in advisories.list_sources(operator) if s.kind == "kev")
    assert (source.as_of, source.as_of_basis) == (row.newest_modified, "data")
    scan = scanning.scan_release(operator, gateway, "3.0.0")
    kev = next(s for s in scan.sources if s["name"] == "CISA KEV")
    assert kev["fresh"] is False  # a catalog from 2025 is not fresh in November 2026
    assert kev["as_of"].startswith(released[:10])
