"""The Annex I assessment in the workspace: entries, history, evidence files, automatic evidence."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from rempart.core.errors import FormatError, InvalidInput, NotFound, PermissionDenied
from rempart.core.evidence import EvidenceState
from rempart.core.register import ProductDraft
from rempart.services.assessment import actions as assessment_actions
from rempart.services.assessment import annex_i as assessments
from rempart.services.assessment import evidence as assessment_evidence
from rempart.services.assessment import gap_report
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds, scanning
from rempart.store.models import AuditEvent, EvidenceItem, RequirementChange, RequirementEntry

DEMO_SBOMS = Path(__file__).resolve().parents[3] / "src" / "rempart" / "demo_data" / "sboms"
GATEWAY_SBOM = DEMO_SBOMS / "gridlink-gateway-firmware-3.0.0.cdx.json"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def product(organization, operator, typical_answers, settings, tmp_path) -> str:  # type: ignore[no-untyped-def]
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
    return "gateway"


def _automatic(operator, slug: str, key: str):  # type: ignore[no-untyped-def]
    return next(a for a in assessments.automatic_evidence(operator, slug) if a.key == key)


def test_every_requirement_starts_not_started(product, operator) -> None:
    view = assessments.get_assessment(operator, product)
    assert len(view.requirements) == 22
    assert {r.status.value for r in view.requirements} == {"not-started"}
    assert view.readiness.percent == 0
    assert view.readiness.applicable == 22


def test_not_applicable_without_justification_is_refused_and_stores_nothing(
    product, operator
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        assessments.set_requirement(operator, product, "AI-P1-2c", {"applicable": False})
    assert refused.value.problems[0].field == "justification"
    assert refused.value.problems[0].citation == "ART13-4"
    assert RequirementEntry.objects.count() == 0
    assert AuditEvent.objects.count() == events
    entry = assessments.set_requirement(
        operator,
        product,
        "AI-P1-2c",
        {"applicable": False, "justification": "Sealed appliance, updates by exchange"},
    )
    assert not entry.applicable
    view = assessments.get_assessment(operator, product)
    assert view.readiness.not_applicable == 1
    assert view.readiness.applicable == 21


def test_changes_are_recorded_in_history_and_audit(product, operator, make_user) -> None:
    make_user("alice", "editor")
    assessments.set_requirement(operator, product, "AI-P2-1", {"status": "in-progress"})
    assessments.set_requirement(
        operator,
        product,
        "AI-P2-1",
        {
            "status": "met",
            "how_met": "CycloneDX from CI",
            "links": ("https://ci.example/sbom",),
            "owner": "alice",
            "reviewed_on": date(2026, 11, 20),
            "reviewer": "alice",
        },
    )
    history = assessments.history(operator, product, "AI-P2-1")
    assert len(history) == 2
    assert history[0].changes["status"] == ["in-progress", "met"]
    assert history[0].changes["owner"] == [None, "alice"]
    assert history[1].changes["status"] == ["not-started", "in-progress"]
    events = AuditEvent.objects.filter(action="assessment.update")
    assert [e.object_id for e in events] == ["gateway:AI-P2-1", "gateway:AI-P2-1"]
    view = assessments.get_requirement(operator, product, "AI-P2-1")
    assert view.entry is not None
    assert view.entry.reviewer == "alice"
    assert view.entry.links == ("https://ci.example/sbom",)


def test_viewers_may_not_write_and_unknown_requirements_are_not_found(
    product, operator, make_user
) -> None:
    make_user("vera", "viewer")
    viewer = ServiceContext(Actor.for_user("vera", "viewer", 2), operator.clock)
    with pytest.raises(PermissionDenied):
        assessments.set_requirement(viewer, product, "AI-P2-1", {"status": "met"})
    with pytest.raises(NotFound):
        assessments.set_requirement(operator, product, "AI-P3-1", {"status": "met"})
    with pytest.raises(InvalidInput):
        assessments.set_requirement(operator, product, "AI-P2-1", {"colour": "red"})


def test_evidence_file_is_stored_content_addressed(
    product, operator, settings, django_capture_on_commit_callbacks
) -> None:
    view = assessment_evidence.add_file(operator, product, "AI-P2-1", PDF, "../../sbom report.pdf")
    sha = hashlib.sha256(PDF).hexdigest()
    assert (view.sha256, view.size, view.media_type) == (sha, len(PDF), "application/pdf")
    assert view.file_name == "sbom report.pdf"
    stored = operator.settings.require_data_dir() / "evidence" / sha[:2] / sha
    assert stored.read_bytes() == PDF
    _, data = assessment_evidence.download(operator, view.id)
    assert data == PDF
    assert RequirementChange.objects.filter(summary__startswith="evidence added").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assessment_evidence.remove(operator, view.id)
    assert not stored.exists()
    assert EvidenceItem.objects.count() == 0


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_evidence_over_the_limit_or_of_a_refused_type_stores_nothing(
    product, operator, settings
) -> None:
    root = operator.settings.require_data_dir()
    events = AuditEvent.objects.count()
    assessment_evidence.update_settings(operator, 2048, 14, 30)
    with pytest.raises(FormatError, match="limit is 2,048 bytes"):
        assessment_evidence.add_file(operator, product, "AI-P2-1", PDF + b" " * 3000, "big.pdf")
    for data, name in (
        (b"<html><script>alert(1)</script></html>", "report.pdf"),
        (b"MZ\x90\x00", "tool.exe"),
        (b"#!/bin/sh\nrm -rf /\n", "install.sh"),
    ):
        with pytest.raises(FormatError):
            assessment_evidence.add_file(operator, product, "AI-P2-1", data, name)
    assert EvidenceItem.objects.count() == 0
    assert RequirementEntry.objects.count() == 0
    assert _files(root) == []
    assert AuditEvent.objects.count() == events + 1  # only the settings change


def test_url_and_record_evidence(product, operator) -> None:
    with pytest.raises(InvalidInput):
        assessment_evidence.add_url(operator, product, "AI-P2-5", "javascript:alert(1)")
    with pytest.raises(InvalidInput):
        assessment_evidence.add_record(operator, product, "AI-P2-5", "../../etc/passwd")
    assessment_evidence.add_url(operator, product, "AI-P2-5", "https://example.com/cvd", "Policy")
    assessment_evidence.add_record(operator, product, "AI-P2-5", "risk:R-7")
    kinds = [e.kind for e in assessments.get_requirement(operator, product, "AI-P2-5").evidence]
    assert kinds == ["url", "record"]


def test_sbom_evidence_appears_with_the_sbom_and_goes_with_it(product, operator) -> None:
    before = _automatic(operator, product, "sbom.current-release")
    assert before.state is EvidenceState.MISSING
    stored = sboms.import_sbom(operator, product, "3.0.0", GATEWAY_SBOM.read_bytes(), label="fw")
    present = _automatic(operator, product, "sbom.current-release")
    assert present.state is EvidenceState.PRESENT
    assert present.requirement_ids == ("AI-P2-1",)
    assert "3.0.0" in present.detail
    row = assessments.get_requirement(operator, product, "AI-P2-1")
    # Other capabilities (self-assessment answers) may add their own evidence for AI-P2-1.
    assert "sbom.current-release" in [a.key for a in row.automatic]
    assert row.status.value == "not-started"  # never marked met automatically
    sboms.remove_sbom(operator, stored.id)
    assert _automatic(operator, product, "sbom.current-release").state is EvidenceState.MISSING


def test_overdue_kev_findings_need_attention(product, operator, shared_data: Path) -> None:
    assert _automatic(operator, product, "findings.overdue").state is EvidenceState.MISSING
    sboms.import_sbom(operator, product, "3.0.0", GATEWAY_SBOM.read_bytes(), label="fw")
    feeds.import_file(
        operator, shared_data / "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
    )
    feeds.import_file(operator, shared_data / "advisories/kev/known_exploited_vulnerabilities.json")
    scanning.run_requested_scans(operator, "test")  # the SBOM import's scan, as a worker runs it
    within = _automatic(operator, product, "findings.overdue")
    # The shared snapshot's own date is months old: the scan could not assess everything, so
    # this is never "present" (issue 11 item 3), but nothing is past its due date yet.
    assert within.state is EvidenceState.ATTENTION, within.detail
    assert "could not assess" in within.detail
    assert "past their due date" not in within.detail
    operator.clock.advance(timedelta(days=15))  # type: ignore[attr-defined]
    late = _automatic(operator, product, "findings.overdue")
    assert late.state is EvidenceState.ATTENTION
    assert "past their due date" in late.detail


def test_support_secure_defaults_and_advisories(product, operator) -> None:
    support = _automatic(operator, product, "support.period")
    assert support.state is EvidenceState.PRESENT
    assert "ART13-8" in support.title
    assert _automatic(operator, product, "secure-defaults.recorded").state is EvidenceState.MISSING
    assessment_actions.add_secure_default(operator, product, "Telnet", "disabled", "attack surface")
    assert _automatic(operator, product, "secure-defaults.recorded").state is EvidenceState.PRESENT
    advisories = _automatic(operator, product, "advisories.fixed")
    assert advisories.state is EvidenceState.MISSING
    assert (
        "no published advisory" in advisories.detail
    )  # evidence comes from published CSAF advisories


def test_gap_report_readiness_and_actions(product, operator, make_user) -> None:
    make_user("bob", "editor")
    for requirement_id in ("AI-P1-1", "AI-P2-1"):
        assessments.set_requirement(operator, product, requirement_id, {"status": "met"})
    assessments.set_requirement(operator, product, "AI-P2-2", {"status": "not-met"})
    assessments.set_requirement(
        operator, product, "AI-P1-2m", {"applicable": False, "justification": "no data kept"}
    )
    assessment_actions.save_action(
        operator,
        product,
        assessment_actions.ActionDraft("Patch policy", "AI-P2-2", "bob", date(2026, 11, 1)),
    )
    report = gap_report.gap_report(operator, product)
    assert report["schema"] == "rempart.gap-report/1"
    assert report["readiness"]["percent"] == 9  # 2 met ÷ 21 applicable
    assert report["readiness"]["explanation"] == "2 met ÷ 21 applicable = 9 %"
    assert "AI-P2-2" in report["gaps"]
    assert "AI-P1-1" not in report["gaps"]
    assert "AI-P1-2m" not in report["gaps"]
    assert report["open_actions"][0]["overdue"] is True
    assert [d["id"] for d in report["deadlines"]] == ["DATE-ART14", "DATE-FULL"]
    folio = gap_report.portfolio(operator)
    assert folio["products"][0]["readiness"]["percent"] == 9
    assert folio["products"][0]["open_actions"] == 1


def test_pdf_export_renders(product, operator, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    data, media_type, name = gap_report.export(operator, product, "pdf")
    assert media_type == "application/pdf"
    assert name == "gateway-annex-i-gap-report.pdf"
    document = pdfium.PdfDocument(data)
    assert len(document) >= 1
    image = document[0].render(scale=1).to_pil()
    assert image.width > 500
    # Not a blank page: the rendered text makes dark pixels.
    assert image.convert("L").getextrema()[0] < 100
    text = document[0].get_textpage().get_text_range()
    assert "Annex I gap report" in text


def test_open_actions_with_a_due_date_are_deadlines(product, operator) -> None:
    from rempart.services.notifications import deadlines as deadline_registry

    assessment_actions.save_action(
        operator,
        product,
        assessment_actions.ActionDraft("Publish CVD policy", "AI-P2-5", None, date(2026, 12, 1)),
    )
    assessment_actions.save_action(operator, product, assessment_actions.ActionDraft("No date"))
    found = [d for d in deadline_registry.collect(operator) if d.key.startswith("assessment-")]
    assert [(d.title, d.citation, d.due_at.isoformat()) for d in found] == [
        ("Publish CVD policy (gateway, AI-P2-5)", "AI-P2-5", "2026-12-01T00:00:00+00:00")
    ]


def test_shared_content_is_kept_until_its_last_item_goes(
    product, operator, settings, django_capture_on_commit_callbacks
) -> None:
    first = assessment_evidence.add_file(operator, product, "AI-P2-1", PDF, "a.pdf")
    second = assessment_evidence.add_file(operator, product, "AI-P2-3", PDF, "b.pdf")
    stored = operator.settings.require_data_dir() / "evidence" / first.sha256[:2] / first.sha256
    with django_capture_on_commit_callbacks(execute=True):
        assessment_evidence.remove(operator, first.id)
    assert stored.read_bytes() == PDF
    assert assessment_evidence.download(operator, second.id)[1] == PDF
    with django_capture_on_commit_callbacks(execute=True):
        assessment_evidence.remove(operator, second.id)
    assert not stored.exists()
    with pytest.raises(NotFound):
        assessment_evidence.download(operator, second.id)


def test_a_file_changed_on_disk_is_never_served(product, operator, settings) -> None:
    view = assessment_evidence.add_file(operator, product, "AI-P2-1", PDF, "a.pdf")
    stored = operator.settings.require_data_dir() / "evidence" / view.sha256[:2] / view.sha256
    stored.write_bytes(PDF + b"% tampered\n")
    with pytest.raises(NotFound, match="no longer matches its SHA-256"):
        assessment_evidence.download(operator, view.id)


def test_fixed_vulnerabilities_without_advisory_need_attention(product, operator) -> None:
    from rempart.store.models import Finding, Release

    release = Release.objects.get(product__slug=product, version="3.0.0")
    now = operator.clock.now()
    Finding.objects.create(
        release=release,
        vulnerability_id="GHSA-test-0001",
        severity="high",
        component_bom_ref="pkg:cargo/demo@1.0",
        component_name="demo",
        status="resolved",
        first_seen=now,
        last_seen=now,
        resolved_at=now,
    )
    found = _automatic(operator, product, "advisories.fixed")
    assert found.state is EvidenceState.ATTENTION
    assert "GHSA-test-0001" in found.detail
    assert found.requirement_ids == ("AI-P2-4",)


def test_evidence_of_other_helpers_is_placed_by_requirement_id(
    product, operator, monkeypatch
) -> None:
    from rempart.core.evidence import AutoEvidence
    from rempart.services.assessment import providers as evidence_registry

    def cvd(ctx, product_id):  # type: ignore[no-untyped-def]
        return [
            AutoEvidence("cvd.policy", ("AI-P2-5",), "CVD policy", EvidenceState.PRESENT, "ok"),
            AutoEvidence("cvd.contact", ("AII-2",), "Contact", EvidenceState.MISSING, "none"),
        ]

    monkeypatch.setitem(evidence_registry.PROVIDERS, "test.cvd", cvd)
    view = assessments.get_assessment(operator, product)
    placed = next(r for r in view.requirements if r.requirement.id == "AI-P2-5")
    # The shipped providers (disclosure, risk) add their own items next to these.
    assert "cvd.policy" in [a.key for a in placed.automatic]
    assert "cvd.contact" in [a.key for a in view.other_evidence]
    assert "cvd.contact" not in [a.key for a in placed.automatic]
    report = gap_report.gap_report(operator, product)
    assert "cvd.contact" in [a["key"] for a in report["other_evidence"]]


def test_justification_may_only_name_risks_the_product_holds(product, operator) -> None:
    from rempart.core.risk.assessment import RiskDraft
    from rempart.services.risk import assessment as risk

    na = {"applicable": False, "justification": "No wireless interface, see R-1"}
    with pytest.raises(InvalidInput) as refused:
        assessments.set_requirement(operator, product, "AI-P1-2c", na)
    assert "R-1" in refused.value.problems[0].message
    assert refused.value.problems[0].citation == "ART13-4"
    assert RequirementEntry.objects.count() == 0

    risk.start_assessment(operator, product, "3.0.0")
    risk.add_risk(
        operator,
        product,
        "3.0.0",
        RiskDraft(
            title="Radio jamming",
            likelihood="likely",
            impact="major",
            treatment="avoid",
            treatment_description="The product ships without any radio.",
            requirement_ids=("AI-P1-2c",),
            next_review=date(2027, 1, 1),
        ),
    )
    entry = assessments.set_requirement(operator, product, "AI-P1-2c", na)
    assert not entry.applicable
