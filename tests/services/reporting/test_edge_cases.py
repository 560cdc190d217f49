"""Art. 14 edge cases in the workspace: KEV proposals past the end of support, awareness before
Art. 14 applied, a measure before awareness (issue 11 item 7)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.test import Client

from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.services.reporting import proposals, reports
from rempart.services.reporting.views import case_dict
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import feeds
from rempart.store.models import Release

RUST = "advisories/osv/rustsec-advisory-db-osv-2016-2025.tar.gz"
KEV = "advisories/kev/known_exploited_vulnerabilities.json"
FIRMWARE = (
    Path(__file__).resolve().parents[3]
    / "src/rempart/demo_data/sboms/gridlink-gateway-firmware-3.0.0.cdx.json"
)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_kev_proposals_include_releases_past_their_support(
    organization, operator, typical_answers, shared_data: Path
) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Gateway", scope_answers=typical_answers, support_months=60,
            support_justification="Expected use time of comparable gateways.",
        ),
    )  # fmt: skip
    products.add_release(operator, "gateway", ReleaseDraft("1.0.0", date(2020, 1, 15)))
    products.add_release(operator, "gateway", ReleaseDraft("3.0.0", date(2026, 2, 1)))
    assert Release.objects.get(version="1.0.0").end_of_support < NOW.date()  # ended Jan 2025
    for version in ("1.0.0", "3.0.0"):
        sboms.import_sbom(operator, "gateway", version, FIRMWARE.read_bytes(), label="fw")
    feeds.import_file(operator, shared_data / RUST)
    feeds.import_file(operator, shared_data / KEV)

    (reference,) = proposals.propose_from_findings(operator).created
    state = reporting.get_case(operator, reference)
    assert state.case.releases == (("gateway", "1.0.0"), ("gateway", "3.0.0"))
    shown = case_dict(operator, state)
    ended = [r for r in shown["releases"] if r["support_ended"]]
    assert [(r["version"], r["end_of_support"]) for r in ended] == [("1.0.0", "2025-01-15")]
    (note,) = [n for n in shown["notes"] if n["id"] == "support-ended"]
    assert note["detail"] == "Gateway 1.0.0 (support ended 2025-01-15)"
    assert note["citation"] == "ART14-1"


def test_awareness_before_art14_is_accepted_and_warned(
    organization, operator, typical_answers, make_user
) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router", scope_answers=typical_answers, support_months=60,
            support_justification="Expected use time of comparable routers.",
        ),
    )  # fmt: skip
    case = reporting.open_case(
        operator, CaseDraft(kind="vulnerability", title="Old exploit", products=("router",))
    )
    make_user("erin", "editor")
    browser = Client()
    assert browser.login(username="erin", password="correct horse battery staple")
    answer = browser.post(
        f"/cases/{case.reference}/confirm/",
        {"aware_at": "2026-08-01T10:00Z", "reason": "Known since the summer"},
        follow=True,
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "before 11 September 2026, when Art. 14 started to apply" in page  # the flash...
    assert 'class="warning note-awareness-before-art14"' in page  # ...and the case itself
    shown = case_dict(operator, reporting.get_case(operator, case.reference))
    assert shown["aware_at"] == "2026-08-01T10:00:00Z"
    assert [n["id"] for n in shown["notes"]] == ["awareness-before-art14"]


def test_a_measure_before_awareness_is_shown_with_its_rule(
    organization, operator, typical_answers
) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router", scope_answers=typical_answers, support_months=60,
            support_justification="Expected use time of comparable routers.",
        ),
    )  # fmt: skip
    aware = NOW - timedelta(hours=2)
    case = reporting.open_case(
        operator,
        CaseDraft(kind="vulnerability", title="KEV entry", products=("router",), aware_at=aware,
                  aware_reason="KEV", detected_at=aware),
    )  # fmt: skip
    reporting.record_measure(operator, case.reference, NOW - timedelta(days=60), "Release 2.0")
    state = reporting.get_case(operator, case.reference)
    final = next(c for c in state.clocks if c.key == "final-report")
    assert final.due_at == aware + timedelta(days=14)  # not 46 days overdue from the start
    shown = case_dict(operator, state)
    final_dict = next(s for s in shown["stages"] if s["key"] == "final-report")
    assert final_dict["anchor_rule"] == "measure-before-awareness"
    assert final_dict["state"] == "due"
    document = reports.stage_form(operator, case.reference, "final-report")
    exported = reports.export_stage(operator, case.reference, "final-report", "json").content
    assert b"measure-before-awareness" in exported
    assert document.clock.anchor_rule == "measure-before-awareness"
