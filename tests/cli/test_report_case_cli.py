"""``rempart report open-case``: a report becomes one proposed case; JSON and exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

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
    disclosure.save_settings(
        ServiceContext(Actor.operator("tester")), {"contacts": ["mailto:psirt@test.example"]}
    )
    token = form_token.issue(b"k", "cli2", datetime.now(tz=UTC) - timedelta(seconds=10))
    public = ServiceContext(Actor("public:anonymous", "public"), FixedClock(datetime.now(tz=UTC)))
    return vulnerability_reports.submit_report(
        public,
        Submission("nimbus-router", "Exploited RCE", "details"),
        token=token,
        secret=b"k",
        client="127.0.0.1",
        channel="web",
    ).reference


def test_open_case_once(reference, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(["report", "open-case", reference, "--format", "json"]) == 0
    opened = json.loads(capsys.readouterr().out)
    assert opened["report"] == reference
    assert opened["status"] == "proposed"
    assert opened["case"].startswith("CASE-")
    assert run(["report", "open-case", reference]) == 5  # conflict: one case per report
    assert "already has reporting case" in capsys.readouterr().err
    assert run(["report", "open-case", "VR-0000-0000-0000"]) == 4
