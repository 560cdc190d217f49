"""KEV and EPSS imports update stored findings set-based, with the matcher's own rule.

No rescan follows such an import; a later full rescan must find nothing to change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds, scanning
from rempart.store.models import Finding, ReleaseSummary

GO = "advisories/osv/golang-vulndb-osv-2020-2025.tar.gz"
RUST = "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
KEV_OLD = "advisories/kev/known_exploited_vulnerabilities-2025.07.01.json"
KEV_NEW = "advisories/kev/known_exploited_vulnerabilities.json"
DEMO = Path(__file__).resolve().parents[3] / "src" / "rempart" / "demo_data" / "sboms"


def _facts() -> dict[tuple[int, str, str], tuple[object, ...]]:
    rows = Finding.objects.values_list(
        "release_id",
        "vulnerability_id",
        "component_bom_ref",
        "known_exploited",
        "kev_date_added",
        "kev_due_date",
        "epss",
        "epss_percentile",
        "status",
    )
    return {(r[0], r[1], r[2]): r[3:] for r in rows}


def test_kev_and_epss_imports_agree_with_a_rescan(
    organization, operator, typical_answers, shared_data: Path, tmp_path: Path
) -> None:
    for name, sbom in (
        ("Gateway", "gridlink-gateway-firmware-3.0.0.cdx.json"),
        ("Bridge", "proton-bridge-v1.8.0.bom.json"),
    ):
        slug = products.create_product(
            operator, ProductDraft(name=name, scope_answers=typical_answers, support_months=60)
        ).slug
        products.add_release(operator, slug, ReleaseDraft("1.0", date(2026, 1, 1)))
        sboms.import_sbom(operator, slug, "1.0", (DEMO / sbom).read_bytes(), label="app")
    feeds.import_file(operator, shared_data / RUST)
    feeds.import_file(operator, shared_data / GO)
    feeds.import_file(operator, shared_data / KEV_OLD)
    scanning.scan_all(operator)
    cves = sorted(
        {
            alias
            for aliases in Finding.objects.values_list("aliases", flat=True)
            for alias in aliases
            if alias.startswith("CVE-")
        }
    )
    assert len(cves) > 20
    epss = tmp_path / "epss.csv"
    lines = ["#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z", "cve,epss,percentile"]
    lines += [f"{cve},{(n % 97) / 100:.5f},{(n % 89) / 100:.5f}" for n, cve in enumerate(cves)]
    epss.write_text("\n".join(lines) + "\n")

    kev = feeds.import_file(operator, shared_data / KEV_NEW)
    scored = feeds.import_file(operator, epss)
    assert (kev.rescanned_releases, scored.rescanned_releases) == (0, 0)  # no matching
    enriched = _facts()
    assert any(facts[3] is not None for facts in enriched.values())  # EPSS scores arrived
    kev_open = sum(1 for f in enriched.values() if f[0] and f[-1] == "open")
    assert kev_open > 0
    assert sum(s.known_exploited for s in ReleaseSummary.objects.all()) == kev_open

    scanning.scan_all(operator)  # the matcher's rule gives the same facts
    assert _facts() == enriched
