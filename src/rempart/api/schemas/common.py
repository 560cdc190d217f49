"""Schemas shared by several resources."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from ninja import Schema

from rempart.core.cra.citation import Citation
from rempart.core.paging import Page, PageRequest


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


T = TypeVar("T")


class PageOut(Schema, Generic[T]):
    """One page of a list: ``items``, the ``count`` of all items, and where the next page starts.

    Ask for a page with ``?offset=0&limit=50`` (``limit`` at most 500); ``next_offset`` is
    ``null`` on the last page.
    """

    items: list[T]
    count: int
    offset: int
    limit: int
    next_offset: int | None

    @classmethod
    def of(cls, page: Page[Any], items: list[T]) -> PageOut[T]:
        return cls(
            items=items,
            count=page.total,
            offset=page.offset,
            limit=page.limit,
            next_offset=page.next_offset,
        )


def page_request(offset: int, limit: int) -> PageRequest:
    """The page a client asked for (``InvalidInput`` -> 422 when out of bounds)."""
    return PageRequest(offset, limit)
