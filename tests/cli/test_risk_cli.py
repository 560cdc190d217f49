"""``rempart risk`` and ``rempart selfassess``: JSON output, exit codes, import and export."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rempart.cli import run
from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.risk import selfassessment
from rempart.store.models import Threat
from tests.conftest import REPO_ROOT

EXAMPLE = REPO_ROOT / "docs" / "examples" / "threats.csv"


@pytest.fixture
def router(organization, operator, typical_answers) -> None:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Router",
            scope_answers=typical_answers,
            support_months=60,
            support_justification="Expected use time of comparable products.",
        ),
    )
    products.add_release(operator, "router", ReleaseDraft("1.0", date(2026, 1, 1)))
    products.add_release(operator, "router", ReleaseDraft("2.0", date(2026, 6, 1)))


def test_import_list_show_export(router, tmp_path: Path, capsys) -> None:
    assert (
        run(
            [
                "risk",
                "import",
                str(EXAMPLE),
                "--product",
                "router",
                "--release",
                "1.0",
                "--start",
                "--format",
                "json",
            ]
        )
        == 0
    )
    imported = json.loads(capsys.readouterr().out)
    assert imported["risks"] == ["R-1", "R-2", "R-3"]
    assert run(["risk", "start", "router", "--copy-from", "1.0", "--format", "json"]) == 0
    started = json.loads(capsys.readouterr().out)
    assert (started["release"], started["based_on"]) == ("2.0", "1.0")  # latest release by default
    assert run(["risk", "list", "router", "--release", "2.0", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["identifier"] == "R-1"
    assert listed[0]["rating"] == "high"
    assert listed[1]["requirement_ids"] == ["AI-P1-2f", "AI-P2-7"]
    assert run(["risk", "show", "router", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["citations"] == ["ART13-2", "ART13-3"]
    assert len(shown["threats"]) == 4
    assert run(["risk", "show", "router"]) == 0
    assert "R-2" in capsys.readouterr().out
    out = tmp_path / "risks.csv"
    assert run(["risk", "export", "router", "--release", "1.0", "-o", str(out)]) == 0
    assert out.read_text().startswith("identifier,title,threat")


def test_bad_file_exit_codes(router, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"title,likelihood,impact,treatment\nx,often,major,mitigate\n")
    assert (
        run(["risk", "import", str(bad), "--product", "router", "--release", "1.0", "--start"]) == 2
    )
    assert "row 2, column likelihood" in capsys.readouterr().err
    assert Threat.objects.count() == 0
    assert run(["risk", "import", str(tmp_path / "missing.csv"), "--product", "router"]) == 2
    assert run(["risk", "show", "router", "--release", "9.9"]) == 4
    assert run(["risk", "list", "router", "--release", "2.0"]) == 4


def test_selfassess_show(router, operator, capsys) -> None:
    selfassessment.answer(operator, "router", "SA-V3", "yes")
    assert run(["selfassess", "show", "router", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answered"] == 1
    (v3,) = [q for q in data["questions"] if q["id"] == "SA-V3"]
    assert v3 == {**v3, "answer": "yes", "requirement_ids": ["AI-P2-3"]}
