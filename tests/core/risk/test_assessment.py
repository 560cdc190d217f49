"""Risk rules: levels from the scale, treatments mapped to Annex I IDs, residual risk."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.errors import InvalidInput
from rempart.core.risk.assessment import (
    AssessmentDraft,
    Risk,
    RiskAssessment,
    RiskDraft,
    check_assessment,
    check_risk,
    parse_identifier,
)
from rempart.core.risk.scale import load_scale


def draft(**changes: object) -> RiskDraft:
    values: dict[str, object] = {
        "title": "Credential stuffing on the admin login",
        "likelihood": "likely",
        "impact": "major",
        "treatment": "mitigate",
        "requirement_ids": ("AI-P1-2d",),
    }
    values.update(changes)
    return RiskDraft(**values)  # type: ignore[arg-type]


def check(d: RiskDraft, threats: frozenset[str] = frozenset()) -> None:
    check_risk(d, load_scale(), load_catalog(), threats)


def test_a_good_risk_passes() -> None:
    check(draft(residual_likelihood="unlikely", residual_impact="major"))
    check(draft(treatment="accept", requirement_ids=(), treatment_description="Low value."))
    check(draft(threat="T-1"), frozenset({"T-1"}))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requirement_ids": ("AI-P1-9",)}, "requirement_ids"),
        ({"requirement_ids": ("ART13-2",)}, "requirement_ids"),  # real ID, but not Annex I
        ({"requirement_ids": ("AI-P2-1", "AI-P2-1")}, "requirement_ids"),
        ({"requirement_ids": ()}, "requirement_ids"),  # mitigate needs the mitigating requirement
        ({"likelihood": "often"}, "likelihood"),
        ({"impact": "catastrophic"}, "impact"),
        ({"treatment": "ignore"}, "treatment"),
        ({"treatment": "accept", "requirement_ids": ()}, "treatment_description"),
        ({"title": " "}, "title"),
        ({"threat": "T-4"}, "threat"),
        ({"residual_likelihood": "rare"}, "residual_impact"),
        ({"residual_likelihood": "almost-certain", "residual_impact": "severe"}, "residual_impact"),
    ],
)
def test_bad_risks_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check(draft(**changes))
    assert field in [p.field for p in caught.value.problems], caught.value.diagnostics()


def test_review_dates_must_be_in_order() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_assessment(
            AssessmentDraft(last_reviewed=date(2026, 5, 1), next_review_due=date(2026, 4, 1))
        )
    assert caught.value.problems[0].field == "next_review_due"


@pytest.mark.parametrize(("text", "number"), [("R-3", 3), (" r-12 ", 12)])
def test_identifiers(text: str, number: int) -> None:
    assert parse_identifier(text) == number


@pytest.mark.parametrize("text", ["R3", "T-3", "R-", "R-1;DROP", ""])
def test_bad_identifiers_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_identifier(text)


def test_overdue_review() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    risk = Risk(
        1,
        "R-1",
        "x",
        "",
        None,
        "",
        "rare",
        "minor",
        "low",
        "accept",
        "ok",
        (),
        None,
        None,
        None,
        "",
        date(2026, 3, 1),
        at,
    )
    assessment = RiskAssessment(
        1, 1, "p", 1, "1.0", None, "", "", "", (), "", None, date(2026, 6, 1), at, at, (), (risk,)
    )
    assert not assessment.review_overdue(date(2026, 6, 1))
    assert assessment.review_overdue(date(2026, 6, 2))
    assert assessment.overdue_risks(date(2026, 3, 2)) == [risk]
