"""FIRST EPSS CSV: comment line, gzip, bad rows, wrong files."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from rempart.formats.epss import EpssFormatError, read_epss

SAMPLE = b"""#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z
cve,epss,percentile
CVE-1999-0001,0.01188,0.77912
CVE-2021-44228,0.94358,0.99957
cve-2020-28493,0.00195,0.41563
"""


def test_plain_csv() -> None:
    result = read_epss(SAMPLE)
    table = result.table
    assert table.model_version == "v2025.03.14"
    assert table.score_date == datetime(2025, 8, 25, 12, 55, tzinfo=UTC)
    assert len(table) == 3
    score = table.get("CVE-2021-44228")
    assert score is not None
    assert (score.score, score.percentile) == (0.94358, 0.99957)
    assert table.get("CVE-2020-28493") is not None  # ids normalized to upper case
    assert result.skipped == ()


def test_gzip_is_detected() -> None:
    assert len(read_epss(gzip.compress(SAMPLE)).table) == 3


def test_without_comment_line() -> None:
    result = read_epss(b"cve,epss,percentile\nCVE-2024-1234,0.5,0.5\n")
    assert result.table.model_version == ""
    assert result.table.score_date is None
    assert len(result.table) == 1


BAD_ROWS = SAMPLE + b"CVE-2024-9,1.5,0.2\nnonsense,0.1,0.1\nCVE-2024-8,x,y\nCVE-2024-7\n"


def test_bad_rows_refuse_the_file_with_their_line() -> None:
    with pytest.raises(EpssFormatError) as refused:
        read_epss(BAD_ROWS)
    assert [p.field for p in refused.value.problems] == ["line 6", "line 7", "line 8", "line 9"]
    assert refused.value.message.startswith("4 of 7 EPSS rows are invalid")


def test_lenient_reading_skips_bad_rows_with_their_line() -> None:
    result = read_epss(BAD_ROWS, strict=False)
    assert len(result.table) == 3
    assert [p.field for p in result.skipped] == ["line 6", "line 7", "line 8", "line 9"]


def test_a_field_over_the_csv_limit_is_a_located_format_error() -> None:
    huge = b'CVE-2024-1,"' + b"9" * (129 * 1024) + b'",0.5\n'
    with pytest.raises(EpssFormatError) as refused:
        read_epss(SAMPLE + huge)
    assert refused.value.problems[0].field == "line 6"
    assert "field limit" in refused.value.message


@pytest.mark.parametrize(
    "row", [b"CVE-2024-1,0.1\x00,0.2\n", b"CVE-2024-1,nan,0.2\n", b"CVE-2024-1,0.1,inf\n"]
)
def test_unusable_values_are_located(row: bytes) -> None:
    with pytest.raises(EpssFormatError) as refused:
        read_epss(SAMPLE + row)
    assert refused.value.problems[0].field == "line 6"


def test_comment_line_follows_the_text_rules() -> None:
    with pytest.raises(EpssFormatError) as refused:
        read_epss(b"#model_version:v\x00,score_date:2025-01-01\n" + SAMPLE.split(b"\n", 1)[1])
    assert refused.value.problems[0].field == "line 1"


@pytest.mark.parametrize("data", [b"id,score\nCVE-1,0.1\n", b"", b"\x1f\x8b\x08broken"])
def test_not_an_epss_file(data: bytes) -> None:
    with pytest.raises(EpssFormatError):
        read_epss(data)
