"""Risk assessments per release: versioned copies, stable identifiers, audit, CSV import."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from rempart.core.register import ProductDraft
from rempart.core.risk.assessment import AssessmentDraft, RiskDraft, ThreatDraft
from rempart.services.accounts import audit
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.risk import assessment as risk
from rempart.store.models import AuditEvent, Risk, Threat
from tests.conftest import REPO_ROOT


@pytest.fixture
def router(organization, operator, typical_answers):  # type: ignore[no-untyped-def]
    product = products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
            intended_purpose="Home internet router",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 1, 1)))
    products.add_release(operator, "router", ReleaseDraft("2.0", date(2026, 6, 1)))
    return product


def login_risk(**changes: object) -> RiskDraft:
    values: dict[str, object] = {
        "title": "Credential stuffing",
        "likelihood": "likely",
        "impact": "major",
        "treatment": "mitigate",
        "requirement_ids": ("AI-P1-2d",),
        "next_review": date(2027, 1, 1),
    }
    values.update(changes)
    return RiskDraft(**values)  # type: ignore[arg-type]


def test_start_add_and_copy_keep_identifiers(router, operator) -> None:
    first = risk.start_assessment(operator, "router", "1.0")
    assert first.intended_purpose == "Home internet router"
    threat = risk.add_threat(operator, "router", "1.0", ThreatDraft("Password guessing"))
    added = risk.add_risk(operator, "router", "1.0", login_risk(threat=threat))
    assert (added.identifier, added.rating, added.threat) == ("R-1", "high", "T-1")
    risk.add_risk(operator, "router", "1.0", login_risk(title="DoS", requirement_ids=("AI-P1-2h",)))

    second = risk.start_assessment(operator, "router", "2.0", copy_from="1.0")
    assert second.based_on_version == "1.0"
    assert [r.identifier for r in second.risks] == ["R-1", "R-2"]
    assert second.risks[0].threat == "T-1"
    # A new risk in the new release never reuses a number, and history stays in 1.0.
    risk.delete_risk(operator, "router", "2.0", "R-2")
    new = risk.add_risk(operator, "router", "2.0", login_risk(title="Supply chain"))
    assert new.identifier == "R-3"
    assert [r.identifier for r in risk.require_assessment(operator, "router", "1.0").risks] == [
        "R-1",
        "R-2",
    ]
    found = risk.find_risk(operator, router.id, "R-3")
    assert found is not None
    assert found.title == "Supply chain"
    assert risk.find_risk(operator, router.id, "R-2") is not None  # still in 1.0's assessment
    assert risk.find_risk(operator, router.id, "R-9") is None
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("risk.create") == 3
    assert "risk.delete" in actions
    assert audit.verify_audit_trail(operator).intact


def test_update_risk_and_assessment(router, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    risk.add_risk(operator, "router", "1.0", login_risk())
    updated = risk.update_risk(
        operator,
        "router",
        "1.0",
        "R-1",
        login_risk(residual_likelihood="rare", residual_impact="major"),
    )
    assert updated.residual_rating == "medium"
    current = risk.update_assessment(
        operator,
        "router",
        "1.0",
        AssessmentDraft(assets=("Admin credentials",), next_review_due=date(2027, 1, 1)),
    )
    assert current.assets == ("Admin credentials",)
    event = AuditEvent.objects.filter(action="risk.update").get()
    assert event.data["rating"] == "high"


def test_unknown_requirement_ids_are_refused_and_nothing_stored(router, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as caught:
        risk.add_risk(operator, "router", "1.0", login_risk(requirement_ids=("AI-P1-2x",)))
    assert caught.value.problems[0].field == "requirement_ids"
    assert Risk.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_conflicts_and_missing_things(router, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    with pytest.raises(Conflict):
        risk.start_assessment(operator, "router", "1.0")
    with pytest.raises(InvalidInput, match="copy_from"):
        risk.start_assessment(operator, "router", "2.0", copy_from="2.0")
    with pytest.raises(NotFound):
        risk.add_risk(operator, "router", "2.0", login_risk())
    with pytest.raises(NotFound):
        risk.start_assessment(operator, "router", "9.9")
    with pytest.raises(NotFound):
        risk.update_risk(operator, "router", "1.0", "R-5", login_risk())


def test_viewers_may_read_but_not_write(router, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    viewer = ServiceContext(Actor("user:vic", "viewer"), operator.clock)
    assert risk.get_assessment(viewer, "router", "1.0") is not None
    with pytest.raises(PermissionDenied):
        risk.add_risk(viewer, "router", "1.0", login_risk())


def test_import_example_then_export(router, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    data = (REPO_ROOT / "docs" / "examples" / "threats.csv").read_bytes()
    result = risk.import_threats(operator, "router", "1.0", data)
    assert result.threats == ("T-1", "T-2", "T-3", "T-4")
    assert result.risks == ("R-1", "R-2", "R-3")
    current = risk.require_assessment(operator, "router", "1.0")
    assert current.risks[1].requirement_ids == ("AI-P1-2f", "AI-P2-7")
    assert current.risks[1].threat == "T-2"
    exported = risk.export_risks(operator, "router", "1.0").decode()
    assert exported.splitlines()[0].startswith("identifier,title,threat")
    assert "R-2,Unsigned firmware update,T-2" in exported
    assert AuditEvent.objects.filter(action="risk.import").count() == 1


@pytest.mark.parametrize(
    ("row", "location"),
    [
        ("Bad level,,,,often,major,mitigate,,AI-P1-2d,,,,", "row 3, column likelihood"),
        ("Bad req,,,,likely,major,mitigate,,AI-P9-1,,,,", "row 3, column requirement_ids"),
        ("Bad treat,,,,likely,major,ignore,,AI-P1-2d,,,,", "row 3, column treatment"),
        (
            "Bad residual,,,,rare,minor,mitigate,,AI-P1-2d,likely,severe,,",
            "row 3, column residual_impact",
        ),
    ],
)
def test_import_is_all_or_nothing(router, operator, row: str, location: str) -> None:
    risk.start_assessment(operator, "router", "1.0")
    header = (
        "title,description,asset,source,likelihood,impact,treatment,treatment_description,"
        "requirement_ids,residual_likelihood,residual_impact,owner,next_review\n"
    )
    good = "Fine,,,,likely,major,mitigate,,AI-P1-2d,,,,\n"
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as caught:
        risk.import_threats(operator, "router", "1.0", (header + good + row + "\n").encode())
    assert caught.value.problems[0].field == location, caught.value.diagnostics()
    assert Threat.objects.count() == 0
    assert Risk.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_export_escapes_formulas(router, operator) -> None:
    risk.start_assessment(operator, "router", "1.0")
    risk.add_risk(operator, "router", "1.0", login_risk(title="=cmd|' /C calc'!A0", owner="@boss"))
    exported = risk.export_risks(operator, "router", "1.0").decode()
    assert "'=cmd" in exported
    assert ",'@boss," in exported


def test_demo_seed_assesses_and_copies_forward(organization, operator, typical_answers) -> None:
    from rempart.core.evidence import EvidenceState
    from rempart.services.demo.risk import seed_risk_demo
    from rempart.services.risk import evidence as risk_evidence

    product = products.create_product(
        operator,
        ProductDraft(
            name="Lumen Smart Thermostat",
            scope_answers=typical_answers,
            support_months=72,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, product.slug, ReleaseDraft("2.3.0", date(2025, 3, 14)))
    products.add_release(operator, product.slug, ReleaseDraft("2.4.1", date(2026, 6, 2)))
    seed_risk_demo(operator, product.slug)
    old = risk.require_assessment(operator, product.slug, "2.3.0")
    current = risk.require_assessment(operator, product.slug, "2.4.1")
    assert old.review_overdue(date(2026, 11, 23))
    assert not current.review_overdue(date(2026, 11, 23))
    assert [r.identifier for r in current.risks] == ["R-1", "R-2", "R-3", "R-4"]
    found = {e.key: e.state for e in risk_evidence.records_evidence(operator, product.id)}
    assert found["security-test.recent"] is EvidenceState.PRESENT  # the open finding is medium
