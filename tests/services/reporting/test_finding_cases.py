"""From a finding to an Art. 14 case in one step; SSVC "Exploitation: active" proposes cases."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.errors import Conflict
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases, finding_cases, proposals
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import scanning, workbench
from rempart.services.vulnerabilities.workbench import FindingQuery
from rempart.store.models import ReportingCase, VulnerabilityEnrichment
from tests.conftest import DEMO


def _webp(ctx) -> int:  # type: ignore[no-untyped-def]
    return workbench.find(ctx, FindingQuery(product_slug="gateway", component="libwebp")).rows[0].id


def test_case_from_a_finding_is_prefilled(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    products.add_release(operator, "gateway", ReleaseDraft("3.1.0", date(2026, 6, 1)))
    data = (DEMO / "sboms" / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes()
    sboms.import_sbom(operator, "gateway", "3.1.0", data, label="firmware")
    scanning.scan_release(operator, "gateway", "3.1.0")
    finding = _webp(operator)
    case, created = finding_cases.open_case_from_finding(operator, finding)
    assert created
    assert case.status == "proposed"
    assert case.vulnerability_id == "CVE-2023-4863"
    assert "RUSTSEC-2023-0061" in case.aliases
    assert case.products == (("gateway", "Gateway"),)
    assert case.releases == (("gateway", "3.0.0"), ("gateway", "3.1.0"))
    assert finding in [f.id for f in case.findings]
    assert len(case.findings) == 2
    assert case.source == "finding"
    assert case.known_exploited.startswith("Listed in CISA KEV")
    again, created_again = finding_cases.open_case_from_finding(operator, finding)
    assert (again.reference, created_again) == (case.reference, False)
    assert [c.reference for c in finding_cases.cases_for_finding(operator, finding)] == [
        case.reference
    ]


def test_links_change_with_history(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    case, _ = finding_cases.open_case_from_finding(operator, _webp(operator))
    after = finding_cases.change_links(
        operator,
        case.reference,
        remove_releases=[("gateway", "3.0.0")],
        remove_findings=[f.id for f in case.findings],
    )
    assert after.releases == ()
    assert after.findings == ()
    # One way to change links: the change is in the case's history like a person's edit.
    from rempart.services.reporting import case_links

    assert "links-changed" in [e.action for e in case_links.history(operator, after)]
    cases.dismiss_case(operator, case.reference, "Not on the market in the Union")
    with pytest.raises(Conflict):
        finding_cases.change_links(operator, case.reference, add_releases=[("gateway", "3.0.0")])


def test_ssvc_active_proposes_a_case(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    docker = workbench.find(
        operator, FindingQuery(product_slug="gateway", vulnerability="GO-2024-3005")
    ).rows[0]
    VulnerabilityEnrichment.objects.filter(vulnerability_id=docker.vulnerability_id).update(
        exploitation="active", exploitation_source="CVE-2024-41110"
    )
    outcome = proposals.propose_from_findings(operator)
    ssvc = ReportingCase.objects.get(source="ssvc-finding")
    assert ssvc.reference in outcome.created
    assert ssvc.vulnerability_id == "CVE-2024-41110"
    assert "SSVC" in ssvc.known_exploited
    kev = ReportingCase.objects.get(source="kev-finding")
    assert kev.findings.filter(pk=_webp(operator)).exists()
    assert proposals.propose_from_findings(operator).created == ()
