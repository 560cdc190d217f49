"""``rempart case``: the JSON of every subcommand, exit codes, exports."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from rempart.cli import run
from rempart.store.models import CaseStage, ReportingCase

ROOT = Path(__file__).resolve().parents[2]


def _json(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> dict[str, object]:
    assert run(argv) == code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.fixture
def product(organization, capsys) -> str:  # type: ignore[no-untyped-def]
    assert (
        run(["product", "add", "--name", "Router", "--typical", "--support-months", "60",
             "--justification", "Expected use time of comparable products."])
        == 0
    )  # fmt: skip
    assert run(["release", "add", "router", "1.0.0", "--date", "2026-01-10"]) == 0
    capsys.readouterr()
    return "router"


def test_case_lifecycle(product, capsys, tmp_path: Path) -> None:
    opened = _json(
        capsys,
        ["case", "open", "--kind", "vulnerability", "--title", "Exploited RCE", "--release", "router@1.0.0",
         "--vulnerability", "CVE-2026-0001", "--member-state", "DE", "--format", "json"],
    )  # fmt: skip
    reference = opened["reference"]
    assert opened["status"] == "proposed"
    assert opened["products"] == [{"slug": "router", "name": "Router"}]
    assert _json(capsys, ["case", "propose", "--format", "json"]) == {"created": [], "extended": []}

    assert run(["case", "confirm", str(reference), "--aware-at", "2030-01-01T00:00:00Z"]) == 2
    assert "future" in capsys.readouterr().err
    assert run(["case", "confirm", str(reference), "--aware-at", "yesterday"]) == 2
    assert "is not a date and time" in capsys.readouterr().err
    confirmed = _json(
        capsys,
        ["case", "confirm", str(reference), "--aware-at", "2026-11-01T10:00:00+01:00", "--reason", "CSIRT told us", "--format", "json"],
    )  # fmt: skip
    stages = {s["key"]: s for s in confirmed["stages"]}  # type: ignore[attr-defined]
    assert stages["early-warning"]["due_at"] == "2026-11-02T09:00:00Z"
    assert stages["early-warning"]["citations"] == ["ART14-2a", "RPT-AEV-EW"]
    assert stages["early-warning"]["state"] == "overdue"

    assert (
        run(
            [
                "case",
                "submit",
                str(reference),
                "final-report",
                "--submitted-at",
                "2026-11-02T00:00:00Z",
                "--platform-reference",
                "X",
            ]
        )
        == 5
    )
    assert "corrective or mitigating measure" in capsys.readouterr().err
    assert CaseStage.objects.count() == 0
    submitted = _json(
        capsys,
        ["case", "submit", str(reference), "early-warning", "--submitted-at", "2026-11-01T20:00:00Z", "--platform-reference", "SRP-1", "--format", "json"],
    )  # fmt: skip
    early = next(s for s in submitted["stages"] if s["key"] == "early-warning")  # type: ignore[attr-defined]
    assert (early["state"], early["platform_reference"]) == ("submitted", "SRP-1")

    out = tmp_path / "ew.json"
    assert run(["case", "export", str(reference), "early-warning", "-o", str(out)]) == 0
    schema = json.loads((ROOT / "docs/reporting/stage-report.schema.json").read_text())
    jsonschema.validate(json.loads(out.read_text()), schema)
    pdf = tmp_path / "ew.pdf"
    assert (
        run(["case", "export", str(reference), "early-warning", "--as", "pdf", "-o", str(pdf)]) == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "wrote" in capsys.readouterr().out

    listed = _json(capsys, ["case", "list", "--format", "json"])
    assert [c["reference"] for c in listed] == [reference]  # type: ignore[index, union-attr]
    assert run(["case", "list"]) == 0
    assert "CASE-" in capsys.readouterr().out
    assert run(["case", "show", str(reference), "--time-zone", "Europe/Berlin"]) == 0
    assert "CET" in capsys.readouterr().out
    measured = _json(
        capsys,
        ["case", "measure", str(reference), "--available-at", "2026-11-20T12:00:00Z", "--description", "1.0.1", "--format", "json"],
    )  # fmt: skip
    final = next(s for s in measured["stages"] if s["key"] == "final-report")  # type: ignore[attr-defined]
    assert final["due_at"] == "2026-12-04T12:00:00Z"
    assert final["later_due_at"] == "2026-12-05T00:00:00Z"
    assert "1182/71" in final["later_label"]


def test_case_errors(product, capsys) -> None:
    assert run(["case", "show", "CASE-2026-0042"]) == 4
    assert run(["case", "show", "nonsense"]) == 2
    assert run(["case", "open", "--kind", "incident", "--title", "x", "--product", "ghost"]) == 2
    assert "no product with slug 'ghost'" in capsys.readouterr().err
    assert (
        run(["case", "open", "--kind", "incident", "--title", "x", "--release", "router-1.0"]) == 2
    )
    assert ReportingCase.objects.count() == 0
    opened = _json(
        capsys,
        [
            "case",
            "open",
            "--kind",
            "incident",
            "--title",
            "x",
            "--product",
            "router",
            "--format",
            "json",
        ],
    )
    assert run(["case", "dismiss", str(opened["reference"]), "--reason", " "]) == 2
    assert run(["case", "dismiss", str(opened["reference"]), "--reason", "not severe"]) == 0
    assert run(["case", "dismiss", str(opened["reference"]), "--reason", "again"]) == 5
