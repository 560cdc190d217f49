"""Evidence Rempart can show from its own records (Annex I assessment, pure core).

A provider looks at what Rempart already holds for a product (SBOMs, findings, the CVD policy,
security.txt, the support period, questionnaire answers, test records, ...) and says, for the
requirement IDs of the catalog it bears on, whether that evidence is there right now. Providers
never decide that a requirement is met: a person does, looking at this evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rempart.core.links import PageRef


class EvidenceState(StrEnum):
    PRESENT = "present"  # the record exists and is current
    ATTENTION = "attention"  # it exists but something needs a look (overdue, expiring, partial)
    MISSING = "missing"  # Rempart holds nothing that would show this


@dataclass(frozen=True, slots=True)
class AutoEvidence:
    """One piece of evidence found in Rempart's own records, with its live state."""

    key: str  # stable, e.g. "sbom.current-release"; unique per product
    requirement_ids: tuple[str, ...]  # catalog IDs, e.g. ("AI-P2-1",)
    title: str
    state: EvidenceState
    detail: str  # one sentence a compliance officer can act on
    link: PageRef | None = None  # the page of the record, when there is one

    def __post_init__(self) -> None:
        if not self.requirement_ids:
            raise ValueError(f"evidence {self.key!r} names no requirement")
