"""Citations: how a rule names the law it applies (core layer).

Every entry of the catalog — a provision, an Annex III/IV category, a table row, a guidance
note — can be cited by its stable ID from the reference (``ART13-8``, ``AIII-C1-3``,
``RPT-AEV-EW``). A :class:`Citation` carries what a screen or document shows next to a rule:
the legal reference, a one-line summary and, where the reference quotes it, the wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class CitationKind(StrEnum):
    PROVISION = "provision"  # article paragraph, annex point, scope entry (quoted law)
    CATEGORY = "category"  # Annex III / IV category (+ IR 2025/2392 description)
    TABLE = "table"  # a row of one of the reference's tables (dates, deadlines, …)
    NOTE = "note"  # guidance or status note (secondary; not law)


@dataclass(frozen=True, slots=True)
class Citation:
    id: str
    kind: CitationKind
    ref: str
    summary: str
    text: str | None = None

    def label(self) -> str:
        """Short form shown next to a rule, e.g. ``Art. 13(8) [ART13-8]``."""
        return f"{self.ref} [{self.id}]" if self.ref else f"[{self.id}]"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "ref": self.ref,
            "summary": self.summary,
        }


def grouped_labels(citations: Sequence[Citation]) -> list[str]:
    """One label per legal reference: ``Art. 14(2)(a) [RPT-AEV-EW, ART14-2a]``.

    A rule and the paragraph it restates share their reference; printing one label each
    showed the same article twice.
    """
    grouped: dict[str, list[str]] = {}
    for citation in citations:
        grouped.setdefault(citation.ref or citation.id, []).append(citation.id)
    return [
        f"{ref} [{', '.join(ids)}]" if ref not in ids else f"[{ref}]"
        for ref, ids in grouped.items()
    ]
