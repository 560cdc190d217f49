"""Pages of long lists: what was asked for and what one page holds, with the total (core layer).

Every list the web interface or the API shows is read one page at a time; the page says how
many items there are in total, so a screen can say "51–100 of 5,203" and an API client knows
when to stop. Offsets are used rather than cursors because every list here has a stable
order and a total is wanted anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rempart.core.errors import InvalidInput

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``limit`` items starting at ``offset`` (0-based)."""

    offset: int = 0
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        if self.offset < 0:
            raise InvalidInput.single("offset", "must be 0 or more")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput.single("limit", f"must be between 1 and {MAX_LIMIT}")

    @classmethod
    def number(cls, page: int, per_page: int = DEFAULT_LIMIT) -> PageRequest:
        """The 1-based ``page`` of ``per_page`` items (out-of-range numbers are clamped to 1)."""
        return cls(max(0, page - 1) * per_page, per_page)

    @classmethod
    def parse(cls, page: str | None, per_page: int = DEFAULT_LIMIT) -> PageRequest:
        """From a query-string value: anything that is not a positive number is page 1."""
        try:
            number = int(page or "1")
        except ValueError:
            number = 1
        return cls.number(min(max(number, 1), 1_000_000), per_page)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list."""

    items: Sequence[T]
    total: int
    request: PageRequest

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def offset(self) -> int:
        return self.request.offset

    @property
    def limit(self) -> int:
        return self.request.limit

    @property
    def number(self) -> int:
        """1-based number of this page."""
        return self.request.offset // self.request.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.limit))

    @property
    def first_item(self) -> int:
        """1-based position of the first item shown (0 when the page is empty)."""
        return self.request.offset + 1 if self.items else 0

    @property
    def last_item(self) -> int:
        return self.request.offset + len(self.items)

    @property
    def has_next(self) -> bool:
        return self.request.offset + len(self.items) < self.total

    @property
    def has_previous(self) -> bool:
        return self.request.offset > 0

    @property
    def next_offset(self) -> int | None:
        return self.request.offset + self.request.limit if self.has_next else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.request.offset - self.request.limit) if self.has_previous else None


def page_of(items: Sequence[T], request: PageRequest) -> Page[T]:
    """A page cut from a list already in memory (short lists such as one product's releases)."""
    return Page(tuple(items[request.offset : request.offset + request.limit]), len(items), request)
