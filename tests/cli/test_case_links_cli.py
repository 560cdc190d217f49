"""``rempart case links`` and ``rempart case history``: what a case covers, from the terminal."""

from __future__ import annotations

import json

import pytest

from rempart.cli import run
from rempart.store.models import ReportingCase
from tests.cli.test_case_cli import _json, product  # noqa: F401 - the fixture


def test_links_replace_the_selection_and_the_history_says_so(
    product: str,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["release", "add", "router", "1.1.0", "--date", "2026-03-01"]) == 0
    capsys.readouterr()
    opened = _json(
        capsys,
        ["case", "open", "--kind", "incident", "--title", "Build server compromised",
         "--release", "router@1.0.0", "--format", "json"],
    )  # fmt: skip
    reference = str(opened["reference"])
    changed = _json(
        capsys,
        ["case", "links", reference, "--product", "router", "--release", "router@1.1.0",
         "--note", "1.0.0 was built elsewhere", "--format", "json"],
    )  # fmt: skip
    assert [(r["product"], r["version"]) for r in changed["releases"]] == [("router", "1.1.0")]  # type: ignore[attr-defined]
    assert run(["case", "history", reference, "--format", "json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert history[-1]["action"] == "links-changed"
    assert history[-1]["note"] == "1.0.0 was built elsewhere"
    assert run(["case", "history", reference]) == 0
    assert "elsewhere" in capsys.readouterr().out  # the note, wrapped in its table cell

    # Refused, located, and nothing changed.
    assert run(["case", "links", reference, "--product", "router", "--release", "router"]) == 2
    assert "PRODUCT@VERSION" in capsys.readouterr().err
    assert run(["case", "links", reference, "--product", "router", "--finding", "999999"]) == 2
    assert "no finding #999999" in capsys.readouterr().err
    case = ReportingCase.objects.get(reference=reference)
    assert [r.version for r in case.releases.all()] == ["1.1.0"]
