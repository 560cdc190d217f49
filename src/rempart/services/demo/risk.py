"""A sample risk assessment and self-assessment for the demo workspace (services layer)."""

from __future__ import annotations

from datetime import date
from importlib import resources

from rempart.core.risk.assessment import AssessmentDraft
from rempart.services.context import ServiceContext
from rempart.services.risk import assessment as risk
from rempart.services.risk import selfassessment

DEMO_PRODUCT = "lumen-smart-thermostat"


def seed_risk_demo(ctx: ServiceContext, slug: str = DEMO_PRODUCT) -> None:
    """Assess 2.3.0 from a threat list, copy it forward to 2.4.1, answer and record a little."""
    data = resources.files("rempart.demo_data").joinpath("risk", "thermostat-threats.csv")
    risk.start_assessment(
        ctx,
        slug,
        "2.3.0",
        AssessmentDraft(
            intended_purpose="Control of domestic heating in private homes.",
            foreseeable_use="Installed by tenants without a professional; left on default settings.",
            operational_environment="Home Wi-Fi behind a consumer router; vendor cloud; mobile app.",
            assets=("Heating control", "User account", "Usage data", "Firmware"),
            owner="Head of product security",
            last_reviewed=date(2025, 3, 1),
            next_review_due=date(2026, 3, 1),
        ),
    )
    risk.import_threats(ctx, slug, "2.3.0", data.read_bytes())
    risk.start_assessment(ctx, slug, "2.4.1", copy_from="2.3.0")
    current = risk.require_assessment(ctx, slug, "2.4.1")
    risk.update_assessment(
        ctx,
        slug,
        "2.4.1",
        AssessmentDraft(
            current.intended_purpose,
            current.foreseeable_use,
            current.operational_environment,
            current.assets,
            current.owner,
            date(2026, 5, 20),
            date(2027, 5, 20),
        ),
    )
    for question, answer, comment in (
        ("SA-D1", "yes", ""),
        ("SA-D2", "partly", "Two-factor login is optional, not enforced."),
        ("SA-V3", "yes", ""),
        ("SA-M1", "yes", ""),
    ):
        selfassessment.answer(ctx, slug, question, answer, comment)
    selfassessment.add_security_test(
        ctx,
        slug,
        selfassessment.new_test(
            "penetration-test",
            date(2026, 5, 10),
            "External lab (demo)",
            "Firmware 2.4.1, mobile app and cloud API",
            (
                selfassessment.finding("Verbose error pages on the cloud API", "low", "fixed"),
                selfassessment.finding("Weak pairing PIN", "medium", "open"),
            ),
        ),
    )
