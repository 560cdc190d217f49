"""The support period and the retention periods that follow from it (core layer).

Art. 13(8): the support period reflects the time the product is expected to be in use and is
at least five years, unless the product is expected to be in use for less — then it
corresponds to that expected use time. Whatever its length, the information taken into
account to determine it goes into the technical documentation (Art. 13(8) fifth
subparagraph, Annex VII point 4): a policy without it is refused. Art. 13(19): the end date is stated to at least the month.
Art. 13(9): each security update stays available for 10 years after issue or the rest of the
support period, whichever is longer; Art. 13(13): documentation for 10 years after placing
on the market or the support period, whichever is longer; Art. 13(18): the Annex II
information likewise (:func:`retention` gives all three for a release).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rempart.core.clock import add_months
from rempart.core.cra.catalog import Catalog
from rempart.core.errors import ProblemCollector


@dataclass(frozen=True, slots=True)
class SupportPolicy:
    """How long a product's releases are supported, and why (Art. 13(8), Annex VII point 4)."""

    support_months: int
    expected_use_months: int | None = None
    justification: str = ""  # what was taken into account to set it (always required)


class SupportStatus(StrEnum):
    NOT_RELEASED = "not-released"
    SUPPORTED = "supported"
    ENDING_SOON = "ending-soon"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class SupportCheck:
    warnings: tuple[str, ...]


def validate_support_policy(
    catalog: Catalog, policy: SupportPolicy, *, require_basis: bool = True
) -> SupportCheck:
    """Refuse a policy that breaks Art. 13(8); return warnings for what deserves a second look.

    ``require_basis=False`` (a product registered before the basis was always asked for): a
    missing basis is a warning, so the product can still be shown; every change requires it.
    """
    rule = catalog.rules.support
    minimum = rule.minimum_months
    cite = ", ".join(catalog.citation(c).label() for c in rule.minimum_citations)
    problems = ProblemCollector()
    warnings: list[str] = []
    if policy.support_months <= 0:
        problems.add("support_months", "must be a positive number of months", cite)
    if policy.expected_use_months is not None and policy.expected_use_months <= 0:
        problems.add("expected_use_months", "must be a positive number of months", cite)
    problems.raise_if_any("the support policy is invalid")
    expected = policy.expected_use_months
    if policy.support_months < minimum:
        if expected is None or expected >= minimum:
            problems.add(
                "support_months",
                f"the support period must be at least {minimum} months (five years) unless the "
                "product is expected to be in use for less; give the expected use time",
                cite,
            )
        elif policy.support_months < expected:
            problems.add(
                "support_months",
                f"a support period shorter than five years must correspond to the expected use "
                f"time ({expected} months)",
                cite,
            )
    elif expected is not None and expected > policy.support_months:
        warnings.append(
            f"The product is expected to be in use for {expected} months but supported for "
            f"{policy.support_months}: the support period shall reflect the expected use time "
            f"({cite})."
        )
    if not policy.justification.strip():
        basis_cite = ", ".join(
            catalog.citation(c).label() for c in ("ART13-8", *rule.justification_citations)
        )
        message = (
            "record the information taken into account to determine the support period "
            "(expected use time, reasonable user expectations, the nature of the product); "
            "it is required whatever the period's length"
        )
        if require_basis:
            problems.add("justification", message, basis_cite)
        else:
            warnings.append(
                f"No basis of the support period is recorded: {message} ({basis_cite})."
            )
    problems.raise_if_any("the support policy does not meet Art. 13(8)")
    return SupportCheck(tuple(warnings))


def end_of_support(release_date: date, policy: SupportPolicy) -> date:
    """The end of the support period of a release placed on the market on ``release_date``."""
    return add_months(release_date, policy.support_months)


def validate_release_dates(
    catalog: Catalog,
    release_date: date | None,
    end_of_support_date: date | None,
    policy: SupportPolicy | None,
) -> None:
    """A release's end of support comes after its release and honours the product policy."""
    problems = ProblemCollector()
    cite = catalog.citation("ART13-8").label()
    if release_date and end_of_support_date and end_of_support_date <= release_date:
        problems.add(
            "end_of_support",
            f"the end of support ({end_of_support_date.isoformat()}) must be after the release "
            f"date ({release_date.isoformat()})",
            cite,
        )
    elif release_date and end_of_support_date and policy is not None:
        required = end_of_support(release_date, policy)
        if end_of_support_date < required:
            problems.add(
                "end_of_support",
                f"ends before the product's support period of {policy.support_months} months "
                f"(which runs to {required.isoformat()})",
                cite,
            )
    problems.raise_if_any("the release dates are invalid")


def support_status(
    catalog: Catalog, release_date: date | None, end_of_support_date: date | None, today: date
) -> SupportStatus:
    if release_date is None or release_date > today:
        return SupportStatus.NOT_RELEASED
    if end_of_support_date is None:
        return SupportStatus.SUPPORTED
    if end_of_support_date < today:
        return SupportStatus.ENDED
    if add_months(today, catalog.rules.support.ending_soon_months) >= end_of_support_date:
        return SupportStatus.ENDING_SOON
    return SupportStatus.SUPPORTED


def security_update_available_until(
    catalog: Catalog, issued: date, end_of_support_date: date
) -> date:
    """Art. 13(9): 10 years after issue or the rest of the support period, whichever is longer."""
    years = catalog.rules.support.security_update_retention_years
    return max(add_months(issued, 12 * years), end_of_support_date)


def documentation_retained_until(
    catalog: Catalog, placed_on_market: date, end_of_support_date: date
) -> date:
    """Art. 13(13): 10 years after placing on the market or the support period, whichever is longer."""
    years = catalog.rules.support.documentation_retention_years
    return max(add_months(placed_on_market, 12 * years), end_of_support_date)


def user_information_available_until(
    catalog: Catalog, placed_on_market: date, end_of_support_date: date
) -> date:
    """Art. 13(18): Annex II information for 10 years after placing on the market or the
    support period, whichever is longer."""
    years = catalog.rules.support.user_information_retention_years
    return max(add_months(placed_on_market, 12 * years), end_of_support_date)


@dataclass(frozen=True, slots=True)
class Retention:
    """How long a release's records must be kept or stay available, with the rule of each."""

    documentation_until: date  # technical documentation and EU DoC (Art. 13(13))
    user_information_until: date  # Annex II information and instructions (Art. 13(18))
    security_updates_until: date  # the release as a security update (Art. 13(9))
    documentation_citations: tuple[str, ...]
    user_information_citations: tuple[str, ...]
    security_update_citations: tuple[str, ...]


def retention(
    catalog: Catalog, placed_on_market: date | None, end_of_support_date: date | None
) -> Retention | None:
    """The retention dates of a release placed on the market with an end of support; else None.

    The security-update date is the release's own, read as a security update issued on its
    release date; an update issued later runs from its own issue date.
    """
    if placed_on_market is None or end_of_support_date is None:
        return None
    rule = catalog.rules.support
    return Retention(
        documentation_retained_until(catalog, placed_on_market, end_of_support_date),
        user_information_available_until(catalog, placed_on_market, end_of_support_date),
        security_update_available_until(catalog, placed_on_market, end_of_support_date),
        rule.documentation_retention_citations,
        rule.user_information_retention_citations,
        rule.security_update_retention_citations,
    )


def end_date_label(end_of_support_date: date) -> str:
    """Art. 13(19): the end date to at least the month and the year, e.g. ``December 2031``."""
    return f"{MONTHS[end_of_support_date.month - 1]} {end_of_support_date.year}"


# Spelled out here rather than with strftime, whose month names follow the process locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
