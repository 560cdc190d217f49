"""Disclosure settings, public intake and the team's queue: stored with audit, refused cleanly."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rempart.core.clock import FixedClock
from rempart.core.disclosure import form_token
from rempart.core.disclosure.reports import Submission
from rempart.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from rempart.core.register import ProductDraft
from rempart.services.accounts import audit
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.disclosure import vulnerability_reports
from rempart.services.disclosure.vulnerability_reports import TooManyReports
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import AuditEvent, Finding, Release, VulnerabilityReport

SECRET = b"service-test-secret"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def product(organization, operator, typical_answers):  # type: ignore[no-untyped-def]
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
    return made


@pytest.fixture
def configured(product, operator):  # type: ignore[no-untyped-def]
    return disclosure.save_settings(
        operator,
        {
            "contacts": ["mailto:psirt@test.example"],
            "public_base_url": "https://psirt.test.example",
        },
    )


def public(seconds: float = 0) -> ServiceContext:
    return ServiceContext(
        Actor("public:anonymous", "public"), FixedClock(NOW + timedelta(seconds=seconds))
    )


def token(nonce: str = "n1") -> str:
    return form_token.issue(SECRET, nonce, NOW - timedelta(seconds=30))


def submit(
    sub: Submission | None = None,
    *,
    tok: str | None = None,
    client: str = "10.0.0.1",
    honeypot: str = "",
):  # type: ignore[no-untyped-def]
    return vulnerability_reports.submit_report(
        public(),
        sub
        or Submission(
            "nimbus-router", "Auth bypass", "Send X to /login", "1.8.2", "mailto:r@x.example"
        ),
        token=tok or token(),
        secret=SECRET,
        client=client,
        channel="web",
        honeypot=honeypot,
    )


def test_settings_are_validated_stored_and_audited(configured, operator) -> None:
    assert configured.expires_at == NOW + timedelta(days=180)
    event = AuditEvent.objects.get(action="disclosure.update")
    assert event.data["contacts"] == ["mailto:psirt@test.example"]
    text = disclosure.security_txt(operator)
    assert "Contact: mailto:psirt@test.example" in text
    assert "Policy: https://psirt.test.example/security/policy/" in text
    with pytest.raises(InvalidInput) as refused:
        disclosure.save_settings(operator, {"contacts": ["psirt@test.example"]})
    assert refused.value.problems[0].field == "contacts"
    assert AuditEvent.objects.filter(action="disclosure.update").count() == 1


def test_only_admins_change_settings(configured, make_user) -> None:
    editor = ServiceContext(Actor.for_user("erin", "editor", 2))
    with pytest.raises(PermissionDenied):
        disclosure.save_settings(editor, {"contacts": ["mailto:x@y.example"]})


def test_security_txt_refused_before_settings(product, operator) -> None:
    with pytest.raises(InvalidInput) as refused:
        disclosure.security_txt(operator)
    assert {p.field for p in refused.value.problems} == {"contacts", "expires_at"}


def test_report_is_stored_with_reference_and_audit(configured) -> None:
    report = submit()
    assert report.status == "new"
    assert report.reference.startswith("VR-")
    event = AuditEvent.objects.get(action="vulnerability_report.receive")
    assert event.object_id == report.reference
    assert event.data == {"product": "nimbus-router", "channel": "web"}  # no personal data
    status = vulnerability_reports.public_status(public(), report.reference.lower())
    assert status.label == "Received, waiting for acknowledgement"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sub": Submission("fridge", "s", "d")}, "product"),
        ({"sub": Submission("nimbus-router", "", "d")}, "summary"),
        ({"tok": "forged.1.abc"}, "form_token"),
        ({"tok": form_token.issue(SECRET, "fresh", NOW)}, "form_token"),  # too fast
        ({"tok": form_token.issue(b"other-key", "n9", NOW - timedelta(minutes=1))}, "form_token"),
        ({"honeypot": "http://spam.example"}, "form"),
    ],
)
def test_bad_submissions_store_nothing(configured, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as refused:
        submit(**kwargs)
    assert field in [p.field for p in refused.value.problems]
    assert VulnerabilityReport.objects.count() == 0
    assert not AuditEvent.objects.filter(action="vulnerability_report.receive").exists()


def test_replayed_token_is_refused(configured) -> None:
    submit(tok=token("once"))
    with pytest.raises(InvalidInput, match="already sent"):
        submit(tok=token("once"))
    assert VulnerabilityReport.objects.count() == 1


def test_rate_limit_per_client_address(configured) -> None:
    for i in range(5):
        submit(tok=token(f"n{i}"), client="10.9.9.9")
    with pytest.raises(TooManyReports):
        submit(tok=token("n6"), client="10.9.9.9")
    submit(tok=token("n7"), client="10.9.9.10")  # another address is not affected
    assert VulnerabilityReport.objects.count() == 6


def test_closed_intake_and_unpublished_products(configured, operator, typical_answers) -> None:
    products.create_product(
        operator,
        ProductDraft(
            name="Hidden Box",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    disclosure.save_settings(operator, {"published_products": ["nimbus-router"]})
    assert [p.slug for p in disclosure.published_products(operator)] == ["nimbus-router"]
    with pytest.raises(InvalidInput):
        submit(Submission("hidden-box", "s", "d"))
    disclosure.save_settings(operator, {"intake_open": False})
    with pytest.raises(Conflict):
        submit(tok=token("n2"))
    assert VulnerabilityReport.objects.count() == 0


def test_team_handles_a_report(configured, operator) -> None:
    reference = submit().reference
    acked = vulnerability_reports.acknowledge(operator, reference)
    assert acked.status == "acknowledged"
    assert acked.acknowledged_at == NOW
    with pytest.raises(Conflict, match="cannot become fixed"):
        vulnerability_reports.change_status(operator, reference, "fixed", "x")
    vulnerability_reports.change_status(operator, reference, "triaged")
    with pytest.raises(InvalidInput):
        vulnerability_reports.change_status(operator, reference, "accepted", "")
    vulnerability_reports.add_note(operator, reference, "Reproduced on 1.8.2; internal only.")
    done = vulnerability_reports.change_status(operator, reference, "accepted", "Confirmed.")
    assert done.decision == "Confirmed."
    assert len(done.notes) == 1
    status = vulnerability_reports.public_status(public(), reference)
    assert status.decision == "Confirmed."
    assert not hasattr(status, "notes")
    actions = list(
        AuditEvent.objects.filter(object_id=reference)
        .values_list("action", flat=True)
        .order_by("seq")
    )
    assert actions == [
        "vulnerability_report.receive",
        "vulnerability_report.status",
        "vulnerability_report.status",
        "vulnerability_report.note",
        "vulnerability_report.status",
    ]
    assert audit.verify_audit_trail(operator).intact


def test_viewers_read_but_do_not_change(configured, operator) -> None:
    reference = submit().reference
    viewer = ServiceContext(Actor.for_user("vic", "viewer", 9))
    assert vulnerability_reports.list_reports(viewer)[0].reference == reference
    with pytest.raises(PermissionDenied):
        vulnerability_reports.acknowledge(viewer, reference)
    with pytest.raises(PermissionDenied):
        vulnerability_reports.list_reports(public())
    with pytest.raises(NotFound):
        vulnerability_reports.public_status(public(), "VR-0000-0000-0000")


def test_links_only_findings_of_the_same_product(configured, operator, typical_answers) -> None:
    reference = submit().reference
    other = products.create_product(
        operator,
        ProductDraft(
            name="Other",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, other.slug, ReleaseDraft("2.0", date(2026, 1, 5)))

    def finding(slug: str) -> int:
        release = Release.objects.get(product__slug=slug)
        return Finding.objects.create(
            release=release,
            vulnerability_id=f"CVE-2026-{release.pk}",
            severity="high",
            component_bom_ref="c",
            component_name="openssl",
            first_seen=NOW,
            last_seen=NOW,
        ).pk

    own, foreign = finding("nimbus-router"), finding("other")
    with pytest.raises(InvalidInput, match="not findings of Nimbus Router"):
        vulnerability_reports.link_findings(operator, reference, [own, foreign])
    assert vulnerability_reports.get_report(operator, reference).findings == ()
    linked = vulnerability_reports.link_findings(operator, reference, [own])
    assert [f.id for f in linked.findings] == [own]
