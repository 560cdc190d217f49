"""A vulnerability report becomes an Art. 14 case only through a person, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rempart.core.clock import FixedClock
from rempart.core.disclosure import form_token
from rempart.core.disclosure.reports import Submission
from rempart.core.errors import Conflict, NotFound, PermissionDenied
from rempart.core.register import ProductDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.disclosure import vulnerability_reports
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.services.reporting import report_cases
from rempart.store.models import AuditEvent, Finding, Release, ReportingCase

SECRET = b"report-case-secret"
RECEIVED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def report(organization, operator, typical_answers):  # type: ignore[no-untyped-def]
    made = products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, made.slug, ReleaseDraft("1.8.2", date(2026, 1, 5)))
    disclosure.save_settings(
        operator,
        {"contacts": ["mailto:psirt@test.example"], "public_base_url": "https://psirt.example"},
    )
    public = ServiceContext(Actor("public:anonymous", "public"), FixedClock(RECEIVED))
    return vulnerability_reports.submit_report(
        public,
        Submission("nimbus-router", "Auth bypass in login", "Send X to /login", "1.8.2", ""),
        token=form_token.issue(SECRET, "n1", RECEIVED - timedelta(seconds=30)),
        secret=SECRET,
        client="10.0.0.1",
        channel="web",
        honeypot="",
    ).reference


def _ctx(operator: ServiceContext, now: datetime) -> ServiceContext:
    return ServiceContext(operator.actor, FixedClock(now), operator.catalog)


def test_case_is_proposed_from_the_report_with_its_findings(report, operator) -> None:  # type: ignore[no-untyped-def]
    release = Release.objects.get(product__slug="nimbus-router")
    finding = Finding.objects.create(
        release=release,
        vulnerability_id="CVE-2026-1111",
        severity="critical",
        component_bom_ref="c",
        component_name="openssl",
        first_seen=RECEIVED,
        last_seen=RECEIVED,
    )
    vulnerability_reports.link_findings(operator, report, [finding.pk])
    ctx = _ctx(operator, RECEIVED + timedelta(hours=5))

    case = report_cases.open_case_from_report(ctx, report)

    assert case.status == "proposed"  # the report alone starts no clock
    assert case.vulnerability_id == "CVE-2026-1111"
    assert case.detected_at == RECEIVED
    assert report_cases.cases_for_report(ctx, report) == [case.reference]
    stored = ReportingCase.objects.get(reference=case.reference)
    assert (stored.source, stored.source_ref) == ("cvd-report", report)
    assert [r.version for r in stored.releases.all()] == ["1.8.2"]
    assert AuditEvent.objects.filter(
        action="vulnerability_report.case_opened", object_id=report
    ).exists()


def test_awareness_given_at_opening_starts_the_early_warning_clock(report, operator) -> None:  # type: ignore[no-untyped-def]
    aware = RECEIVED + timedelta(hours=3)
    ctx = _ctx(operator, RECEIVED + timedelta(hours=5))
    case = report_cases.open_case_from_report(
        ctx, report, aware_at=aware, aware_reason="reporter showed exploitation in the wild"
    )
    clocks = reporting.get_case(ctx, case.reference).clocks
    early = next(c for c in clocks if c.key == "early-warning")
    assert early.due_at == aware + timedelta(hours=24)


def test_second_case_for_the_same_report_is_refused(report, operator) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(operator, RECEIVED + timedelta(hours=1))
    report_cases.open_case_from_report(ctx, report)
    with pytest.raises(Conflict, match="already has reporting case"):
        report_cases.open_case_from_report(ctx, report)
    assert ReportingCase.objects.count() == 1


def test_unknown_report_and_viewers_are_refused(report, operator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        report_cases.open_case_from_report(operator, "VR-0000-0000-0000")
    viewer = ServiceContext(Actor("user:vera", "viewer", 99), operator.clock, operator.catalog)
    with pytest.raises(PermissionDenied):
        report_cases.open_case_from_report(viewer, report)
    assert ReportingCase.objects.count() == 0
