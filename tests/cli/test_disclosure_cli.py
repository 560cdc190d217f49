"""``rempart security-txt``, ``cvd-policy`` and ``report``: output, JSON and exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sectxt import Parser

from rempart.cli import run
from rempart.core.clock import FixedClock
from rempart.core.disclosure import form_token
from rempart.core.disclosure.reports import Submission
from rempart.core.register import ProductDraft
from rempart.services.context import Actor, ServiceContext
from rempart.services.disclosure import settings as disclosure
from rempart.services.disclosure import vulnerability_reports
from rempart.services.products import register as products


@pytest.fixture
def reference(organization, operator, typical_answers) -> str:  # type: ignore[no-untyped-def]
    products.create_product(
        operator,
        ProductDraft(
            name="Nimbus Router",
            scope_answers=typical_answers,
            support_months=96,
            support_justification="Expected use time of comparable products.",
        ),
    )
    now = ServiceContext(Actor.operator("tester"))
    disclosure.save_settings(now, {"contacts": ["mailto:psirt@test.example"]})
    token = form_token.issue(b"k", "cli1", datetime.now(tz=UTC) - timedelta(seconds=10))
    public = ServiceContext(Actor("public:anonymous", "public"), FixedClock(datetime.now(tz=UTC)))
    return vulnerability_reports.submit_report(
        public,
        Submission("nimbus-router", "XSS", "details"),
        token=token,
        secret=b"k",
        client="127.0.0.1",
        channel="web",
    ).reference


def test_security_txt_export_refuses_then_writes(organization, tmp_path: Path, capsys) -> None:
    assert run(["security-txt", "export"]) == 2
    assert "Contact" in capsys.readouterr().err
    disclosure.save_settings(
        ServiceContext(Actor.operator("tester")), {"contacts": ["mailto:psirt@test.example"]}
    )
    target = tmp_path / "security.txt"
    assert run(["security-txt", "export", "--output", str(target)]) == 0
    parser = Parser(target.read_bytes(), urls="https://x.example/.well-known/security.txt")
    assert parser.errors == []


def test_policy_export(reference, tmp_path: Path, capsys) -> None:
    assert run(["cvd-policy", "export"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Vulnerability disclosure policy of Test Manufacturer SE")
    # A published policy names the articles, not Rempart's internal catalog IDs.
    assert "Annex I, Part II, point (5)" in out
    assert "AI-P2-5" not in out
    target = tmp_path / "policy.html"
    assert run(["cvd-policy", "export", "--format", "html", "--output", str(target)]) == 0
    assert "<h2>Safe harbour</h2>" in target.read_text()


def test_report_commands(reference, capsys) -> None:
    assert run(["report", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["reference"] for r in rows] == [reference]
    assert run(["report", "ack", reference, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "acknowledged"
    assert run(["report", "triage", reference, "--status", "fixed", "--decision", "x"]) == 5
    assert "allowed: duplicate, rejected, triaged" in capsys.readouterr().err
    assert run(["report", "triage", reference, "--status", "triaged", "--note", "repro ok"]) == 0
    capsys.readouterr()
    assert run(["report", "show", reference, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "triaged"
    assert shown["notes"][0]["text"] == "repro ok"
    assert run(["report", "show", "VR-0000-0000-0000"]) == 4
    assert run(["report", "list", "--status", "bogus"]) == 2


def test_demo_publishes_a_valid_security_txt(tmp_path: Path) -> None:
    from tests.cli.test_workspace import rempart

    data_dir = tmp_path / "demo"
    assert rempart(data_dir, "demo", "--no-serve").returncode == 0
    exported = rempart(data_dir, "security-txt", "export")
    assert exported.returncode == 0, exported.stderr
    parser = Parser(
        exported.stdout.encode(), urls="https://northwind.example/.well-known/security.txt"
    )
    assert parser.errors == []
    assert (
        "CSAF: https://northwind.example/.well-known/csaf/provider-metadata.json" in exported.stdout
    )
