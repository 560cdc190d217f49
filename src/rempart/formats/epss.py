"""FIRST EPSS scores from the daily CSV, plain or gzip (adapter layer).

The file FIRST publishes (``epss_scores-YYYY-MM-DD.csv.gz``) starts with a comment line that
carries the model and the score date, then a header and one row per CVE::

    #model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z
    cve,epss,percentile
    CVE-1999-0001,0.01188,0.77912

:func:`read_epss` returns an :class:`rempart.core.finding.EpssTable`. A file without the
header is refused (:class:`EpssFormatError`), and so is every CSV error the ``csv`` module
raises (a field over its 128 KiB limit, a NUL byte), located by line.

The file is validated whole (``strict``, the default): a row with a bad CVE id, a value that
is not a number between 0 and 1 or too few fields refuses the file with every problem
located by line, so a damaged download never replaces good scores. ``strict=False`` skips bad
rows instead and lists them in :attr:`EpssImport.skipped`.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from rempart.core.errors import Problem
from rempart.core.finding import EpssScore, EpssTable
from rempart.formats.errors import FeedRefused
from rempart.formats.limits import EPSS_MAX_BYTES
from rempart.formats.text_rules import text_problem

log = logging.getLogger(__name__)

#: the full daily file is about 10 MB uncompressed (some 300,000 CVEs)
_CVE = re.compile(r"^CVE-\d{4}-\d{4,19}$")
#: longest first comment line (``#model_version:...,score_date:...`` is about 60 characters)
_MAX_COMMENT = 1000


class EpssFormatError(FeedRefused):
    """The bytes are not a FIRST EPSS CSV file."""

    kind = "format.epss"
    noun = "EPSS rows"
    whole = "the file"


@dataclass(frozen=True, slots=True)
class EpssImport:
    """The scores read, plus the rows left out and why."""

    table: EpssTable
    skipped: tuple[Problem, ...] = ()


def read_epss(data: bytes, *, strict: bool = True) -> EpssImport:
    """Parse an EPSS CSV (gzip detected by its magic bytes).

    ``strict`` (the default) refuses the file when any row is invalid.
    """
    text = _decompress(data).decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    model_version, score_date = "", None
    commented = bool(lines) and lines[0].startswith("#")
    if commented:
        model_version, score_date = _comment(lines[0])
        lines = lines[1:]
    first = 2 if commented else 1  # the line number of the header
    reader = csv.reader(lines)
    scores: dict[str, EpssScore] = {}
    skipped: list[Problem] = []
    rows = 0
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if header[:3] != ["cve", "epss", "percentile"]:
            where = f"line {first}"
            raise EpssFormatError.about(where, "expected the header cve,epss,percentile")
        for row in reader:
            rows += 1
            try:
                score = _row(row)
            except ValueError as exc:
                skipped.append(Problem(f"line {first + reader.line_num - 1}", str(exc)))
                continue
            scores[score.cve_id] = score
    except csv.Error as exc:  # a field over csv.field_size_limit(), a NUL byte, ...
        where = f"line {first + reader.line_num - 1}"
        raise EpssFormatError.about(where, f"not readable as CSV: {exc}") from exc
    if strict and skipped:
        raise EpssFormatError.invalid(skipped, rows)
    if skipped:
        log.warning("EPSS: %d rows skipped, first: %s", len(skipped), skipped[0])
    return EpssImport(EpssTable(model_version, score_date, scores), tuple(skipped))


def _decompress(data: bytes) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        if len(data) > EPSS_MAX_BYTES:
            raise EpssFormatError.about("(document)", f"larger than {EPSS_MAX_BYTES:,} bytes")
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            inflated = stream.read(EPSS_MAX_BYTES + 1)  # one byte past the cap is enough
    except (OSError, EOFError, zlib.error) as exc:
        raise EpssFormatError.about("(document)", f"damaged gzip data: {exc}") from exc
    if len(inflated) > EPSS_MAX_BYTES:
        raise EpssFormatError.about("(document)", f"expands past {EPSS_MAX_BYTES:,} bytes")
    return inflated


def _comment(line: str) -> tuple[str, datetime | None]:
    """``#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z`` -> parts."""
    problem = text_problem(line, _MAX_COMMENT)
    if problem is not None:
        raise EpssFormatError.about("line 1", f"the comment line {problem}")
    fields = dict(part.split(":", 1) for part in line.lstrip("#").strip().split(",") if ":" in part)
    score_date: datetime | None = None
    raw = fields.get("score_date", "").strip()
    if raw:
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            parsed = None
        if parsed is not None:
            score_date = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
    return fields.get("model_version", "").strip(), score_date


def _row(row: list[str]) -> EpssScore:
    if len(row) < 3:
        raise ValueError("a row needs cve, epss and percentile")
    cve = row[0].strip().upper()
    if not _CVE.match(cve):
        raise ValueError(f"{_shown(row[0])} is not a CVE id")
    try:
        score, percentile = float(row[1]), float(row[2])
    except ValueError as exc:
        raise ValueError(f"{_shown(row[1])} / {_shown(row[2])} are not numbers") from exc
    if not (0.0 <= score <= 1.0 and 0.0 <= percentile <= 1.0):  # also refuses nan
        raise ValueError("epss and percentile must lie between 0 and 1")
    return EpssScore(cve, score, percentile)


def _shown(value: str) -> str:
    """A field for a message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."
