"""docs/architecture.md stays true: every path it names exists, every service package is listed."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "architecture.md").read_text()


def test_every_path_named_exists() -> None:
    named = set(re.findall(r"`(src/rempart/[^`]+)`", PAGE))
    assert len(named) > 30
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert missing == []


def test_every_service_package_is_listed() -> None:
    packages = {
        p.name
        for p in (ROOT / "src" / "rempart" / "services").iterdir()
        if p.is_dir() and p.name != "__pycache__"
    }
    listed = set(re.findall(r"`src/rempart/services/([a-z_]+)/`", PAGE))
    assert packages == listed


def test_every_contract_is_described() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    names = re.findall(r'^name = "([^"]+)"', pyproject, flags=re.M)
    contracts = [n for n in names if n != "rempart"]
    assert contracts
    for name in contracts:
        assert name.split(":")[0].split(" (")[0] in PAGE, name
