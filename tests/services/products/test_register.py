"""The product register service: decisions stored with their audit events, bad input refused."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from rempart.core.register import ProductDraft
from rempart.services.accounts import audit
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import AuditEvent, Product, Release


def draft(answers: dict[str, str], **changes: object) -> ProductDraft:
    values: dict[str, object] = {
        "name": "VaultKey Password Manager",
        "scope_answers": answers,
        "categories": ("AIII-C1-3",),
        "support_months": 60,
        "support_justification": "Expected use time of comparable products.",
    }
    values.update(changes)
    return ProductDraft(**values)  # type: ignore[arg-type]


def test_create_stores_decisions_and_one_audit_event(
    organization, operator, typical_answers
) -> None:
    product = products.create_product(operator, draft(typical_answers))
    assert product.slug == "vaultkey-password-manager"
    assert product.scope_outcome == "in-scope"
    assert product.product_class == "important-class-i"
    assert set(product.allowed_procedures) == {"module-b-c", "module-h"}
    event = AuditEvent.objects.get(action="product.create")
    assert event.actor == "cli:tester"
    assert event.data["route_citation"] == "CA-CLASS-I-NOHS"
    assert audit.verify_audit_trail(operator).intact


def test_excluded_product_is_stored_as_excluded(organization, operator, typical_answers) -> None:
    product = products.create_product(
        operator,
        draft({**typical_answers, "medical_device": "yes"}, name="Infusion pump", categories=()),
    )
    assert product.scope_outcome == "excluded"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"categories": ("AIII-C9-1",)}, "categories"),
        ({"support_months": 24}, "support_months"),
        (
            {"support_months": 24, "expected_use_months": 24, "support_justification": ""},
            "justification",
        ),
        # Art. 13(8), Annex VII point 4: the basis is recorded whatever the period's length.
        ({"support_months": 120, "support_justification": "  "}, "justification"),
        ({"name": ""}, "name"),
        ({"standards_applied": "most"}, "standards_applied"),
    ],
)
def test_invalid_drafts_name_the_field_and_store_nothing(
    organization, operator, typical_answers, changes, field
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as excinfo:
        products.create_product(operator, draft(typical_answers, **changes))
    assert field in {p.field for p in excinfo.value.problems}
    assert Product.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_missing_scope_answer_is_named(organization, operator, typical_answers) -> None:
    answers = dict(typical_answers)
    del answers["data_connection"]
    with pytest.raises(InvalidInput) as excinfo:
        products.create_product(operator, draft(answers))
    assert "answers.data_connection" in {p.field for p in excinfo.value.problems}


def test_duplicate_slug_is_a_conflict(organization, operator, typical_answers) -> None:
    products.create_product(operator, draft(typical_answers))
    with pytest.raises(Conflict):
        products.create_product(operator, draft(typical_answers))
    assert Product.objects.count() == 1


def test_update_records_what_changed(organization, operator, typical_answers) -> None:
    products.create_product(operator, draft(typical_answers))
    updated = products.update_product(
        operator, "vaultkey-password-manager", draft(typical_answers, categories=("AIII-C2-2",))
    )
    assert updated.product_class == "important-class-ii"
    event = AuditEvent.objects.get(action="product.update")
    assert "categories" in event.data["changed"]
    assert "product_class" in event.data["changed"]


def test_release_end_of_support_defaults_to_the_support_period(
    organization, operator, typical_answers
) -> None:
    products.create_product(operator, draft(typical_answers, support_months=61))
    release = products.add_release(
        operator, "vaultkey-password-manager", ReleaseDraft("5.0.0", date(2026, 1, 31))
    )
    assert release.end_of_support == date(2031, 2, 28)
    assert products.release_support_status(operator, release).value == "supported"


def test_end_of_support_before_release_is_refused(organization, operator, typical_answers) -> None:
    products.create_product(operator, draft(typical_answers))
    with pytest.raises(InvalidInput) as excinfo:
        products.add_release(
            operator,
            "vaultkey-password-manager",
            ReleaseDraft("1.0", date(2026, 5, 1), date(2026, 1, 1)),
        )
    assert excinfo.value.problems[0].field == "end_of_support"
    assert Release.objects.count() == 0


def test_release_errors(organization, operator, typical_answers) -> None:
    products.create_product(operator, draft(typical_answers))
    with pytest.raises(NotFound):
        products.add_release(operator, "nope", ReleaseDraft("1.0", date(2026, 1, 1)))
    with pytest.raises(InvalidInput) as excinfo:
        products.add_release(operator, "vaultkey-password-manager", ReleaseDraft("1.0 beta", None))
    assert excinfo.value.problems[0].field == "version"
    with pytest.raises(InvalidInput) as excinfo:
        products.add_release(
            operator, "vaultkey-password-manager", ReleaseDraft("1.0", None, status="released")
        )
    assert excinfo.value.problems[0].field == "release_date"
    products.add_release(
        operator, "vaultkey-password-manager", ReleaseDraft("1.0", date(2026, 1, 1))
    )
    with pytest.raises(Conflict):
        products.add_release(
            operator, "vaultkey-password-manager", ReleaseDraft("1.0", date(2026, 1, 1))
        )


@pytest.mark.parametrize(
    ("role", "allowed"), [("admin", True), ("editor", True), ("viewer", False), ("auditor", False)]
)
def test_roles_decide_who_may_register(
    organization, operator, typical_answers, role, allowed
) -> None:
    ctx = ServiceContext(Actor("user:x", role), operator.clock)
    if allowed:
        products.create_product(ctx, draft(typical_answers))
    else:
        with pytest.raises(PermissionDenied):
            products.create_product(ctx, draft(typical_answers))
        assert products.list_products(ctx) == []
