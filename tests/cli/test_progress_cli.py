"""Progress bars: shown on a terminal, absent (output unchanged) when not a TTY."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rempart.cli import run
from rempart.cli.output import to_json
from rempart.cli.progress import interactive, progress
from tests.conftest import REPO_ROOT

OSV = REPO_ROOT / "src" / "rempart" / "demo_data" / "advisories" / "osv-sample.json"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_on_standard_error_and_nothing_on_standard_output() -> None:
    out, err = Terminal(), Terminal()
    assert interactive(out, err)
    with progress("Importing", 3, stdout=out, stderr=err) as bar:
        for done in range(3):
            bar.update(done, 3, f"file {done}")
        bar.update(3, 3, "done")
    assert out.getvalue() == ""
    assert "Importing" in err.getvalue()
    assert "\x1b[" in err.getvalue()  # drawn with the terminal's escape sequences


def test_without_a_terminal_nothing_is_written() -> None:
    for out, err in ((io.StringIO(), Terminal()), (Terminal(), io.StringIO())):
        assert not interactive(out, err)
        with progress("Importing", 2, stdout=out, stderr=err) as bar:
            bar.update(1, 2, "half")
            bar.advance("all")
        assert out.getvalue() == ""
        assert err.getvalue() == ""


def _clean(text: str) -> None:
    assert "\x1b" not in text
    assert "\r" not in text
    assert "Importing advisories" not in text  # the bar's description


def test_piped_import_and_rescan_output_is_unchanged(organization, capsys, tmp_path: Path) -> None:
    assert run(["advisories", "import", str(OSV), "--no-rescan", "--format", "json"]) == 0
    captured = capsys.readouterr()
    (result,) = json.loads(captured.out)
    assert result["source"] == "osv:osv-sample.json"
    assert captured.out == to_json([result]) + "\n"  # exactly what emit() writes, nothing else
    assert captured.err == ""
    _clean(captured.out)

    assert run(["advisories", "rescan", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"scanned": 0, "failed": []}
    assert captured.err == ""

    assert run(["advisories", "import", str(OSV), "--no-rescan"]) == 0  # the table, too
    captured = capsys.readouterr()
    assert "Advisory import" in captured.out
    _clean(captured.out)
    assert captured.err == ""


def test_scan_all_reports_each_release_then_the_end(gateway, operator) -> None:
    from rempart.services.vulnerabilities import scanning

    calls: list[tuple[int, int, str]] = []
    outcome = scanning.scan_all(operator, "manual", progress=lambda *a: calls.append(a))
    assert outcome.scanned == 1
    assert calls == [(0, 1, "gateway 3.0.0"), (1, 1, "done")]
