"""Heat maps: a grid of cells keyed by status, with marks and arrows placed in it (core layer)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rempart.core.charts.bars import LegendItem, legend_items

ROW_LABEL_WIDTH = 180
COLUMN_LABEL_HEIGHT = 28
MAX_WIDTH = 640
LEGEND_HEIGHT = 26
ARROW_INSET = 10.0


@dataclass(frozen=True, slots=True)
class Axis:
    label: str
    position: float  # x of a column's centre, y of a row's centre


@dataclass(frozen=True, slots=True)
class Cell:
    row: str
    column: str
    key: str  # status or rating: the CSS class chart-<key>
    label: str  # what the cell says in words (tooltip and text alternative)
    x: float
    y: float
    width: float
    height: float
    marks: tuple[str, ...] = ()

    @property
    def centre_x(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def centre_y(self) -> float:
        return round(self.y + self.height / 2, 2)

    @property
    def marks_text(self) -> str:
        return ", ".join(self.marks)


@dataclass(frozen=True, slots=True)
class Arrow:
    """From one cell to another (a risk moving from its inherent to its residual rating)."""

    label: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class HeatMap:
    title: str
    desc: str
    width: int
    height: int
    cell_width: float
    cell_height: float
    rows: tuple[Axis, ...]
    columns: tuple[Axis, ...]
    cells: tuple[Cell, ...]
    arrows: tuple[Arrow, ...]
    legend: tuple[LegendItem, ...]
    legend_y: float
    row_title: str = ""
    column_title: str = ""

    @property
    def empty(self) -> bool:
        return not self.cells

    @property
    def label_x(self) -> float:
        return ROW_LABEL_WIDTH - 6

    @property
    def legend_text_y(self) -> float:
        return self.legend_y + 11

    @property
    def column_label_y(self) -> float:
        return COLUMN_LABEL_HEIGHT - 8

    def cell(self, row: str, column: str) -> Cell:
        for cell in self.cells:
            if cell.row == row and cell.column == column:
                return cell
        raise KeyError((row, column))


def heat_map(
    title: str,
    desc: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Mapping[tuple[str, str], tuple[str, str]],
    *,
    keys: Sequence[tuple[str, str]],
    marks: Mapping[tuple[str, str], Sequence[str]] | None = None,
    moves: Sequence[tuple[str, tuple[str, str], tuple[str, str]]] = (),
    cell_height: float = 26,
    row_title: str = "",
    column_title: str = "",
) -> HeatMap:
    """A ``rows`` × ``columns`` grid; ``values[(row, column)] = (key, label)`` colours a cell
    (a missing pair is ``("none", "")``). ``marks`` writes short labels into cells; ``moves``
    draws ``(label, from (row, column), to (row, column))`` arrows between cell centres."""
    if len(set(rows)) != len(rows) or len(set(columns)) != len(columns):
        raise ValueError("row and column labels must be unique")
    known = {key for key, _ in keys} | {"none"}
    cell_width = min(80.0, (MAX_WIDTH - ROW_LABEL_WIDTH) / max(1, len(columns)))
    built: list[Cell] = []
    centres: dict[tuple[str, str], tuple[float, float]] = {}
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            key, label = values.get((row, column), ("none", ""))
            if key not in known:
                raise ValueError(f"{row} × {column}: unknown key {key!r}")
            cell = Cell(
                row,
                column,
                key,
                label,
                round(ROW_LABEL_WIDTH + c * cell_width, 2),
                round(COLUMN_LABEL_HEIGHT + r * cell_height, 2),
                round(cell_width - 2, 2),
                round(cell_height - 2, 2),
                tuple((marks or {}).get((row, column), ())),
            )
            centres[(row, column)] = (cell.centre_x, cell.centre_y)
            built.append(cell)
    arrows = []
    for label, start, end in moves:
        if start == end:
            continue
        (x1, y1), (x2, y2) = centres[start], centres[end]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        pull = min(ARROW_INSET, length / 3) / length  # start and end short of the labels
        dx, dy = (x2 - x1) * pull, (y2 - y1) * pull
        arrows.append(
            Arrow(label, round(x1 + dx, 2), round(y1 + dy, 2), round(x2 - dx, 2), round(y2 - dy, 2))
        )
    legend_y = COLUMN_LABEL_HEIGHT + len(rows) * cell_height + 8
    return HeatMap(
        title,
        desc,
        int(ROW_LABEL_WIDTH + len(columns) * cell_width + 4),
        int(legend_y + LEGEND_HEIGHT),
        round(cell_width, 2),
        cell_height,
        tuple(
            Axis(row, round(COLUMN_LABEL_HEIGHT + (r + 0.5) * cell_height, 2))
            for r, row in enumerate(rows)
        ),
        tuple(
            Axis(column, round(ROW_LABEL_WIDTH + (c + 0.5) * cell_width, 2))
            for c, column in enumerate(columns)
        ),
        tuple(built),
        tuple(arrows),
        legend_items(keys),
        legend_y,
        row_title,
        column_title,
    )
