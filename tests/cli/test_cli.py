"""The command line: stable JSON, exit codes, help on every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from rempart.cli import cli, run
from rempart.store.models import Product


def _json(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> object:
    assert run(argv) == code
    return json.loads(capsys.readouterr().out)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", _commands(cli), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...], capsys) -> None:
    assert run([*path, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage:" in out
    assert len(out.splitlines()) > 3


def test_help_summaries_do_not_stop_at_an_article_number(capsys) -> None:
    """Click's summary stopped at "Art." ("case  Art."): legal references are no sentence end."""
    assert run(["--help"]) == 0
    listing = " ".join(capsys.readouterr().out.split())
    assert "case Art. 14 cases: actively exploited vulnerabilities" in listing
    assert "notify Reminders of deadlines (e.g. the Art. 14 reports)" in listing
    for path in _commands(cli):
        *parents, name = path
        group: click.Command = cli
        for parent in parents:
            group = group.commands[parent]  # type: ignore[attr-defined]
        summary = group.commands[name].get_short_help_str(200)  # type: ignore[attr-defined]
        assert not summary.endswith(("Art.", "(Art.", "e.g.", "...")), (path, summary)


def test_cra_commands_work_without_a_workspace(capsys) -> None:
    requirements = _json(
        capsys, ["cra", "requirements", "--group", "annex-i-part-i", "--format", "json"]
    )
    assert [r["id"] for r in requirements][:3] == ["AI-P1-1", "AI-P1-2", "AI-P1-2a"]  # type: ignore[index]
    categories = _json(capsys, ["cra", "categories", "--format", "json"])
    assert len(categories) == 26  # type: ignore[arg-type]
    timeline = _json(capsys, ["cra", "timeline", "--format", "json"])
    assert {"id": "DATE-ART14", "date": "2026-09-11"}.items() <= timeline[2].items()  # type: ignore[index]
    scope = _json(
        capsys,
        [
            "cra",
            "scope",
            "--answer",
            "medical_device=yes",
            "--answer",
            "product_with_digital_elements=yes",
            "--answer",
            "data_connection=yes",
            "--answer",
            "commercial_activity=yes",
            "--answer",
            "own_use_only=no",
            "--answer",
            "free_open_source=no",
            "--answer",
            "cloud_service=no",
            "--answer",
            "in_vitro_diagnostic=no",
            "--answer",
            "motor_vehicle=no",
            "--answer",
            "l_category_vehicle=no",
            "--answer",
            "aviation_certified=no",
            "--answer",
            "marine_equipment=no",
            "--answer",
            "identical_spare_part=no",
            "--answer",
            "national_security_defence=no",
            "--answer",
            "placed_before_full_application=no",
            "--answer",
            "unfinished_test_software=no",
            "--format",
            "json",
        ],
    )
    assert scope["outcome"] == "excluded"  # type: ignore[index]
    assert scope["reasons"][0]["citations"] == ["EXCL-MDR"]  # type: ignore[index]


def test_unknown_group_and_entry_are_bad_input(capsys) -> None:
    assert run(["cra", "requirements", "--group", "annex-xx"]) == 2
    assert "unknown group" in capsys.readouterr().err
    assert run(["cra", "entry", "ART99-9"]) == 2


def test_product_lifecycle(organization, capsys) -> None:
    created = _json(
        capsys,
        [
            "product",
            "add",
            "--name",
            "GridLink Gateway",
            "--typical",
            "--category",
            "AIV-2",
            "--support-months",
            "120",
            "--justification",
            "Expected use time of comparable products.",
            "--format",
            "json",
        ],
    )
    assert created["product_class"] == "critical"  # type: ignore[index]
    release = _json(
        capsys,
        ["release", "add", "gridlink-gateway", "3.0.0", "--date", "2026-02-01", "--format", "json"],
    )
    assert release["end_of_support"] == "2036-02-01"  # type: ignore[index]
    # Ten years of support: the support period is the longer retention (Art. 13(9), (13)).
    assert release["retention"]["documentation_until"] == "2036-02-01"  # type: ignore[index]
    assert release["retention"]["security_updates_until"] == "2036-02-01"  # type: ignore[index]
    listed = _json(capsys, ["product", "list", "--format", "json"])
    assert [p["slug"] for p in listed] == ["gridlink-gateway"]  # type: ignore[index]
    shown = _json(capsys, ["product", "show", "gridlink-gateway", "--format", "json"])
    assert shown["route"]["citation"] == "CA-CRITICAL"  # type: ignore[index]
    assert {p["id"] for p in shown["route"]["procedures"] if p["allowed"]} == {
        "module-b-c",
        "module-h",
        "eu-certification",
    }  # type: ignore[index]


def test_product_add_errors(organization, capsys) -> None:
    assert run(["product", "add", "--name", "X", "--typical", "--category", "AIII-C1-99"]) == 2
    assert "categories" in capsys.readouterr().err
    assert run(["product", "add", "--name", "X", "--answer", "medical_device=yes"]) == 2
    assert "answers.data_connection" in capsys.readouterr().err
    assert run(["product", "add", "--name", "X", "--typical", "--support-months", "24"]) == 2
    assert Product.objects.count() == 0
    assert run(["product", "show", "nothing-here"]) == 4
    assert run(["release", "add", "nothing-here", "1.0", "--date", "2026-01-01"]) == 4


def test_answers_file_must_be_a_json_object(organization, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "answers.json"
    bad.write_text("[1, 2]")
    assert run(["product", "add", "--name", "X", "--answers-file", str(bad)]) == 2
    assert "expected a JSON object" in capsys.readouterr().err


def test_token_commands(organization, make_user, capsys) -> None:
    make_user("ci", "editor")
    created = _json(
        capsys,
        ["token", "create", "--user", "ci", "--name", "pipeline", "--write", "--format", "json"],
    )
    assert created["token"].startswith("rmp_")  # type: ignore[index]
    listed = _json(capsys, ["token", "list", "--format", "json"])
    assert "token" not in listed[0]  # type: ignore[index]
    assert listed[0]["scopes"] == ["read", "write"]  # type: ignore[index]
    assert run(["token", "revoke", str(listed[0]["id"])]) == 0  # type: ignore[index]


def test_console_script_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rempart.cli", "cra", "timeline", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "DATE-IN-FORCE"
