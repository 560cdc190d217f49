"""The guided self-assessment questionnaire, as checked data (core layer).

Four areas of a CRA security assessment (product design, development practices, vulnerability
management, documentation), each question naming the catalog IDs it gives evidence for.
``data/selfassessment.toml`` is checked on load: its shape by ``schema.build``, its meaning by
:func:`check_questionnaire` (unique IDs, known areas, every requirement ID in the catalog).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.schema import build
from rempart.core.errors import CatalogError, InvalidInput, Problem

QUESTIONNAIRE_FILE = "selfassessment.toml"
ANSWERS = ("yes", "partly", "no", "not-applicable")
AreaId = Literal["design", "development", "vulnerability-management", "documentation"]


@dataclass(frozen=True, slots=True)
class Area:
    id: AreaId
    title: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    area: AreaId
    text: str
    requirement_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Questionnaire:
    version: str
    area: tuple[Area, ...]
    question: tuple[Question, ...]

    def get(self, question_id: str) -> Question:
        for question in self.question:
            if question.id == question_id:
                return question
        raise InvalidInput.single("question", f"unknown question {question_id!r}")

    def by_area(self) -> list[tuple[Area, list[Question]]]:
        return [(a, [q for q in self.question if q.area == a.id]) for a in self.area]


def check_questionnaire(
    questionnaire: Questionnaire, catalog: Catalog, path: str = QUESTIONNAIRE_FILE
) -> Questionnaire:
    problems: list[Problem] = []
    area_ids = [a.id for a in questionnaire.area]
    if sorted(area_ids) != sorted(
        ("design", "development", "vulnerability-management", "documentation")
    ):
        problems.append(Problem(f"{path}:area", "must list each of the four areas exactly once"))
    seen: set[str] = set()
    for i, question in enumerate(questionnaire.question):
        where = f"{path}:question[{i}]"
        if question.id in seen:
            problems.append(Problem(f"{where}.id", f"duplicate question {question.id!r}"))
        seen.add(question.id)
        if not question.requirement_ids:
            problems.append(Problem(f"{where}.requirement_ids", "names no requirement"))
        problems.extend(
            Problem(f"{where}.requirement_ids", f"unknown catalog ID {rid!r}")
            for rid in question.requirement_ids
            if not catalog.has(rid)
        )
    if problems:
        raise CatalogError(
            f"the self-assessment questionnaire is inconsistent: {problems[0]}", problems
        )
    return questionnaire


def parse_questionnaire(
    text: str, catalog: Catalog, path: str = QUESTIONNAIRE_FILE
) -> Questionnaire:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path} is not valid TOML: {exc}") from exc
    return check_questionnaire(build(Questionnaire, raw, path), catalog, path)


@functools.cache
def _packaged_text() -> str:
    return (
        resources.files("rempart.core.risk").joinpath("data", QUESTIONNAIRE_FILE).read_text("utf-8")
    )


def load_questionnaire(catalog: Catalog) -> Questionnaire:
    """The packaged questionnaire, checked against ``catalog``."""
    return parse_questionnaire(_packaged_text(), catalog)
