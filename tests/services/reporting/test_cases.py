"""Art. 14 cases in the workspace: KEV proposals, confirmation, reports, exports, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from rempart.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft, ReleaseRef
from rempart.core.reporting.clocks import StageState
from rempart.services.context import Actor, ServiceContext
from rempart.services.notifications import deadlines as deadline_registry
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.services.reporting import proposals, reports
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds, scanning
from rempart.store.models import AuditEvent, CaseStage, CsirtRequest, ReportingCase

RUST = "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
KEV = "advisories/kev/known_exploited_vulnerabilities.json"
ROOT = Path(__file__).resolve().parents[3]
DEMO_SBOMS = ROOT / "src" / "rempart" / "demo_data" / "sboms"
FIRMWARE = DEMO_SBOMS / "gridlink-gateway-firmware-3.0.0.cdx.json"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the operator fixture's clock


def schema(name: str) -> dict[str, object]:
    return json.loads((ROOT / "docs" / "reporting" / name).read_text())  # type: ignore[no-any-return]


def validate(document: object, name: str) -> None:
    jsonschema.validate(document, schema(name), format_checker=jsonschema.FormatChecker())


@pytest.fixture
def router(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0.0", date(2026, 1, 10)))
    return "router"


def manual(**overrides: object) -> CaseDraft:
    values: dict[str, object] = {
        "kind": "incident",
        "title": "Signing key used by an intruder",
        "products": ("router",),
        "member_states": ("DE", "fr"),
    }
    values.update(overrides)
    return CaseDraft(**values)  # type: ignore[arg-type]


def counts() -> tuple[int, int, int, int]:
    return (
        ReportingCase.objects.count(),
        CaseStage.objects.count(),
        CsirtRequest.objects.count(),
        AuditEvent.objects.count(),
    )


def test_kev_listed_vulnerability_in_a_released_sbom_proposes_a_case(
    organization, operator, typical_answers, shared_data: Path
) -> None:
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
    products.add_release(operator, "gateway", ReleaseDraft("3.1.0", status="planned"))
    sboms.import_sbom(operator, "gateway", "3.0.0", FIRMWARE.read_bytes(), label="firmware")
    sboms.import_sbom(operator, "gateway", "3.1.0", FIRMWARE.read_bytes(), label="firmware")
    feeds.import_file(operator, shared_data / RUST)
    feeds.import_file(operator, shared_data / KEV)
    scanning.scan_release(operator, "gateway", "3.1.0")

    outcome = proposals.propose_from_findings(operator)
    assert outcome.created == ("CASE-2026-0001",)
    state = reporting.get_case(operator, "CASE-2026-0001")
    case = state.case
    assert case.status == "proposed"
    assert case.vulnerability_id == "CVE-2023-4863"
    assert case.releases == (("gateway", "3.0.0"),)  # the planned release is not on the market
    assert case.known_exploited == "Listed in CISA KEV since 2023-09-13"
    assert "0.9.3" in case.fixed_versions
    assert case.detected_at == NOW
    assert all(c.state is StageState.NOT_STARTED for c in state.clocks)

    # Idempotent: nothing new; once 3.1.0 is released, it is linked to the same case.
    assert proposals.propose_from_findings(operator) == proposals.ProposalOutcome((), ())
    products.update_release(operator, "gateway", "3.1.0", ReleaseDraft("3.1.0", date(2026, 11, 20)))
    again = proposals.propose_from_findings(operator)
    assert again == proposals.ProposalOutcome((), ("CASE-2026-0001",))
    assert ReportingCase.objects.count() == 1
    assert reporting.get_case(operator, "CASE-2026-0001").case.releases == (
        ("gateway", "3.0.0"),
        ("gateway", "3.1.0"),
    )

    aware = NOW - timedelta(minutes=30)
    with pytest.raises(InvalidInput) as before_detection:
        reporting.confirm_case(operator, "CASE-2026-0001", aware)
    assert before_detection.value.problems[0].field == "aware_reason"
    reporting.confirm_case(operator, "CASE-2026-0001", aware, "PSIRT read the KEV entry first")
    clocks = {c.key: c for c in reporting.get_case(operator, "CASE-2026-0001").clocks}
    assert clocks["early-warning"].due_at == aware + timedelta(hours=24)
    assert clocks["notification"].due_at == aware + timedelta(hours=72)
    assert clocks["final-report"].state is StageState.NOT_STARTED
    actions = list(AuditEvent.objects.filter(object_type="case").values_list("action", flat=True))
    assert actions == ["case.propose", "case.extend", "case.confirm"]


def test_bad_input_is_refused_and_nothing_is_stored(router, operator) -> None:
    before = counts()
    with pytest.raises(InvalidInput, match="no product with slug 'nope'"):
        reporting.open_case(operator, manual(products=("nope",)))
    with pytest.raises(InvalidInput, match="no release"):
        reporting.open_case(operator, manual(releases=(ReleaseRef("router", "9.9"),)))
    with pytest.raises(InvalidInput) as malformed:
        reporting.open_case(operator, manual(kind="rumour", title=" ", member_states=("XX",)))
    assert {p.field for p in malformed.value.problems} == {"kind", "title", "member_states"}
    with pytest.raises(InvalidInput) as future:
        reporting.open_case(operator, manual(aware_at=NOW + timedelta(hours=1)))
    assert future.value.problems[0].citation == "ART14-4a"
    assert counts() == before

    case = reporting.open_case(operator, manual(kind="vulnerability", title="Exploited RCE"))
    before = counts()
    with pytest.raises(InvalidInput, match="future"):
        reporting.confirm_case(operator, case.reference, NOW + timedelta(minutes=1))
    with pytest.raises(InvalidInput, match="time zone"):
        reporting.confirm_case(operator, case.reference, datetime(2026, 11, 23, 8))  # noqa: DTZ001
    with pytest.raises(Conflict, match="confirm the awareness time"):
        reports.submit_stage(operator, case.reference, "early-warning", {}, NOW, "SRP-1")
    assert counts() == before

    reporting.confirm_case(operator, case.reference, NOW)
    before = counts()
    with pytest.raises(Conflict, match="corrective or mitigating measure") as early:
        reports.submit_stage(
            operator,
            case.reference,
            "final-report",
            {"RPT-AEV-FR-DESC": "x", "RPT-AEV-FR-FIX": "y"},
            NOW,
            "SRP-9",
        )
    assert early.value.problems[0].citation == "ART14-2c"
    with pytest.raises(InvalidInput) as missing:
        reports.submit_stage(
            operator,
            case.reference,
            "early-warning",
            {"RPT-AEV-EW-MS": ["DE"], "bogus": 1},
            NOW,
            "",
        )
    assert {p.field for p in missing.value.problems} == {"platform_reference"}
    with pytest.raises(InvalidInput) as unknown:
        reports.submit_stage(
            operator,
            case.reference,
            "early-warning",
            {"RPT-AEV-EW-MS": "DE", "bogus": 1},
            NOW,
            "SRP-1",
        )
    assert {p.field for p in unknown.value.problems} == {"bogus", "RPT-AEV-EW-MS"}
    with pytest.raises(InvalidInput, match="future"):
        reporting.record_measure(operator, case.reference, NOW + timedelta(days=1), "3.0.1")
    with pytest.raises(NotFound):
        reports.stage_form(operator, case.reference, "sixth-report")
    with pytest.raises(NotFound):
        reporting.get_case(operator, "CASE-2026-0999")
    with pytest.raises(InvalidInput):
        reporting.get_case(operator, "../etc/passwd")
    assert counts() == before


def test_reports_are_submitted_frozen_and_exported(router, operator, tmp_path: Path) -> None:
    reports.save_reporting_settings(
        operator,
        {
            "csirt_name": "Coordinator CSIRT (entered by the user)",
            "csirt_endpoint": "https://srp.invalid/endpoint",
            "main_establishment_basis": "main_establishment_decisions",
            "main_establishment_country": "de",
        },
    )
    route = reports.route(operator)
    assert (route.member_state, route.basis, route.problems) == (
        "DE",
        "main_establishment_decisions",
        (),
    )
    case = reporting.open_case(
        operator,
        manual(
            kind="vulnerability",
            title="Exploited RCE",
            vulnerability_id="CVE-2026-0001",
            aware_at=NOW - timedelta(hours=2),
            aware_reason="A customer phoned the PSIRT",
        ),
    )
    assert case.status == "open"
    form = reports.stage_form(operator, case.reference, "early-warning")
    assert [f.key for f in form.fields] == ["RPT-AEV-EW-MS"]
    assert form.values == {"RPT-AEV-EW-MS": ["DE", "FR"]}
    reports.submit_stage(
        operator,
        case.reference,
        "early-warning",
        form.values,
        NOW - timedelta(hours=1),
        "SRP-2026-77",
    )
    with pytest.raises(Conflict, match="frozen"):
        reports.submit_stage(
            operator, case.reference, "early-warning", form.values, NOW, "SRP-2026-78"
        )
    with pytest.raises(Conflict, match="frozen"):
        reports.save_draft(operator, case.reference, "early-warning", {})
    exported = reports.export_stage(operator, case.reference, "early-warning", "json")
    document = json.loads(exported.content)
    validate(document, "stage-report.schema.json")
    assert document["stage"]["submitted_at"] == "2026-11-23T08:00:00Z"
    assert document["recipient"]["member_state"] == "DE"
    # One label per legal reference: the rule and the paragraph it restates share it.
    assert document["stage"]["citations"] == ["Art. 14(2)(a) [ART14-2a, RPT-AEV-EW]"]

    draft = reports.save_draft(
        operator, case.reference, "notification", {"RPT-AEV-VN-NATURE": "Heap overflow"}
    )
    assert draft.values["RPT-AEV-VN-NATURE"] == "Heap overflow"
    validate(
        json.loads(reports.export_stage(operator, case.reference, "notification", "json").content),
        "stage-report.schema.json",
    )
    reporting.record_measure(
        operator, case.reference, NOW - timedelta(minutes=5), "Release 1.0.1 fixes it"
    )
    final = reports.stage_form(operator, case.reference, "final-report")
    assert final.clock.due_at == NOW - timedelta(minutes=5) + timedelta(days=14)
    assert final.values["RPT-AEV-FR-FIX"] == "Release 1.0.1 fixes it"

    notice = json.loads(
        reports.export_stage(operator, case.reference, "user-notice", "json").content
    )
    validate(notice, "user-notice.schema.json")
    assert notice["publisher"] == {"name": "Test Manufacturer SE", "contact": "psirt@test.example"}
    html = reports.export_stage(operator, case.reference, "early-warning", "html").content.decode()
    assert "Early warning notification: CASE-2026-0001" in html
    assert "<script" not in html

    pdf = reports.export_stage(operator, case.reference, "early-warning", "pdf").content
    assert pdf.startswith(b"%PDF")
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil()
    assert image.size[0] > 500
    # Something is printed on the first page: not every pixel is white.
    assert image.convert("L").getextrema()[0] < 128


def test_incident_final_report_runs_from_the_notification(router, operator) -> None:
    case = reporting.open_case(
        operator, manual(aware_at=NOW - timedelta(days=1), detected_at=NOW - timedelta(days=1))
    )
    values = reports.stage_form(operator, case.reference, "notification").values
    reports.submit_stage(
        operator, case.reference, "notification", values, NOW - timedelta(hours=3), "SRP-5"
    )
    final = {c.key: c for c in reporting.get_case(operator, case.reference).clocks}["final-report"]
    assert final.anchor_at == NOW - timedelta(hours=3)
    assert final.due_at == datetime(2026, 12, 23, 6, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput) as incomplete:
        reports.submit_stage(operator, case.reference, "final-report", {}, NOW, "SRP-6")
    assert {p.field for p in incomplete.value.problems} == {
        "RPT-SI-FR-DESC",
        "RPT-SI-FR-CAUSE",
        "RPT-SI-FR-MITIGATION",
    }
    with pytest.raises(InvalidInput, match="not a submitted report"):
        reports.submit_stage(operator, case.reference, "final-report", {}, NOW, "", "early-warning")
    with pytest.raises(InvalidInput) as not_allowed:
        reports.submit_stage(operator, case.reference, "early-warning", {}, NOW, "", "notification")
    assert not_allowed.value.problems[0].field == "already_provided_in"
    number = reporting.request_intermediate(
        operator, case.reference, NOW, NOW + timedelta(days=2), "CSIRT call"
    )
    assert number == 1
    keys = [c.key for c in reporting.get_case(operator, case.reference).clocks]
    assert "intermediate-report-1" in keys
    deadlines = {d.key: d for d in deadline_registry.collect(operator)}
    assert deadlines[f"case:{case.reference}:intermediate-report-1"].citation == "ART14-6"
    assert deadlines[f"case:{case.reference}:final-report"].due_at == final.due_at
    assert f"case:{case.reference}:notification" not in deadlines  # submitted
    # "unless the relevant information has already been provided" (Art. 14(4)(c))
    reports.submit_stage(operator, case.reference, "final-report", {}, NOW, "", "notification")
    closed = reporting.get_case(operator, case.reference)
    final_stage = {c.key: c for c in closed.clocks}["final-report"]
    assert final_stage.state is StageState.SUBMITTED
    snapshot = closed.case.stages["final-report"].snapshot or {}
    assert snapshot["already_provided_in"] == "notification"
    assert closed.case.stages["final-report"].platform_reference == "SRP-5"
    validate(snapshot, "stage-report.schema.json")


def test_dismiss_needs_a_reason_and_roles_are_enforced(router, operator, make_user) -> None:
    case = reporting.open_case(operator, manual(kind="vulnerability", title="Maybe exploited"))
    with pytest.raises(InvalidInput, match="reason"):
        reporting.dismiss_case(operator, case.reference, "  ")
    viewer = ServiceContext(Actor("user:vera", "viewer", None), operator.clock)
    with pytest.raises(PermissionDenied):
        reporting.confirm_case(viewer, case.reference, NOW)
    with pytest.raises(PermissionDenied):
        reports.save_reporting_settings(viewer, {"csirt_name": "x"})
    assert reporting.list_cases(viewer)[0].case.reference == case.reference
    dismissed = reporting.dismiss_case(
        operator, case.reference, "Found by our own fuzzing; no exploitation"
    )
    assert dismissed.status == "dismissed"
    assert reporting.list_cases(operator) == []
    with pytest.raises(Conflict):
        reporting.confirm_case(operator, case.reference, NOW)
