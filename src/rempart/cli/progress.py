"""Progress for long work on a terminal: Rich bars on standard error, nothing otherwise (cli layer).

Shown only when both standard output and standard error are terminals: piped or redirected
output (``--format json | jq``, cron, CI) stays byte for byte what it was, with no bar, no
carriage return and no escape sequence in it. The bar is transient: it disappears when the
work ends, leaving the command's usual output.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any


def interactive(stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> bool:
    """Whether a person watches: standard output and standard error are both terminals."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    return bool(getattr(out, "isatty", lambda: False)() and getattr(err, "isatty", lambda: False)())


class Bar:
    """What a command reports to: ``update(done, total, stage)`` (a no-op when silent)."""

    def __init__(self, progress: Any = None, task: Any = None) -> None:
        self._progress = progress
        self._task = task

    def update(self, done: int, total: int, stage: str = "") -> None:
        if self._progress is None:
            return
        self._progress.update(self._task, completed=done, total=total or None, stage=stage)

    def advance(self, stage: str = "") -> None:
        if self._progress is None:
            return
        self._progress.update(self._task, advance=1, stage=stage)


@contextmanager
def progress(
    description: str,
    total: int | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> Iterator[Bar]:
    """A progress bar for ``description`` while the block runs (``total=None``: a spinner)."""
    if not interactive(stdout, stderr):
        yield Bar()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(file=stderr or sys.stderr, force_terminal=True)
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[stage]}", style="dim"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total, stage="")
        yield Bar(bar, task)
