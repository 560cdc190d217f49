"""Where a product is made available: validated, audited, and used by new Art. 14 cases."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.errors import InvalidInput, NotFound, PermissionDenied
from rempart.core.register import ProductDraft
from rempart.core.reporting.case import CaseDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import availability
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.reporting import cases as reporting
from rempart.services.reporting import reports as reporting_reports
from rempart.store.models import AuditEvent, ProductAvailability


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


def test_member_states_are_cleaned_and_audited(router, operator) -> None:  # type: ignore[no-untyped-def]
    assert availability.member_states(operator, router) == []
    saved = availability.set_member_states(operator, router, ["fr", "DE", "de"])
    assert saved == ["DE", "FR"]
    assert availability.member_states(operator, router) == ["DE", "FR"]
    event = AuditEvent.objects.filter(action="product.availability").get()
    assert event.data == {"before": [], "after": ["DE", "FR"]}


def test_bad_codes_unknown_products_and_viewers_store_nothing(router, operator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as refused:
        availability.set_member_states(operator, router, ["DE", "UK"])
    assert refused.value.problems[0].field == "member_states"
    assert "'UK'" in refused.value.problems[0].message
    with pytest.raises(NotFound):
        availability.set_member_states(operator, "nope", ["DE"])
    viewer = ServiceContext(Actor("user:vera", "viewer", 99), operator.clock, operator.catalog)
    with pytest.raises(PermissionDenied):
        availability.set_member_states(viewer, router, ["DE"])
    assert ProductAvailability.objects.count() == 0


def test_new_cases_start_from_the_products_member_states(router, operator) -> None:  # type: ignore[no-untyped-def]
    reporting_reports.save_reporting_settings(operator, {"default_member_states": ["AT"]})
    draft = CaseDraft(kind="incident", title="Update server breached", products=(router,))
    assert reporting.open_case(operator, draft).member_states == ("AT",)
    availability.set_member_states(operator, router, ["IE", "DE"])
    assert reporting.open_case(operator, draft).member_states == ("DE", "IE")
    explicit = CaseDraft(kind="incident", title="Other", products=(router,), member_states=("NL",))
    assert reporting.open_case(operator, explicit).member_states == ("NL",)
