"""Art. 14 edge cases (issue 11 item 7): a measure available before awareness, awareness before
Art. 14 applied, releases past their support."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rempart.core.cra.catalog import load_catalog
from rempart.core.reporting.clocks import CaseKind, CaseTimes, StageState, compute_clocks
from rempart.core.reporting.data import load_reporting_data
from rempart.core.reporting.notes import awareness_before_art14, case_notes

CATALOG = load_catalog()
DATA = load_reporting_data(CATALOG)
RULES = CATALOG.rules.report_stage
AWARE = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def final_report(measure: datetime, now: datetime) -> tuple:  # type: ignore[type-arg]
    clocks = compute_clocks(RULES, CaseTimes(CaseKind.VULNERABILITY, AWARE, measure), now)
    return next(c for c in clocks if c.key == "final-report"), clocks


def test_a_measure_available_before_awareness_counts_from_awareness() -> None:
    """A KEV entry whose fix shipped months earlier: not due before awareness, not overdue."""
    measure = AWARE - timedelta(days=90)
    clock, clocks = final_report(measure, now=AWARE + timedelta(hours=1))
    assert clock.anchor_at == AWARE
    assert clock.due_at == AWARE + timedelta(days=14)
    assert clock.state is StageState.DUE
    assert clock.anchor_rule == "measure-before-awareness"
    (note,) = case_notes(CATALOG, DATA, AWARE, clocks)
    assert note.id == "measure-before-awareness"
    assert note.citation == "RPT-AEV-FR"
    assert "Rempart's reading" in note.text  # says which rule applied, and on what basis


def test_a_measure_available_after_awareness_counts_from_the_measure() -> None:
    measure = AWARE + timedelta(days=3)
    clock, clocks = final_report(measure, now=measure)
    assert clock.anchor_at == measure
    assert clock.due_at == measure + timedelta(days=14)
    assert clock.anchor_rule == ""
    assert case_notes(CATALOG, DATA, AWARE, clocks) == ()


def test_awareness_before_art14_applied_is_accepted_with_a_warning() -> None:
    before = datetime(2026, 9, 10, 22, 0, tzinfo=UTC)
    assert awareness_before_art14(CATALOG, before)
    assert not awareness_before_art14(CATALOG, datetime(2026, 9, 11, 0, 0, tzinfo=UTC))
    assert not awareness_before_art14(CATALOG, None)
    notes = case_notes(CATALOG, DATA, before, ())
    assert [n.id for n in notes] == ["awareness-before-art14"]
    assert notes[0].citation == "DATE-ART14"
    assert "11 September 2026" in notes[0].text


def test_releases_past_their_support_are_named() -> None:
    notes = case_notes(CATALOG, DATA, AWARE, (), ["Router 1.0 (support ended 2026-01-10)"])
    assert [(n.id, n.citation, n.detail) for n in notes] == [
        ("support-ended", "ART14-1", "Router 1.0 (support ended 2026-01-10)")
    ]
