"""Retention dates per release (Art. 13(9), (13), (18)) and the free and open-source route
offered only to free and open-source software (Art. 32(5)) (issue 11 item 8)."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.classification import foss_route_offered
from rempart.core.cra.scope import default_in_scope_answers
from rempart.core.cra.support import retention
from rempart.core.errors import InvalidInput
from rempart.core.register import ProductDraft, assess

CATALOG = load_catalog()
BASIS = "Expected use time of comparable products."


def test_retention_of_a_release_is_the_longer_of_ten_years_and_the_support_period() -> None:
    short = retention(CATALOG, date(2026, 3, 1), date(2031, 3, 1))
    assert short is not None
    assert short.documentation_until == date(2036, 3, 1)  # 10 years after placing on the market
    assert short.user_information_until == date(2036, 3, 1)
    assert short.security_updates_until == date(2036, 3, 1)
    assert short.documentation_citations == ("ART13-13", "ART13-13-DOC")
    assert short.security_update_citations == ("ART13-9", "ART13-9-UPD")
    long = retention(CATALOG, date(2026, 3, 1), date(2040, 6, 30))
    assert long is not None
    assert long.documentation_until == date(2040, 6, 30)  # the support period is longer
    assert retention(CATALOG, None, date(2031, 1, 1)) is None  # not placed on the market


def _draft(answers: dict[str, str], foss_route: bool) -> ProductDraft:
    return ProductDraft(
        name="Open Router OS", scope_answers=answers, categories=("AIII-C1-12",),
        support_months=60, support_justification=BASIS,
        free_open_source_public_documentation=foss_route,
    )  # fmt: skip


def test_the_foss_route_needs_scope_answers_saying_open_source() -> None:
    proprietary = default_in_scope_answers(CATALOG)
    assert proprietary.get("free_open_source") != "yes"
    assert not foss_route_offered(proprietary)
    with pytest.raises(InvalidInput) as refused:
        assess(CATALOG, _draft(proprietary, foss_route=True))
    (problem,) = [
        p for p in refused.value.problems if p.field == "free_open_source_public_documentation"
    ]
    assert problem.citation == "ART32-5"
    assert "do not say the product is free and open-source software" in problem.message


def test_the_foss_route_is_offered_to_open_source_software() -> None:
    answers = {**default_in_scope_answers(CATALOG), "free_open_source": "yes",
               "open_source_monetised": "yes"}  # fmt: skip
    assert foss_route_offered(answers)
    decided = assess(CATALOG, _draft(answers, foss_route=True))
    assert decided.classification.matrix_row.id == "CA-FOSS-IMPORTANT"
    assert "module-a" in {p.procedure_id for p in decided.classification.allowed_procedures}
