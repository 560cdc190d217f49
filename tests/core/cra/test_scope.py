"""The scope questionnaire: every exclusion, conflicts, 'unsure', and refused input."""

from __future__ import annotations

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.cra.scope import ScopeOutcome, default_in_scope_answers, evaluate_scope
from rempart.core.errors import InvalidInput

CATALOG = load_catalog()


def answers(**changes: str) -> dict[str, str]:
    base = default_in_scope_answers(CATALOG)
    base.update(changes)
    return base


def test_ordinary_connected_product_is_in_scope() -> None:
    decision = evaluate_scope(CATALOG, answers())
    assert decision.outcome is ScopeOutcome.IN_SCOPE
    assert [c.id for c in decision.citations] == ["SCOPE-1"]


# Each exclusion, written out from the reference (cra.md §3): the answer and the deciding entry.
EXCLUSIONS = [
    ({"product_with_digital_elements": "no", "data_connection": "no"}, "SCOPE-1"),
    ({"data_connection": "no"}, "SCOPE-1"),
    ({"commercial_activity": "no"}, "SCOPE-1"),
    ({"own_use_only": "yes", "commercial_activity": "no"}, "EXCL-OWN-USE"),
    ({"medical_device": "yes"}, "EXCL-MDR"),
    ({"in_vitro_diagnostic": "yes"}, "EXCL-IVDR"),
    ({"motor_vehicle": "yes"}, "EXCL-VEHICLES"),
    ({"l_category_vehicle": "yes"}, "EXCL-L-CATEGORY"),
    ({"aviation_certified": "yes"}, "EXCL-AVIATION"),
    ({"marine_equipment": "yes"}, "EXCL-MARINE"),
    ({"identical_spare_part": "yes"}, "EXCL-SPARE-PARTS"),
    ({"national_security_defence": "yes"}, "EXCL-DEFENCE"),
    ({"cloud_service": "yes", "remote_data_processing": "no"}, "EXCL-SAAS"),
    (
        {"free_open_source": "yes", "open_source_monetised": "no", "commercial_activity": "no"},
        "EXCL-NONCOMMERCIAL-OSS",
    ),
]


@pytest.mark.parametrize(
    ("changes", "decided_by"), EXCLUSIONS, ids=[e[1] + "-" + next(iter(e[0])) for e in EXCLUSIONS]
)
def test_each_exclusion_names_the_article_that_decides_it(
    changes: dict[str, str], decided_by: str
) -> None:
    decision = evaluate_scope(CATALOG, answers(**changes))
    assert decision.outcome is ScopeOutcome.EXCLUDED
    assert decided_by in {c.id for c in decision.citations}


def test_medical_device_ce_marked_under_the_mdr_is_excluded_by_art_2_2_a() -> None:
    decision = evaluate_scope(CATALOG, answers(medical_device="yes"))
    assert decision.outcome is ScopeOutcome.EXCLUDED
    (citation,) = decision.citations
    assert citation.id == "EXCL-MDR"
    assert citation.ref == "Art. 2(2)(a)"


def test_cloud_backend_of_a_product_is_in_scope() -> None:
    decision = evaluate_scope(CATALOG, answers(cloud_service="yes", remote_data_processing="yes"))
    assert decision.outcome is ScopeOutcome.IN_SCOPE


def test_monetised_open_source_is_in_scope() -> None:
    decision = evaluate_scope(CATALOG, answers(free_open_source="yes", open_source_monetised="yes"))
    assert decision.outcome is ScopeOutcome.IN_SCOPE


def test_conflicting_answers_need_legal_review() -> None:
    decision = evaluate_scope(
        CATALOG,
        answers(free_open_source="yes", open_source_monetised="no", commercial_activity="yes"),
    )
    assert decision.outcome is ScopeOutcome.NEEDS_LEGAL_REVIEW
    assert "EXCL-NONCOMMERCIAL-OSS" in {c.id for c in decision.citations}


def test_conflict_wins_over_an_exclusion() -> None:
    decision = evaluate_scope(CATALOG, answers(own_use_only="yes", commercial_activity="yes"))
    assert decision.outcome is ScopeOutcome.NEEDS_LEGAL_REVIEW


def test_unsure_on_a_deciding_question_needs_legal_review() -> None:
    decision = evaluate_scope(CATALOG, answers(medical_device="unsure"))
    assert decision.outcome is ScopeOutcome.NEEDS_LEGAL_REVIEW
    assert decision.reasons[0].question_id == "medical_device"


def test_certain_exclusion_wins_over_unsure() -> None:
    decision = evaluate_scope(CATALOG, answers(medical_device="yes", marine_equipment="unsure"))
    assert decision.outcome is ScopeOutcome.EXCLUDED


def test_legacy_and_test_software_notes() -> None:
    decision = evaluate_scope(
        CATALOG, answers(placed_before_full_application="yes", unfinished_test_software="yes")
    )
    assert decision.outcome is ScopeOutcome.IN_SCOPE
    assert {c.id for n in decision.notes for c in n.citations} >= {
        "SCOPE-LEGACY",
        "SCOPE-TEST-SOFTWARE",
    }


def test_missing_answer_is_refused_naming_the_field() -> None:
    incomplete = answers()
    del incomplete["medical_device"]
    with pytest.raises(InvalidInput) as excinfo:
        evaluate_scope(CATALOG, incomplete)
    assert [p.field for p in excinfo.value.problems] == ["answers.medical_device"]


def test_follow_up_question_is_required_when_asked() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        evaluate_scope(CATALOG, answers(free_open_source="yes"))
    assert excinfo.value.problems[0].field == "answers.open_source_monetised"


def test_bad_and_unknown_answers_are_refused() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        evaluate_scope(CATALOG, answers(medical_device="maybe", bogus="yes"))
    fields = {p.field for p in excinfo.value.problems}
    assert fields == {"answers.medical_device", "answers.bogus"}
