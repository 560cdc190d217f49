"""Threat lists in and risk registers out, as CSV (formats layer).

The format is documented in ``docs/risk-csv.md``. Reading is strict: UTF-8 only (a BOM is
allowed), at most :data:`MAX_BYTES` and :data:`MAX_ROWS`, the delimiter (comma, semicolon or
tab) taken from the header line, known column names only, and every error names its row and
column. Checking the values against the risk scale and the catalog is the core's job; this
module only turns bytes into drafts and drafts' rows into bytes.

Writing escapes every cell that a spreadsheet would run as a formula (one starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) by prefixing a single quote
(OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rempart.core.errors import Problem
from rempart.core.risk.assessment import RiskDraft, ThreatDraft
from rempart.formats.errors import WHOLE_DOCUMENT, LocatedFormatError
from rempart.formats.limits import THREAT_CSV_MAX_BYTES

MAX_BYTES = THREAT_CSV_MAX_BYTES
MAX_ROWS = 1000
MAX_CELL = 10_000
DELIMITERS = (",", ";", "\t")
THREAT_COLUMNS = ("title", "description", "asset", "source")
RISK_COLUMNS = (
    "likelihood",
    "impact",
    "treatment",
    "treatment_description",
    "requirement_ids",
    "residual_likelihood",
    "residual_impact",
    "owner",
    "next_review",
)
# Columns the export writes that an import may carry back; they are computed, so ignored.
IGNORED_COLUMNS = ("identifier", "threat", "rating", "residual_rating", "risk_title")
KNOWN_COLUMNS = (*THREAT_COLUMNS, *RISK_COLUMNS, *IGNORED_COLUMNS)
EXPORT_COLUMNS = (
    "identifier",
    "title",
    "threat",
    "asset",
    "likelihood",
    "impact",
    "rating",
    "treatment",
    "treatment_description",
    "requirement_ids",
    "residual_likelihood",
    "residual_impact",
    "residual_rating",
    "owner",
    "next_review",
    "description",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_REQUIREMENT_SPLIT = re.compile(r"[\s|]+")


class CsvError(LocatedFormatError):
    """A threat list that cannot be read; each problem names ``row N, column X``."""

    kind = "format.csv"


@dataclass(frozen=True, slots=True)
class ThreatRow:
    """One data row: a threat, and the risk it poses when rating columns are filled."""

    row: int  # 1-based, the header is row 1
    threat: ThreatDraft
    risk: RiskDraft | None


def where(row: int, column: str) -> str:
    return f"row {row}, column {column}"


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise CsvError.at(WHOLE_DOCUMENT, f"larger than {MAX_BYTES:,} bytes")
    if not data.strip():
        raise CsvError.at(WHOLE_DOCUMENT, "the file is empty; expected a header row")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvError.at(f"row {line}", f"not UTF-8 (byte {exc.start})") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CsvError.at(f"row {line}", "contains a NUL character; is this a binary file?")
    return text


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(cells: list[str]) -> list[str]:
    names = [c.strip().lower() for c in cells]
    problems = [
        Problem(where(1, name or f"#{i + 1}"), f"unknown column; use: {', '.join(KNOWN_COLUMNS)}")
        for i, name in enumerate(names)
        if name not in KNOWN_COLUMNS
    ]
    problems.extend(
        Problem(where(1, name), "column appears twice")
        for i, name in enumerate(names)
        if name in names[:i]
    )
    if "title" not in names:
        problems.append(Problem(where(1, "title"), "required column is missing"))
    if problems:
        raise CsvError(f"the header is invalid: {problems[0]}", problems)
    return names


def parse_threats(data: bytes) -> list[ThreatRow]:
    """Read a threat list, or refuse the whole file naming every defective row and column.

    Rows are counted as a spreadsheet shows them (the header is row 1, a cell spanning lines
    stays in one row), so ``row 7`` is the seventh record, not the seventh line.
    """
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True
    )
    rows: list[ThreatRow] = []
    problems: list[Problem] = []
    number = 0  # the record last read; the header is record 1
    try:
        names = _header(next(reader, []))  # an empty file: 'title' is missing
        number = 1
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue  # blank lines separate nothing in a threat list
            if len(rows) >= MAX_ROWS:
                raise CsvError.at(f"row {number}", f"more than {MAX_ROWS} data rows")
            if len(cells) != len(names):
                problems.append(
                    Problem(f"row {number}", f"has {len(cells)} cells, the header {len(names)}")
                )
                continue
            row = _row(number, dict(zip(names, cells, strict=True)), problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        raise CsvError.at(f"row {number + 1}", f"not valid CSV: {exc}") from None
    if problems:
        raise CsvError(f"the threat list is invalid: {problems[0]}", problems)
    if not rows:
        raise CsvError.at("row 2", "the file has a header but no threats")
    return rows


def _row(number: int, values: dict[str, str], problems: list[Problem]) -> ThreatRow | None:
    before = len(problems)
    for column, value in values.items():
        if len(value) > MAX_CELL:
            problems.append(Problem(where(number, column), f"longer than {MAX_CELL:,} characters"))
    clean = {k: v.strip() for k, v in values.items()}
    if not clean.get("title"):
        problems.append(Problem(where(number, "title"), "is required"))
    next_review: date | None = None
    if clean.get("next_review"):
        try:
            next_review = date.fromisoformat(clean["next_review"])
        except ValueError:
            problems.append(Problem(where(number, "next_review"), "expected YYYY-MM-DD"))
    rated = any(clean.get(c) for c in RISK_COLUMNS)
    if rated:
        problems.extend(
            Problem(where(number, c), "is required when the row rates a risk")
            for c in ("likelihood", "impact", "treatment")
            if not clean.get(c)
        )
    if len(problems) > before:
        return None
    threat = ThreatDraft(
        clean["title"],
        clean.get("description", ""),
        clean.get("asset", ""),
        clean.get("source", ""),
    )
    risk = None
    if rated:
        ids = tuple(i for i in _REQUIREMENT_SPLIT.split(clean.get("requirement_ids", "")) if i)
        risk = RiskDraft(
            title=clean["title"],
            likelihood=clean["likelihood"],
            impact=clean["impact"],
            treatment=clean["treatment"],
            description=clean.get("description", ""),
            asset=clean.get("asset", ""),
            treatment_description=clean.get("treatment_description", ""),
            requirement_ids=ids,
            residual_likelihood=clean.get("residual_likelihood") or None,
            residual_impact=clean.get("residual_impact") or None,
            owner=clean.get("owner", ""),
            next_review=next_review,
        )
    return ThreatRow(number, threat, risk)


def escape_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def write_risks(rows: Iterable[Sequence[object]], columns: Sequence[str] = EXPORT_COLUMNS) -> bytes:
    """CSV (comma, CRLF, UTF-8) with a header row; every cell escaped."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")
