"""``rempart assessment show|set|evidence|gap``: JSON output and exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rempart.cli import run
from rempart.core.register import ProductDraft
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.store.models import EvidenceItem, RequirementEntry


@pytest.fixture
def router(organization, operator, typical_answers, settings, tmp_path) -> str:  # type: ignore[no-untyped-def]
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
    return "router"


def test_set_show_and_gap_json(router: str, capsys) -> None:
    assert run(["assessment", "set", router, "AI-P1-2j", "--not-applicable"]) == 2
    assert "justification" in capsys.readouterr().err
    assert RequirementEntry.objects.count() == 0
    code = run(
        [
            "assessment",
            "set",
            router,
            "AI-P2-1",
            "--status",
            "met",
            "--link",
            "https://ci.example/sbom",
            "--format",
            "json",
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["status"] == "met"
    assert run(["assessment", "show", router, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["readiness"]["met"] == 1
    assert {r["id"] for r in report["requirements"]} >= {"AI-P1-1", "AI-P2-8"}
    assert run(["assessment", "show", router, "AI-P2-1", "--format", "json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["history"][0]["changes"]["status"] == ["not-started", "met"]
    assert run(["assessment", "gap", router, "--format", "json"]) == 0
    gap = json.loads(capsys.readouterr().out)
    assert gap["schema"] == "rempart.gap-report/1"
    assert "AI-P2-1" not in gap["gaps"]
    assert run(["assessment", "gap", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["products"][0]["readiness"]["percent"] == 4
    assert run(["assessment", "show", router, "AI-P5-1"]) == 4
    assert run(["assessment", "show", "nope"]) == 4


def test_evidence_and_html_export(router: str, tmp_path: Path, capsys) -> None:
    good = tmp_path / "results.csv"
    good.write_text("test,result\nfuzz,pass\n")
    assert (
        run(["assessment", "evidence", router, "AI-P1-2a", "--file", str(good), "--format", "json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["media_type"] == "text/csv"
    bad = tmp_path / "run.sh"
    bad.write_bytes(b"\x7fELF\x02\x01")
    assert run(["assessment", "evidence", router, "AI-P1-2a", "--file", str(bad)]) == 2
    assert run(["assessment", "evidence", router, "AI-P1-2a", "--url", "https://x.example/r"]) == 0
    assert EvidenceItem.objects.count() == 2
    out = tmp_path / "gap.html"
    assert run(["assessment", "gap", router, "--format", "html", "-o", str(out)]) == 0
    assert "Annex I gap report" in out.read_text()


def test_settings(router: str, capsys) -> None:
    assert run(["assessment", "settings", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "evidence_max_bytes": 20 * 1024 * 1024,
        "kev_remediation_days": 14,
        "critical_remediation_days": 30,
    }
    assert run(["assessment", "settings", "--kev-days", "7", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["kev_remediation_days"] == 7
    assert run(["assessment", "settings", "--critical-days", "0"]) == 2


def test_gap_fails_under_a_readiness_threshold(router: str, capsys) -> None:
    assert run(["assessment", "gap", router, "--fail-under", "1"]) == 1
    capsys.readouterr()
    assert run(["assessment", "gap", router, "--fail-under", "0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["readiness"]["percent"] == 0
