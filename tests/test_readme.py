"""The README states the law no more confidently than Rempart can (issue 11 item 12)."""

from __future__ import annotations

import re
import shlex

from rempart.cli import cli
from rempart.core.cra.catalog import load_catalog
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
MONTHS = "January February March April May June July August September October November December"


def _spelled(date_id: str) -> str:
    day = load_catalog().date_of(date_id)
    return f"{day.day} {MONTHS.split()[day.month - 1]} {day.year}"


def test_no_claim_to_answer_to_the_letter() -> None:
    """Several answers rest on Commission guidance or a stated reading, and the pages say so."""
    assert "to the letter" not in README
    assert "guidance" in README
    assert "not legal advice" in README


def test_the_application_dates_are_those_of_art_71() -> None:
    """Not "everything else from 11 December 2027": Chapter IV applies from 11 June 2026."""
    assert "everything\nelse applies from" not in README
    for date_id in ("DATE-IN-FORCE", "DATE-NB-CHAPTER-IV", "DATE-ART14", "DATE-FULL"):
        assert _spelled(date_id) in README, date_id
    assert re.search(r"Chapter IV\)\s+apply from\s+" + _spelled("DATE-NB-CHAPTER-IV"), README)


def test_the_usage_examples_are_real_commands() -> None:
    block = README.split("## Using it", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = block.replace("\\\n", " ").splitlines()
    for line in (text for text in lines if text.startswith("rempart ")):
        words = shlex.split(line.split("  #", 1)[0])[1:]
        command = cli
        while words and hasattr(command, "commands") and words[0] in command.commands:
            command = command.commands[words.pop(0)]
        assert not hasattr(command, "commands"), f"not a command: {line}"
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        for word in words:
            if word.startswith("--"):
                assert word.split("=")[0] in options, f"{word} is not an option of: {line}"
    assert "--justification" in block  # the basis of the support period is always recorded
