"""What a case says when an edge case of Art. 14 applies (core layer).

- ``awareness-before-art14``: the manufacturer became aware before Art. 14 applied
  (``DATE-ART14``, 11 September 2026); the time is accepted, with this warning.
- ``measure-before-awareness``: the AEV final report's clock starts at awareness because the
  measure was available earlier (see ``clocks``).
- ``support-ended``: affected releases past their end of support; Art. 14(1) knows no
  support-period limit, so they are reported all the same.

The wording and citation of each note are data (``reporting.toml``, ``[[note]]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rempart.core.cra.catalog import Catalog
from rempart.core.reporting.clocks import StageClock
from rempart.core.reporting.data import ReportingData


@dataclass(frozen=True, slots=True)
class CaseNote:
    id: str
    text: str
    citation: str
    detail: str = ""  # what it concerns, e.g. the releases whose support ended


def awareness_before_art14(catalog: Catalog, aware_at: datetime | None) -> bool:
    """True when ``aware_at`` (UTC) falls before the day Art. 14 applies (``DATE-ART14``)."""
    return aware_at is not None and aware_at.date() < catalog.date_of("DATE-ART14")


def case_notes(
    catalog: Catalog,
    data: ReportingData,
    aware_at: datetime | None,
    clocks: Sequence[StageClock],
    ended_releases: Sequence[str] = (),
) -> tuple[CaseNote, ...]:
    """The notes of a case, in a stable order."""
    found: list[CaseNote] = []

    def add(note_id: str, detail: str = "") -> None:
        note = data.note_of(note_id)
        found.append(CaseNote(note.id, note.text, note.citation, detail))

    if awareness_before_art14(catalog, aware_at):
        add("awareness-before-art14", f"aware {aware_at:%Y-%m-%d %H:%M} UTC")
    for clock in clocks:
        if clock.anchor_rule:
            add(clock.anchor_rule, f"{clock.label}: the clock runs from awareness")
    if ended_releases:
        add("support-ended", "; ".join(ended_releases))
    return tuple(found)
