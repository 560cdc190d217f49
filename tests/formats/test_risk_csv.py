"""Threat list CSV: strict reading with row and column in every error; escaped export."""

from __future__ import annotations

import csv
import io

import pytest

from rempart.formats.risk_csv import (
    MAX_BYTES,
    MAX_ROWS,
    CsvError,
    escape_cell,
    parse_threats,
    write_risks,
)
from tests.conftest import REPO_ROOT

HEADER = "title,description,asset,likelihood,impact,treatment,requirement_ids,next_review\n"


def test_documented_example_parses() -> None:
    rows = parse_threats((REPO_ROOT / "docs" / "examples" / "threats.csv").read_bytes())
    assert len(rows) >= 3
    assert rows[0].row == 2
    rated = [r for r in rows if r.risk is not None]
    assert rated
    assert all(r.risk.likelihood for r in rated if r.risk)


def test_semicolons_bom_and_quoted_newlines() -> None:
    data = (
        "\ufefftitle;description;likelihood;impact;treatment;requirement_ids\n"
        'Firmware tampering;"Attacker flashes\nunsigned image";possible;major;mitigate;AI-P1-2f | AI-P2-7\n'
        "Info leak;;;;;\n"
    ).encode()
    first, second = parse_threats(data)
    assert first.threat.description == "Attacker flashes\nunsigned image"
    assert first.risk is not None
    assert first.risk.requirement_ids == ("AI-P1-2f", "AI-P2-7")
    assert second.row == 3  # the record number, though the quoted cell spans two lines
    assert second.risk is None


@pytest.mark.parametrize(
    ("data", "location"),
    [
        (b"", "(document)"),
        (b"title,colour\nx,red\n", "row 1, column colour"),
        (b"description\nx\n", "row 1, column title"),
        (b"title,title\nx,y\n", "row 1, column title"),
        (b"title\n", "row 2"),
        (HEADER.encode() + b"x,,,likely\n", "row 2"),
        (HEADER.encode() + b",d,a,,,,,\n", "row 2, column title"),
        (
            HEADER.encode() + b"ok,,,,,,,\nx,d,a,likely,,mitigate,AI-P1-2d,\n",
            "row 3, column impact",
        ),
        (
            HEADER.encode() + b"x,d,a,likely,major,mitigate,AI-P1-2d,next week\n",
            "row 2, column next_review",
        ),
        (b"title\nok\n\xff\xfe\n", "row 3"),
        (b"title\nok\x00\n", "row 2"),
        (b'title,description\nok,\nx,"unterminated\n', "row 3"),
    ],
)
def test_bad_input_names_row_and_column(data: bytes, location: str) -> None:
    with pytest.raises(CsvError) as caught:
        parse_threats(data)
    assert caught.value.problems[0].field.startswith(location), caught.value.diagnostics()


def test_size_and_row_limits() -> None:
    with pytest.raises(CsvError, match="larger than"):
        parse_threats(b"title\n" + b"x" * MAX_BYTES)
    with pytest.raises(CsvError, match=f"more than {MAX_ROWS}"):
        parse_threats(b"title\n" + b"t\n" * (MAX_ROWS + 1))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_formula_cells_are_escaped(cell: object, written: str) -> None:
    assert escape_cell(cell) == written
    data = write_risks([(cell, "x")], ("a", "b"))
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows == [["a", "b"], [written, "x"]]
