"""``rempart finding``, ``rempart case open --finding``, ``rempart vex``, ``rempart csaf``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rempart.cli import run

TC = "csaf/oasis-csaf-2.0/test/validator/data"


def _json(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> object:
    assert run(argv) == code, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_list_triage_and_show(gateway, capsys) -> None:  # type: ignore[no-untyped-def]
    page = _json(
        capsys, ["finding", "list", "--product", "gateway", "--exploited", "--format", "json"]
    )
    assert isinstance(page, dict)
    webp = page["items"][0]
    assert webp["known_exploited"]
    assert webp["state"] == "in_triage"
    assert (
        run(["finding", "triage", str(webp["id"]), "--state", "not_affected"]) == 2
    )  # needs a justification
    assert "justification" in capsys.readouterr().err
    triaged = _json(capsys, ["finding", "triage", str(webp["id"]), "--state", "not_affected",
                             "--justification", "vulnerable_code_not_in_execute_path", "--format", "json"])  # fmt: skip
    assert triaged == {"findings": [webp["id"]], "state": "not_affected",
                       "justification": "vulnerable_code_not_in_execute_path", "impact_statement": "",
                       "responses": [], "action_statement": ""}  # fmt: skip
    shown = _json(capsys, ["finding", "show", str(webp["id"]), "--format", "json"])
    assert isinstance(shown, dict)
    assert shown["state"] == "not_affected"
    assert shown["history"][0]["kind"] == "decision"


def test_case_open_from_a_finding(gateway, capsys) -> None:  # type: ignore[no-untyped-def]
    page = _json(capsys, ["finding", "list", "--kev", "--format", "json"])
    assert isinstance(page, dict)
    opened = _json(
        capsys, ["case", "open", "--finding", str(page["items"][0]["id"]), "--format", "json"]
    )
    assert isinstance(opened, dict)
    assert opened["status"] == "proposed"
    assert opened["vulnerability_id"] == "CVE-2023-4863"
    assert opened["releases"] == [{"product": "gateway", "version": "3.0.0"}]


def test_vex_export_and_import(gateway, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "vex.cdx.json"
    assert (
        run(
            [
                "vex",
                "export",
                "--product",
                "gateway",
                "--release",
                "3.0.0",
                "--as",
                "cyclonedx",
                "--output",
                str(target),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert json.loads(target.read_bytes())["bomFormat"] == "CycloneDX"
    outcome = _json(
        capsys,
        [
            "vex",
            "import",
            str(target),
            "--product",
            "gateway",
            "--release",
            "3.0.0",
            "--format",
            "json",
        ],
    )
    assert isinstance(outcome, dict)
    assert outcome["format"] == "cyclonedx"
    assert outcome["unmatched_statements"] == 0


def test_csaf_validate_names_the_failing_tests(capsys, shared_data: Path) -> None:
    cases = json.loads((shared_data / TC / "testcases.json").read_bytes())["tests"]
    failing = [
        shared_data / TC / e["name"] for c in cases if c["id"] == "6.1.9" for e in c["failures"]
    ]
    valid = [shared_data / TC / e["name"] for c in cases if c["id"] == "6.1.9" for e in c["valid"]]
    results = _json(capsys, ["csaf", "validate", *map(str, failing), "--format", "json"], code=1)
    assert isinstance(results, list)
    assert all("6.1.9" in r["failed_tests"] for r in results)
    ok = _json(capsys, ["csaf", "validate", *map(str, valid), "--format", "json"])
    assert isinstance(ok, list)
    assert all(r["valid"] for r in ok)


def test_csaf_new_and_publish(gateway, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run(["csaf", "settings", "--namespace", "https://test.example", "--prefix", "T-SA"]) == 0
    capsys.readouterr()
    page = _json(capsys, ["finding", "list", "--kev", "--format", "json"])
    assert isinstance(page, dict)
    drafted = _json(
        capsys, ["csaf", "new", "--finding", str(page["items"][0]["id"]), "--format", "json"]
    )
    assert isinstance(drafted, dict)
    tracking = drafted["tracking_id"]
    assert tracking == "T-SA-2026-0001"
    assert (
        run(
            [
                "csaf",
                "publish",
                tracking,
                "--summary",
                "Initial release",
                "--export",
                str(tmp_path / "dir"),
            ]
        )
        == 0
    )
    assert (tmp_path / "dir" / "white" / "2026" / "t-sa-2026-0001.json").exists()
