"""Schemas shared by several resources."""

from __future__ import annotations

from ninja import Schema

from rempart.core.cra.citation import Citation


class CitationOut(Schema):
    id: str
    ref: str
    summary: str
    kind: str

    @staticmethod
    def of(citation: Citation) -> CitationOut:
        return CitationOut(
            id=citation.id, ref=citation.ref, summary=citation.summary, kind=citation.kind.value
        )


class ProblemItem(Schema):
    field: str
    message: str
    citation: str | None = None


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    kind: str | None = None
    errors: list[ProblemItem] = []
