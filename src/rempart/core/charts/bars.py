"""Horizontal bars, stacked bars and trends (core layer, pure)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

WIDTH = 640
LABEL_WIDTH = 180
VALUE_WIDTH = 56
ROW_HEIGHT = 22
ROW_GAP = 8
TOP = 8
LEGEND_HEIGHT = 26


@dataclass(frozen=True, slots=True)
class LegendItem:
    key: str
    label: str
    x: float = 0.0


@dataclass(frozen=True, slots=True)
class Segment:
    """One coloured piece of a bar: ``value`` drawn from ``x`` over ``width``."""

    key: str
    label: str
    value: float
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class BarRow:
    label: str
    total: float
    total_text: str
    y: float
    segments: tuple[Segment, ...]
    href: str = ""

    @property
    def text_y(self) -> float:
        return self.y + ROW_HEIGHT * 0.7


@dataclass(frozen=True, slots=True)
class BarChart:
    """Rows of (stacked) bars sharing one scale; ``legend`` names the segment keys."""

    title: str
    desc: str
    width: int
    height: int
    label_width: int
    bar_width: int
    row_height: int
    maximum: float
    rows: tuple[BarRow, ...]
    legend: tuple[LegendItem, ...]
    legend_y: float
    unit: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def label_x(self) -> float:
        return self.label_width - 8

    @property
    def legend_text_y(self) -> float:
        return self.legend_y + 11

    @property
    def value_x(self) -> float:
        return self.label_width + self.bar_width + 6


def legend_items(keys: Sequence[tuple[str, str]]) -> tuple[LegendItem, ...]:
    items: list[LegendItem] = []
    x = 0.0
    for key, label in keys:
        items.append(LegendItem(key, label, x))
        x += 18 + 7 * len(label) + 16
    return tuple(items)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def stacked_bars(
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Mapping[str, float]]],
    keys: Sequence[tuple[str, str]],
    *,
    maximum: float | None = None,
    unit: str = "",
    links: Mapping[str, str] | None = None,
) -> BarChart:
    """One bar per row, split into segments in the order of ``keys`` (``(key, label)``).

    Values missing from a row count as 0; negative values are refused. ``maximum`` fixes the
    scale (a score out of 100); by default the largest row total sets it (at least 1, so an
    all-zero chart still draws).
    """
    totals = []
    for label, values in rows:
        if any(v < 0 for v in values.values()):
            raise ValueError(f"{label}: negative value")
        totals.append(sum(values.get(key, 0) for key, _ in keys))
    scale_max = maximum if maximum is not None else max([1.0, *totals])
    bar_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    built: list[BarRow] = []
    for index, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = TOP + index * (ROW_HEIGHT + ROW_GAP)
        x = float(LABEL_WIDTH)
        segments: list[Segment] = []
        for key, key_label in keys:
            value = values.get(key, 0)
            if value <= 0:
                continue
            width = bar_width * min(value, scale_max) / scale_max
            segments.append(Segment(key, key_label, value, round(x, 2), round(width, 2)))
            x += width
        text = _number(total) + unit
        built.append(BarRow(label, total, text, y, tuple(segments), (links or {}).get(label, "")))
    legend_y = TOP + len(rows) * (ROW_HEIGHT + ROW_GAP) + 4
    shown_keys = keys if len(keys) > 1 else ()
    height = legend_y + (LEGEND_HEIGHT if shown_keys else 0) + 4
    return BarChart(
        title,
        desc,
        WIDTH,
        int(height),
        LABEL_WIDTH,
        bar_width,
        ROW_HEIGHT,
        scale_max,
        tuple(built),
        legend_items(shown_keys),
        legend_y,
        unit,
    )


def bars(
    title: str,
    desc: str,
    items: Sequence[tuple[str, float]],
    *,
    key: str = "bar",
    maximum: float | None = None,
    unit: str = "",
    limit: int | None = None,
) -> BarChart:
    """Plain bars, one per ``(label, value)``; with ``limit``, the rest are summed as "other"."""
    shown = list(items)
    if limit is not None and len(shown) > limit:
        rest = sum(value for _, value in shown[limit - 1 :])
        shown = [*shown[: limit - 1], ("other", rest)]
    return stacked_bars(
        title,
        desc,
        [(label, {key: value}) for label, value in shown],
        [(key, title)],
        maximum=maximum,
        unit=unit,
    )


# --------------------------------------------------------------------------------- trends

TREND_HEIGHT = 180
TREND_LEFT = 44
TREND_BOTTOM = 24


@dataclass(frozen=True, slots=True)
class TrendPoint:
    when: datetime
    value: float
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class TrendSeries:
    key: str
    label: str
    points: tuple[TrendPoint, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True, slots=True)
class Tick:
    label: str
    x: float
    y: float
    anchor: str = "middle"  # SVG text-anchor: the axis' ends keep their labels inside


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ that is ≥ ``value`` (an axis maximum people read)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)  # pragma: no cover (10 × power always reaches value)


@dataclass(frozen=True, slots=True)
class Trend:
    title: str
    desc: str
    width: int
    height: int
    plot_top: float
    plot_bottom: float
    plot_left: float
    plot_right: float
    maximum: float
    series: tuple[TrendSeries, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)

    @property
    def legend_y(self) -> float:
        return self.height - 8


def _moment_label(when: datetime, other: datetime) -> str:
    """The date, with the time when both ends fall on the same day."""
    if when.date() == other.date():
        return when.strftime("%Y-%m-%d %H:%M")
    return when.date().isoformat()


def trend(
    title: str,
    desc: str,
    series: Sequence[tuple[str, str, Sequence[tuple[datetime, float]]]],
) -> Trend:
    """Lines over time: ``(key, label, [(when, value)...])`` per series, on one shared scale."""
    every = [point for _, _, points in series for point in points]
    left, right = float(TREND_LEFT), float(WIDTH - 12)
    top, bottom = 10.0, float(TREND_HEIGHT - TREND_BOTTOM)
    maximum = nice_ceiling(max([1.0, *(value for _, value in every)]))
    if every:
        start = min(when for when, _ in every)
        end = max(when for when, _ in every)
    else:
        start = end = datetime(1970, 1, 1, tzinfo=UTC)
    span = (end - start).total_seconds() or 1.0

    def x_of(when: datetime) -> float:
        if start == end:
            return round((left + right) / 2, 2)
        return round(left + (right - left) * (when - start).total_seconds() / span, 2)

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * value / maximum, 2)

    built = tuple(
        TrendSeries(
            key,
            label,
            tuple(TrendPoint(w, v, x_of(w), y_of(v)) for w, v in sorted(points)),
        )
        for key, label, points in series
    )
    x_ticks: list[Tick] = []
    if every:
        if end == start:
            x_ticks.append(Tick(start.date().isoformat(), x_of(start), bottom + 16))
        else:
            x_ticks.append(Tick(_moment_label(start, end), x_of(start), bottom + 16, "start"))
            x_ticks.append(Tick(_moment_label(end, start), x_of(end), bottom + 16, "end"))
    y_ticks = tuple(Tick(_number(v), left - 6, y_of(v)) for v in (0.0, maximum / 2, maximum))
    legend = legend_items([(key, label) for key, label, _ in series])
    return Trend(
        title,
        desc,
        WIDTH,
        TREND_HEIGHT + LEGEND_HEIGHT,
        top,
        bottom,
        left,
        right,
        maximum,
        built,
        tuple(x_ticks),
        y_ticks,
        legend,
    )
