"""Time writing a JSON scan report: the stdlib's indenting encoder against orjson.

Usage: ``.venv/bin/python bench/report_writing.py REPORT.json`` (any scan report written by
``rempart scan --format json``); prints the best of five for each writer and checks that both
produce the same bytes.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson


def best_of(writer: Callable[[], bytes], runs: int = 5) -> tuple[float, bytes]:
    best, out = float("inf"), b""
    for _ in range(runs):
        start = time.perf_counter()
        out = writer()
        best = min(best, time.perf_counter() - start)
    return best, out


def main(path: str) -> None:
    document = json.loads(Path(path).read_bytes())
    std_time, std = best_of(
        lambda: (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    )
    fast_time, fast = best_of(
        lambda: orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    )
    print(f"json.dumps(indent=2): {std_time:.3f} s; orjson OPT_INDENT_2: {fast_time:.4f} s")
    print(f"identical bytes: {std == fast} ({len(std):,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
