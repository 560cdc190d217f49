"""Is the product in scope of the CRA? The scope questionnaire, evaluated (core layer).

The questions, their citations and which answer excludes the product live in
``data/scope.toml``; this module only applies them:

1. every question that is asked (its ``ask_if`` holds) must be answered ``yes``/``no``/``unsure``;
2. contradictory answers (``[[conflict]]``) → **needs legal review**, with the reasons;
3. an ``unsure`` answer to a question that could exclude the product, when no certain answer
   already excludes it → **needs legal review**;
4. any certain excluding answer → **excluded**, citing every entry that decides it;
5. otherwise → **in scope** (Art. 2(1)), with notes that change what applies (Art. 69, Art. 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.citation import Citation
from rempart.core.cra.model import Question
from rempart.core.errors import ProblemCollector

ANSWERS = ("yes", "no", "unsure")


class ScopeOutcome(StrEnum):
    IN_SCOPE = "in-scope"
    EXCLUDED = "excluded"
    NEEDS_LEGAL_REVIEW = "needs-legal-review"


@dataclass(frozen=True, slots=True)
class ScopeReason:
    """One reason for the outcome: what was answered and the entry that decides it."""

    question_id: str
    message: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class ScopeDecision:
    outcome: ScopeOutcome
    reasons: tuple[ScopeReason, ...]
    notes: tuple[ScopeReason, ...]
    answers: tuple[tuple[str, str], ...]  # (question id, answer) in questionnaire order
    catalog_version: str

    @property
    def citations(self) -> tuple[Citation, ...]:
        seen: dict[str, Citation] = {}
        for reason in self.reasons:
            for citation in reason.citations:
                seen.setdefault(citation.id, citation)
        return tuple(seen.values())

    def summary(self) -> str:
        labels = ", ".join(c.label() for c in self.citations)
        return f"{self.outcome.value} ({labels})" if labels else self.outcome.value


def asked_questions(catalog: Catalog, answers: Mapping[str, str]) -> list[Question]:
    """The questions that apply given the answers so far (``ask_if`` conditions hold).

    A follow-up applies only while the question it follows is itself asked and answered as its
    condition says; an answer left over from a question no longer asked counts for nothing.
    """
    asked: list[Question] = []
    shown: set[str] = set()
    for question in catalog.scope.question:
        condition = question.ask_if
        if condition is None or (
            condition.question in shown
            and str(answers.get(condition.question, "")).strip().lower() == condition.answer
        ):
            asked.append(question)
            shown.add(question.id)
    return asked


def _validated(catalog: Catalog, answers: Mapping[str, str]) -> dict[str, str]:
    problems = ProblemCollector()
    known = {q.id for q in catalog.scope.question}
    for key in answers:
        if key not in known:
            problems.add(f"answers.{key}", "unknown scope question")
    cleaned = {k: str(v).strip().lower() for k, v in answers.items() if k in known}
    for question in asked_questions(catalog, cleaned):
        value = cleaned.get(question.id)
        if value is None or value == "":
            problems.add(f"answers.{question.id}", "an answer is required (yes, no or unsure)")
        elif value not in ANSWERS:
            problems.add(f"answers.{question.id}", f"{value!r} is not one of yes, no, unsure")
    problems.raise_if_any("the scope questionnaire is incomplete or invalid")
    asked = {q.id for q in asked_questions(catalog, cleaned)}
    return {k: v for k, v in cleaned.items() if k in asked}


def evaluate_scope(catalog: Catalog, answers: Mapping[str, str]) -> ScopeDecision:
    """Decide in scope / excluded / needs legal review from the questionnaire answers."""
    given = _validated(catalog, answers)
    questions = asked_questions(catalog, given)
    conflicts = tuple(
        ScopeReason(
            question_id=",".join(c.question for c in rule.when),
            message=rule.reason,
            citations=catalog.citations(rule.citations),
        )
        for rule in catalog.scope.conflict
        if all(given.get(c.question) == c.answer for c in rule.when)
    )
    exclusions = tuple(
        ScopeReason(q.id, f"{q.text} — answered {given[q.id]!r}", catalog.citations([q.decided_by]))
        for q in questions
        if q.excludes_when and q.decided_by and given[q.id] == q.excludes_when
    )
    unsure = tuple(
        ScopeReason(
            q.id,
            f"{q.text} — answered 'unsure'; the answer decides whether the product is in scope",
            catalog.citations(q.citations),
        )
        for q in questions
        if q.excludes_when and given[q.id] == "unsure"
    )
    notes = tuple(
        ScopeReason(q.id, q.note or "", catalog.citations(q.note_citations))
        for q in questions
        if q.note_when and given[q.id] == q.note_when
    )
    answered = tuple((q.id, given[q.id]) for q in questions)
    if conflicts:
        outcome, reasons = ScopeOutcome.NEEDS_LEGAL_REVIEW, conflicts
    elif exclusions:
        outcome, reasons = ScopeOutcome.EXCLUDED, exclusions
    elif unsure:
        outcome, reasons = ScopeOutcome.NEEDS_LEGAL_REVIEW, unsure
    else:
        in_scope = ScopeReason(
            "",
            "A product with digital elements with a data connection, made available on the "
            "market, and no exclusion applies.",
            catalog.citations(["SCOPE-1"]),
        )
        outcome, reasons = ScopeOutcome.IN_SCOPE, (in_scope,)
    return ScopeDecision(outcome, reasons, notes, answered, catalog.version)


def default_in_scope_answers(catalog: Catalog) -> dict[str, str]:
    """Answers for an ordinary commercial connected product (a starting point for forms)."""
    answers: dict[str, str] = {}
    for question in catalog.scope.question:
        if question.excludes_when == "no":
            answers[question.id] = "yes"
        else:
            answers[question.id] = "no"
    return {q.id: answers[q.id] for q in asked_questions(catalog, answers)}
