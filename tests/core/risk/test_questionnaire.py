"""The self-assessment questionnaire: four areas, every requirement ID known to the catalog."""

from __future__ import annotations

from importlib import resources

import pytest

from rempart.core.cra.catalog import load_catalog
from rempart.core.errors import CatalogError, InvalidInput
from rempart.core.risk.questionnaire import load_questionnaire, parse_questionnaire
from rempart.core.risk.records import check_answer

TEXT = resources.files("rempart.core.risk").joinpath("data", "selfassessment.toml").read_text()


def test_packaged_questionnaire_covers_four_areas() -> None:
    questions = load_questionnaire(load_catalog())
    areas = {a.id: qs for a, qs in questions.by_area()}
    assert set(areas) == {"design", "development", "vulnerability-management", "documentation"}
    assert all(areas.values())
    mapped = {rid for q in questions.question for rid in q.requirement_ids}
    assert {"AI-P2-3", "AI-P1-2d", "AI-P2-5"} <= mapped


def test_unknown_requirement_id_is_refused() -> None:
    broken = TEXT.replace('requirement_ids = ["AI-P1-2b"]', 'requirement_ids = ["AI-P1-2z"]')
    with pytest.raises(CatalogError) as caught:
        parse_questionnaire(broken, load_catalog())
    assert "AI-P1-2z" in caught.value.diagnostics()


def test_unknown_area_and_duplicate_ids_are_refused() -> None:
    with pytest.raises(CatalogError, match="is not one of"):
        parse_questionnaire(
            TEXT.replace('area = "design"', 'area = "marketing"', 1), load_catalog()
        )
    with pytest.raises(CatalogError, match="duplicate question"):
        parse_questionnaire(TEXT.replace('id = "SA-D2"', 'id = "SA-D1"'), load_catalog())


@pytest.mark.parametrize(
    ("question", "answer", "comment", "field"),
    [
        ("SA-X9", "yes", "", "question"),
        ("SA-D1", "maybe", "", "answer"),
        ("SA-D1", "partly", "", "comment"),
        ("SA-D1", "not-applicable", " ", "comment"),
    ],
)
def test_bad_answers_name_the_field(question: str, answer: str, comment: str, field: str) -> None:
    questions = load_questionnaire(load_catalog())
    with pytest.raises(InvalidInput) as caught:
        check_answer(questions, question, answer, comment)
    assert caught.value.problems[0].field == field
