"""Timelines: lanes of spans and marks against dated references and "today" (core layer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from rempart.core.charts.bars import LegendItem, legend_items

WIDTH = 640
LANE_LABEL_WIDTH = 180
LANE_HEIGHT = 30
TOP = 44
RIGHT_MARGIN = 16
LEGEND_HEIGHT = 26


def moment(value: date | datetime) -> datetime:
    """A date is its day's start in UTC; a naive datetime is refused (times are zoned)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value
    return datetime.combine(value, time(), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SpanIn:
    """Input: a bar from ``start`` to ``end`` (``None``: open-ended, drawn to the chart's end)."""

    label: str
    start: date | datetime
    end: date | datetime | None
    key: str


@dataclass(frozen=True, slots=True)
class MarkIn:
    label: str
    when: date | datetime
    key: str
    caption: str = ""  # a few words drawn beside the mark (the label is its tooltip)


@dataclass(frozen=True, slots=True)
class LaneIn:
    label: str
    spans: Sequence[SpanIn] = ()
    marks: Sequence[MarkIn] = ()
    href: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    label: str
    key: str
    start: datetime
    end: datetime | None
    x: float
    width: float
    y: float


@dataclass(frozen=True, slots=True)
class Mark:
    label: str
    key: str
    when: datetime
    x: float
    y: float
    caption: str = ""
    caption_x: float = 0.0
    caption_y: float = 0.0
    caption_anchor: str = "start"


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    y: float
    href: str
    spans: tuple[Span, ...]
    marks: tuple[Mark, ...]

    @property
    def text_y(self) -> float:
        return self.y + LANE_HEIGHT * 0.65


@dataclass(frozen=True, slots=True)
class Reference:
    """A vertical line across every lane (a legal date, "today")."""

    label: str
    key: str
    when: datetime
    x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class Timeline:
    title: str
    desc: str
    width: int
    height: int
    start: datetime
    end: datetime
    plot_top: float
    plot_bottom: float
    lanes: tuple[Lane, ...]
    references: tuple[Reference, ...]
    legend: tuple[LegendItem, ...] = field(default=())
    legend_y: float = 0.0

    @property
    def label_x(self) -> float:
        return LANE_LABEL_WIDTH - 6

    @property
    def legend_text_y(self) -> float:
        return self.legend_y + 11

    @property
    def empty(self) -> bool:
        return not self.lanes


def _mark(given: MarkIn, x: float, y: float, index: int, middle: float) -> Mark:
    """A placed mark; its caption sits beside it, alternately above and below (marks close in
    time do not write over each other), and towards the middle of the chart."""
    anchor = "start" if x <= middle else "end"
    return Mark(
        given.label,
        given.key,
        moment(given.when),
        x,
        y,
        given.caption,
        round(x + (7 if anchor == "start" else -7), 2),
        round(y + (-3 if index % 2 == 0 else 10), 2),
        anchor,
    )


def timeline(
    title: str,
    desc: str,
    lanes: Sequence[LaneIn],
    *,
    references: Sequence[MarkIn] = (),
    keys: Sequence[tuple[str, str]] = (),
    start: date | datetime | None = None,
    end: date | datetime | None = None,
) -> Timeline:
    """Place every span, mark and reference on one time axis.

    The axis runs from ``start`` to ``end`` when given, else from the earliest to the latest
    moment named (with a 3 % margin); an open-ended span runs to the axis' end. Moments outside
    the axis are clamped to its edges (a support end in 2040 on a 2024-2028 axis).
    """
    named = [moment(r.when) for r in references]
    for lane in lanes:
        named += [moment(m.when) for m in lane.marks]
        for span in lane.spans:
            named.append(moment(span.start))
            if span.end is not None:
                named.append(moment(span.end))
    if not named and (start is None or end is None):
        raise ValueError("a timeline needs at least one moment or explicit bounds")
    low = moment(start) if start is not None else min(named)
    high = moment(end) if end is not None else max(named)
    if high <= low:
        high = low + timedelta(days=1)
    if start is None or end is None:
        margin = (high - low) * 0.03
        low, high = (
            (low - margin if start is None else low),
            (high + margin if end is None else high),
        )
    left, right = float(LANE_LABEL_WIDTH), float(WIDTH - RIGHT_MARGIN)
    span_s = (high - low).total_seconds()

    def x_of(when: datetime) -> float:
        share = (min(max(when, low), high) - low).total_seconds() / span_s
        return round(left + (right - left) * share, 2)

    ordered = sorted(references, key=lambda r: moment(r.when))
    placed = [(x_of(moment(r.when)), r.label) for r in ordered]
    label_rows = _label_rows(placed)
    # Room above the lanes for every row of reference labels (three at least).
    top = TOP + LABEL_ROW_HEIGHT * max(0, max(label_rows, default=0) + 1 - 3)
    built: list[Lane] = []
    for index, lane in enumerate(lanes):
        y = top + index * LANE_HEIGHT
        spans = []
        for span in lane.spans:
            begin = moment(span.start)
            finish = moment(span.end) if span.end is not None else None
            x1, x2 = x_of(begin), x_of(finish if finish is not None else high)
            spans.append(
                Span(span.label, span.key, begin, finish, x1, round(max(x2 - x1, 2), 2), y + 6)
            )
        marks = tuple(
            _mark(m, x_of(moment(m.when)), round(y + LANE_HEIGHT / 2, 2), n, (left + right) / 2)
            for n, m in enumerate(sorted(lane.marks, key=lambda m: moment(m.when)))
        )
        built.append(Lane(lane.label, y, lane.href, tuple(spans), marks))
    bottom = top + len(lanes) * LANE_HEIGHT + 4
    refs = tuple(
        Reference(r.label, r.key, moment(r.when), x, LABEL_ROW_HEIGHT * (row + 1))
        for r, (x, _), row in zip(ordered, placed, label_rows, strict=True)
    )
    legend_y = bottom + 10
    return Timeline(
        title,
        desc,
        WIDTH,
        int(legend_y + (LEGEND_HEIGHT if keys else 0) + 4),
        low,
        high,
        float(top - 4),
        float(bottom),
        tuple(built),
        refs,
        legend_items(keys),
        legend_y,
    )


#: height of a row of reference labels above the lanes (``TOP`` leaves room for three)
LABEL_ROW_HEIGHT = 11.0
#: width of one character of a reference label (10 px text) and the gap kept between labels
LABEL_CHAR_WIDTH = 5.6
LABEL_GAP = 6.0
#: labels longer than this are shortened in the picture (the full text is the line's tooltip)
LABEL_CHARS = 28


def half_width(label: str) -> float:
    """Half the drawn width of a reference label (it is centred on its line)."""
    return min(len(label), LABEL_CHARS) * LABEL_CHAR_WIDTH / 2


def _label_rows(placed: Sequence[tuple[float, str]]) -> list[int]:
    """A row for each label, left to right: the first row where it clears the labels already
    there, else a new row (close dates stay readable)."""
    ends: list[float] = []
    rows = []
    for x, label in placed:
        half = half_width(label)
        free = [row for row, end in enumerate(ends) if end + LABEL_GAP <= x - half]
        row = free[0] if free else len(ends)
        if row == len(ends):
            ends.append(x + half)
        else:
            ends[row] = x + half
        rows.append(row)
    return rows
