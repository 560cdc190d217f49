"""Tables for people, JSON for programs: every listing command goes through :func:`emit`.

JSON output is stable and documented in docs/cli-json.md: a list or object of plain values,
times as ISO 8601 in UTC to the second (``2026-12-06T09:30:00Z``), never Rich markup.
Tables show times in the organization's zone (or ``--time-zone``), each with its zone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import click

from rempart.core.clock import iso

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for programs (stable, see docs/cli-json.md).",
)


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return iso(value)  # to the second, in UTC ("Z"): never microseconds
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def to_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)


def emit(data: object, fmt: str, table: Callable[[Any], None]) -> None:
    if fmt == "json":
        click.echo(to_json(data))
    else:
        table(data)


def print_table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    Console().print(grid)


def say(message: str) -> None:
    from rich.console import Console

    Console(highlight=False).print(message)
