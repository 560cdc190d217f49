"""Advisory import and scans in the workspace, on the shared OSV and KEV data."""

from __future__ import annotations

import io
import json
import tarfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from rempart.core.errors import FormatError
from rempart.core.register import ProductDraft
from rempart.formats.osv import read_osv
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import advisories, feeds, scanning
from rempart.store.models import Advisory, Finding, Scan

GO = "advisories/osv/golang-vulndb-osv-2020-2025.tar.gz"
RUST = "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
KEV = "advisories/kev/known_exploited_vulnerabilities.json"
DEMO_SBOMS = Path(__file__).resolve().parents[3] / "src" / "rempart" / "demo_data" / "sboms"


@pytest.fixture
def gateway(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Gateway",
            scope_answers=typical_answers,
            categories=("AIV-2",),
            support_months=120,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    data = (DEMO_SBOMS / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes()
    sboms.import_sbom(operator, "gateway", "3.0.0", data, label="firmware")
    return "gateway"


def test_not_scanned_without_data_is_not_assessed(gateway, operator) -> None:
    scan = scanning.scan_release(operator, gateway, "3.0.0")
    assert scan.outcome == "not-assessed"
    assert {n["reason"] for n in scan.not_assessed} == {"no_source"}
    assert Finding.objects.count() == 0


def test_kev_listed_finding_after_import(gateway, operator, shared_data: Path) -> None:
    result = feeds.import_file(operator, shared_data / RUST)
    assert result.records == 940
    assert result.rescanned_releases == 1  # the import's targeted rescan
    kev = feeds.import_file(operator, shared_data / KEV)
    assert kev.rescanned_releases == 0  # KEV facts are set on the findings, no matching
    webp = Finding.objects.get(component_name="libwebp-sys")
    assert webp.known_exploited
    assert webp.kev_date_added == date(2023, 9, 13)
    assert "CVE-2023-4863" in webp.aliases
    assert "0.9.3" in webp.fixed_versions
    assert scanning.release_summary(operator, gateway, "3.0.0").known_exploited == 1
    scanning.run_requested_scans(operator, "test")  # the SBOM import's own scan
    latest = Scan.objects.order_by("-at", "-pk").first()
    assert latest is not None
    assert latest.outcome == "findings"
    where = scanning.where_is(operator, "cve-2023-4863")
    assert [(f.product_slug, f.component_name) for f in where] == [("gateway", "libwebp-sys")]


def test_reimport_is_unchanged_and_stale_data_is_flagged(
    gateway, operator, shared_data: Path
) -> None:
    feeds.import_file(operator, shared_data / RUST)
    again = feeds.import_file(operator, shared_data / RUST)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    operator.clock.advance(timedelta(days=30))  # type: ignore[attr-defined]
    scan = scanning.scan_release(operator, gateway, "3.0.0")
    assert scan.outcome == "findings"  # stale data still confirms findings …
    assert {n["reason"] for n in scan.not_assessed} == {
        "stale_source"
    }  # … but cannot clear anything


def test_broken_archive_leaves_previous_data(
    gateway, operator, shared_data: Path, tmp_path: Path
) -> None:
    feeds.import_file(operator, shared_data / RUST, "osv:rust")
    before = Advisory.objects.count()
    truncated = tmp_path / "rust.tar.gz"
    truncated.write_bytes((shared_data / RUST).read_bytes()[:20000])
    with pytest.raises(FormatError):
        feeds.import_file(operator, truncated, "osv:rust")
    assert Advisory.objects.count() == before


def _record(osv_id: str, package: str, fixed: str, modified: str) -> dict[str, object]:
    return {
        "id": osv_id,
        "modified": modified,
        "summary": f"test advisory for {package}",
        "affected": [
            {
                "package": {"ecosystem": "crates.io", "name": package},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            }
        ],
    }


def _import_records(operator, records: list[dict[str, object]]) -> advisories.ImportOutcome:  # type: ignore[no-untyped-def]
    imported = read_osv(json.dumps(records).encode(), name="test.json", keep_documents=True)
    outcome = advisories.import_osv(
        operator, "osv:test", imported, retrieved_at=operator.clock.now()
    )
    scanning.rescan_touched(operator, outcome.touched)
    return outcome


def test_targeted_rescan_touches_only_the_updated_package(
    organization, operator, typical_answers
) -> None:
    for name in ("a", "b"):
        products.create_product(
            operator,
            ProductDraft(
                name=f"Product {name}",
                scope_answers=typical_answers,
                support_months=60,
                support_justification="Expected use time of comparable products.",
            ),
        )
        products.add_release(operator, f"product-{name}", ReleaseDraft("1.0", date(2026, 1, 1)))
        sboms.import_sbom(
            operator,
            f"product-{name}",
            "1.0",
            (DEMO_SBOMS / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes(),
        )
    first = _import_records(
        operator,
        [
            _record("TEST-1", "regex", "1.5.5", "2025-01-01T00:00:00Z"),
            _record("TEST-2", "serde", "1.0.131", "2025-01-01T00:00:00Z"),
        ],
    )
    assert first.touched == {("crates.io", "regex"), ("crates.io", "serde")}
    assert Finding.objects.filter(status="open").count() == 4
    assert Finding.objects.filter(new=True).count() == 4
    # An update narrows TEST-2 so serde 1.0.130 is no longer affected; regex is not touched.
    second = _import_records(
        operator,
        [
            _record("TEST-1", "regex", "1.5.5", "2025-01-01T00:00:00Z"),
            _record("TEST-2", "serde", "1.0.100", "2025-02-01T00:00:00Z"),
        ],
    )
    assert second.touched == {("crates.io", "serde")}
    assert second.updated == 1
    assert Finding.objects.filter(package="serde", status="resolved").count() == 2
    assert Finding.objects.filter(package="regex", status="open").count() == 2
    # A new advisory is flagged new where it appears; untouched packages' findings stay as they were.
    regex_seen = set(Finding.objects.filter(package="regex").values_list("last_seen", flat=True))
    operator.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    _import_records(
        operator,
        [
            _record("TEST-1", "regex", "1.5.5", "2025-01-01T00:00:00Z"),
            _record("TEST-2", "serde", "1.0.100", "2025-02-01T00:00:00Z"),
            _record("TEST-3", "tokio", "1.18.4", "2025-03-01T00:00:00Z"),
        ],
    )
    assert Finding.objects.filter(vulnerability_id="TEST-3", new=True).count() == 2
    assert (
        set(Finding.objects.filter(package="regex").values_list("last_seen", flat=True))
        == regex_seen
    )


def test_go_archive_from_shared_data(
    organization, operator, typical_answers, shared_data: Path
) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Bridge",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "bridge", ReleaseDraft("1.8.0", date(2026, 1, 1)))
    sboms.import_sbom(
        operator, "bridge", "1.8.0", (DEMO_SBOMS / "proton-bridge-v1.8.0.bom.json").read_bytes()
    )
    feeds.import_file(operator, shared_data / GO)
    findings = scanning.release_findings(operator, "bridge", "1.8.0")
    assert any(f.component_name == "golang.org/x/net" for f in findings)
    assert all(f.status == "open" for f in findings)


def _tar_with(records: list[dict[str, object]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for number, record in enumerate(records):
            data = json.dumps(record).encode()
            info = tarfile.TarInfo(f"db/{record.get('id', number)}.json")
            info.size = len(data)
            info.mtime = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_bad_records_are_skipped_and_counted(gateway, operator, tmp_path: Path) -> None:
    archive = tmp_path / "mixed.tar.gz"
    broken = {
        "id": "BAD-1",
        "affected": [
            {
                "package": {"ecosystem": "crates.io", "name": "regex"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "zzz"}]}],
            }
        ],
    }
    archive.write_bytes(
        _tar_with(
            [
                _record("OK-1", "regex", "1.5.5", "2025-01-01T00:00:00Z"),
                broken,
                {"summary": "no id"},
            ]
        )
    )
    result = feeds.import_file(operator, archive)
    assert result.records == 1
    assert sum(result.skipped.values()) == 2
    scan = scanning.scan_release(operator, gateway, "3.0.0")
    assert scan.findings == 1  # OK-1 on regex 1.5.4
    # BAD-1 names regex but could not be read: regex is reported, not silently cleared.
    assert [n["name"] for n in scan.not_assessed if n["reason"] == "unreadable_advisory"] == [
        "regex"
    ]


def test_new_findings_are_counted_against_the_previous_scan(gateway, operator) -> None:
    """After an advisory import the release says how many findings are new since its last scan."""
    _import_records(operator, [_record("TEST-1", "regex", "1.5.5", "2025-01-01T00:00:00Z")])
    first = scanning.scan_release(operator, gateway, "3.0.0")
    assert (first.findings, first.new_findings) == (1, 1)  # the first scan: everything is new
    operator.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    second = scanning.scan_release(operator, gateway, "3.0.0")
    assert (second.findings, second.new_findings) == (1, 0)
    operator.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    _import_records(
        operator,
        [
            _record("TEST-1", "regex", "1.5.5", "2025-01-01T00:00:00Z"),
            _record("TEST-2", "serde", "1.0.131", "2025-01-01T00:00:00Z"),
            _record("TEST-3", "tokio", "1.18.4", "2025-03-01T00:00:00Z"),
        ],
    )
    summary = scanning.release_summary(operator, gateway, "3.0.0")
    assert summary is not None
    assert (summary.open_findings, summary.new_findings) == (3, 2)  # not "3 findings (0 new)"
    assert summary.baseline_at == second.at
    operator.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    third = scanning.scan_release(operator, gateway, "3.0.0")
    assert (third.findings, third.new_findings) == (3, 2)  # against the previous scan
    operator.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    assert scanning.scan_release(operator, gateway, "3.0.0").new_findings == 0
