"""Support period (Art. 13(8)), end of support, and the retention periods (Art. 13(9), (13))."""

from __future__ import annotations

from datetime import date

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.support import (
    SupportPolicy,
    SupportStatus,
    documentation_retained_until,
    end_date_label,
    end_of_support,
    security_update_available_until,
    support_status,
    validate_release_dates,
    validate_support_policy,
)
from rempart.core.errors import InvalidInput

CATALOG = load_catalog()


BASIS = "Expected use time of comparable products."


def test_five_years_is_accepted() -> None:
    assert validate_support_policy(CATALOG, SupportPolicy(60, justification=BASIS)).warnings == ()


@pytest.mark.parametrize("months", [60, 120])
def test_the_basis_is_required_whatever_the_length(months: int) -> None:
    """Art. 13(8) fifth subparagraph and Annex VII point 4: not only below five years."""
    with pytest.raises(InvalidInput) as excinfo:
        validate_support_policy(CATALOG, SupportPolicy(months, justification=" "))
    (problem,) = excinfo.value.problems
    assert problem.field == "justification"
    assert "ART13-8" in (problem.citation or "")
    assert "AVII-4" in (problem.citation or "")


def test_under_five_years_without_justification_is_refused() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_support_policy(CATALOG, SupportPolicy(36, expected_use_months=36))
    (problem,) = excinfo.value.problems
    assert problem.field == "justification"
    assert "ART13-8" in (problem.citation or "")


def test_under_five_years_without_expected_use_is_refused() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_support_policy(CATALOG, SupportPolicy(24, justification="short-lived app"))
    assert excinfo.value.problems[0].field == "support_months"


def test_short_period_must_match_the_expected_use_time() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_support_policy(
            CATALOG, SupportPolicy(12, expected_use_months=24, justification="x")
        )
    assert excinfo.value.problems[0].field == "support_months"


def test_short_period_with_expected_use_and_justification_is_accepted() -> None:
    policy = SupportPolicy(18, expected_use_months=18, justification="Event app used for 18 months")
    assert validate_support_policy(CATALOG, policy).warnings == ()


def test_period_shorter_than_expected_use_warns() -> None:
    check = validate_support_policy(
        CATALOG, SupportPolicy(60, expected_use_months=120, justification=BASIS)
    )
    assert check.warnings
    assert "120 months" in check.warnings[0]


def test_non_positive_values_are_refused() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_support_policy(CATALOG, SupportPolicy(0, expected_use_months=-1))
    assert {p.field for p in excinfo.value.problems} == {"support_months", "expected_use_months"}


def test_end_of_support_and_its_label() -> None:
    eos = end_of_support(date(2026, 1, 31), SupportPolicy(61))
    assert eos == date(2031, 2, 28)
    assert end_date_label(eos) == "February 2031"


def test_end_of_support_before_release_is_refused() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        validate_release_dates(CATALOG, date(2026, 5, 1), date(2026, 4, 1), None)
    assert excinfo.value.problems[0].field == "end_of_support"


def test_end_of_support_shorter_than_the_policy_is_refused() -> None:
    with pytest.raises(InvalidInput, match="support period of 60 months"):
        validate_release_dates(CATALOG, date(2026, 5, 1), date(2029, 5, 1), SupportPolicy(60))


def test_status_over_time() -> None:
    release, eos = date(2026, 1, 1), date(2031, 1, 1)
    assert support_status(CATALOG, release, eos, date(2025, 12, 1)) is SupportStatus.NOT_RELEASED
    assert support_status(CATALOG, release, eos, date(2027, 1, 1)) is SupportStatus.SUPPORTED
    assert support_status(CATALOG, release, eos, date(2030, 9, 1)) is SupportStatus.ENDING_SOON
    assert support_status(CATALOG, release, eos, date(2031, 1, 2)) is SupportStatus.ENDED


def test_security_update_retention_is_the_longer_of_ten_years_and_support() -> None:
    assert security_update_available_until(CATALOG, date(2027, 3, 1), date(2031, 1, 1)) == date(
        2037, 3, 1
    )
    assert security_update_available_until(CATALOG, date(2027, 3, 1), date(2040, 1, 1)) == date(
        2040, 1, 1
    )


def test_documentation_retention() -> None:
    assert documentation_retained_until(CATALOG, date(2028, 1, 1), date(2033, 1, 1)) == date(
        2038, 1, 1
    )
