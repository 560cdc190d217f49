"""Commands run before ``rempart init`` say so (exit 4), instead of reporting a bug."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _rempart(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env}
    full.pop("DJANGO_SETTINGS_MODULE", None)
    if "REMPART_DATABASE_URL" not in env:
        full.pop("REMPART_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "rempart.cli", *args],
        env=full,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("command", [["user", "list"], ["audit", "verify"]])
def test_a_missing_data_directory(tmp_path: Path, command: list[str]) -> None:
    result = _rempart(command, {"REMPART_DATA_DIR": str(tmp_path / "never-initialised")})
    assert result.returncode == 4, result.stderr
    assert "no Rempart workspace" in result.stderr
    assert "rempart init" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("command", [["user", "list"], ["audit", "verify"]])
def test_an_empty_database(tmp_path: Path, fresh_database_url: str, command: list[str]) -> None:
    # A fresh database of the pass's kind (an empty PostgreSQL database in the PostgreSQL pass).
    env = {"REMPART_DATA_DIR": str(tmp_path / "data"), "REMPART_DATABASE_URL": fresh_database_url}
    result = _rempart(command, env)
    assert result.returncode == 4, result.stderr
    assert "no Rempart workspace" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
