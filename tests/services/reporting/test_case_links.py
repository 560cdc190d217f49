"""Choosing what an Art. 14 case covers, changing it later, and the case history."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rempart.core.errors import Conflict, InvalidInput
from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft, ReleaseRef
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import case_links
from rempart.services.reporting import cases as reporting
from rempart.services.reporting.case_links import CaseSelection
from rempart.store.models import AuditEvent, Finding, Release, VulnerabilityReport

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def finding(slug: str, version: str, vulnerability: str, aliases=(), **extra) -> int:  # type: ignore[no-untyped-def]
    release = Release.objects.get(product__slug=slug, version=version)
    row = Finding.objects.create(
        release=release, vulnerability_id=vulnerability, aliases=list(aliases),
        severity=extra.pop("severity", "high"), component_bom_ref=f"pkg:{vulnerability}",
        component_name="libwebp", component_version="1.3.1", first_seen=NOW, last_seen=NOW,
        **extra,
    )  # fmt: skip
    return row.pk


@pytest.fixture
def fleet(organization, operator, typical_answers) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Two products; the router has releases in every state, with findings of one CVE."""
    for name in ("Router", "Camera"):
        products.create_product(
            operator, ProductDraft(name=name, scope_answers=typical_answers, support_months=60)
        )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2025, 1, 10)))
    products.add_release(operator, "router", ReleaseDraft("1.1", date(2026, 3, 1)))
    products.add_release(operator, "router", ReleaseDraft("0.9", date(2024, 6, 1), status="withdrawn"))  # fmt: skip
    products.add_release(operator, "router", ReleaseDraft("2.0", status="planned"))
    products.add_release(operator, "camera", ReleaseDraft("5.0", date(2026, 2, 1)))
    report = VulnerabilityReport.objects.create(
        reference="VR-2026-0001", product_id=Release.objects.get(version="5.0").product_id,
        summary="Heap overflow in the image decoder", details="…", channel="web",
        received_at=NOW, updated_at=NOW,
    )  # fmt: skip
    return {
        "r10": finding("router", "1.0", "CVE-2023-4863"),
        "r09": finding("router", "0.9", "GHSA-j7hp-h8jx-5ppr", aliases=["CVE-2023-4863"]),
        "r20": finding("router", "2.0", "CVE-2023-4863"),
        "r11_other": finding("router", "1.1", "CVE-2024-0001"),
        "c50": finding("camera", "5.0", "CVE-2023-4863", severity="critical"),
        "report": report.pk,
    }


def test_default_releases_and_findings_follow_the_vulnerability(fleet, operator) -> None:
    choices = case_links.link_choices(operator, ["router"], "CVE-2023-4863")
    by_version = {r.version: r for r in choices.releases}
    assert set(by_version) == {"1.0", "1.1", "0.9", "2.0"}
    # Placed on the market (released or withdrawn) with a matching open finding; never planned.
    assert {v for v, r in by_version.items() if r.suggested} == {"1.0", "0.9"}
    assert {v for v, r in by_version.items() if r.chosen} == {"1.0", "0.9"}
    assert by_version["0.9"].matching[0].vulnerability_id == "GHSA-j7hp-h8jx-5ppr"  # by alias
    assert not by_version["2.0"].placed_on_market
    assert {f.id for f, chosen in choices.findings if chosen} == {fleet["r10"], fleet["r09"]}
    assert [slug for slug, _, chosen in choices.products if chosen] == ["router"]
    assert [s for s, _, _ in choices.products] == ["camera", "router"]  # every product, by name

    # No vulnerability named: nothing is proposed.
    bare = case_links.link_choices(operator, ["router"])
    assert not any(r.suggested for r in bare.releases)
    assert bare.findings == []

    camera = case_links.link_choices(operator, ["camera"], "CVE-2023-4863")
    assert [r.reference for r, _ in camera.reports] == ["VR-2026-0001"]


def test_a_case_opened_by_hand_links_releases_findings_and_reports(fleet, operator) -> None:
    case = reporting.open_case(
        operator,
        CaseDraft(
            kind="vulnerability", title="libwebp heap overflow exploited",
            products=("router",), releases=(ReleaseRef("router", "1.0"),),
            vulnerability_id="CVE-2023-4863", findings=(fleet["r10"], fleet["c50"]),
            vulnerability_reports=("VR-2026-0001",),
        ),
    )  # fmt: skip
    # The camera comes with its finding and its report.
    assert case.products == (("camera", "Camera"), ("router", "Router"))
    assert [f.id for f in case.findings] == [fleet["c50"], fleet["r10"]]
    assert [r.reference for r in case.vulnerability_reports] == ["VR-2026-0001"]
    entries = case_links.history(operator, case)
    assert [e.action for e in entries] == ["opened"]
    assert entries[0].summary.startswith("Opened by hand. Products: camera, router.")
    assert "Vulnerability reports: VR-2026-0001." in entries[0].summary
    opened = AuditEvent.objects.get(action="case.open")
    assert opened.data["findings"] == [fleet["c50"], fleet["r10"]]

    with pytest.raises(InvalidInput) as unknown:
        reporting.open_case(
            operator,
            CaseDraft(kind="incident", title="x", products=("router",), findings=(999_999,),
                      vulnerability_reports=("VR-2026-0404",)),
        )  # fmt: skip
    assert {p.field for p in unknown.value.problems} == {"findings", "vulnerability_reports"}


def test_links_change_later_with_history_and_audit(fleet, operator) -> None:
    case = reporting.open_case(
        operator,
        CaseDraft(kind="vulnerability", title="Exploited", products=("router",),
                  releases=(ReleaseRef("router", "1.0"),), vulnerability_id="CVE-2023-4863"),
    )  # fmt: skip
    changed = case_links.change_links(
        operator,
        case.reference,
        CaseSelection(
            ("router", "camera"),
            (ReleaseRef("router", "0.9"), ReleaseRef("camera", "5.0")),
            (fleet["c50"],),
            ("VR-2026-0001",),
        ),
        note="The camera shares the decoder",
    )
    assert changed.releases == (("camera", "5.0"), ("router", "0.9"))
    entry = case_links.history(operator, changed)[-1]
    assert entry.action == "links-changed"
    assert entry.note == "The camera shares the decoder"
    assert entry.summary.startswith(
        "Products: added camera. Releases: added camera 5.0, router 0.9; removed router 1.0. "
        "Findings: added #"
    )
    assert entry.changes["releases"] == {
        "added": ["camera 5.0", "router 0.9"],
        "removed": ["router 1.0"],
    }
    event = AuditEvent.objects.get(action="case.links")
    assert event.data["changes"] == entry.changes

    # The same selection again changes nothing and records nothing.
    case_links.change_links(operator, case.reference, case_links.selection_of(changed))
    assert AuditEvent.objects.filter(action="case.links").count() == 1


def test_inconsistent_links_are_refused_and_nothing_changes(fleet, operator) -> None:
    case = reporting.open_case(
        operator, CaseDraft(kind="incident", title="Intrusion", products=("router",))
    )
    with pytest.raises(InvalidInput) as refused:
        case_links.change_links(
            operator,
            case.reference,
            CaseSelection(("router",), (ReleaseRef("camera", "5.0"),), (fleet["c50"],)),
        )
    assert {p.field for p in refused.value.problems} == {"releases", "findings"}
    with pytest.raises(InvalidInput, match="products"):
        case_links.change_links(operator, case.reference, CaseSelection(()))
    assert reporting.get_case(operator, case.reference).case.releases == ()
    assert [e.action for e in case_links.history(operator, case)] == ["opened"]

    reporting.dismiss_case(operator, case.reference, "Not exploited after all")
    with pytest.raises(Conflict):
        case_links.change_links(operator, case.reference, CaseSelection(("camera",)))


def test_every_action_on_a_case_is_in_its_history(fleet, operator) -> None:
    case = reporting.open_case(
        operator, CaseDraft(kind="vulnerability", title="RCE", products=("router",))
    )
    reporting.confirm_case(operator, case.reference, NOW)
    reporting.record_measure(operator, case.reference, NOW, "Release 1.2 fixes it")
    reporting.request_intermediate(operator, case.reference, NOW, None, "CSIRT asks")
    entries = case_links.history(operator, case)
    assert [e.action for e in entries] == ["opened", "confirmed", "measure", "csirt-request"]
    assert entries[1].changes == {"aware_at": NOW.isoformat()}
    assert entries[2].note == "Release 1.2 fixes it"
