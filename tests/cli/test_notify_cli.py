"""``rempart notify``: channels, policy, test, send-due and deliveries with stable JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rempart.cli import run
from rempart.core.deadlines import Deadline
from rempart.services.notifications import deadlines as deadline_registry
from tests.net.receivers import (  # noqa: F401 - the fixtures are used by name
    SmtpInbox,
    WebhookReceiver,
    smtp_server_fixture,
    webhook_receiver_fixture,
)


def _json(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> Any:
    assert run(argv) == code
    return json.loads(capsys.readouterr().out)


def test_channels_policy_and_send_due(
    organization, capsys, monkeypatch, webhook_receiver: WebhookReceiver, smtp_server: SmtpInbox
) -> None:
    # The CLI runs on the real clock: the deadline fell due an hour ago.
    due = datetime.now(tz=UTC) - timedelta(hours=1)
    monkeypatch.setattr(
        deadline_registry,
        "SOURCES",
        {
            "cli-test": lambda _ctx: [
                Deadline("case:C-1:early-warning", "Early warning C-1", due, False)
            ]
        },
    )
    monkeypatch.setenv("HOOK_SECRET", webhook_receiver.secret)
    added = _json(
        capsys,
        [
            "notify",
            "add-webhook",
            "--name",
            "soc",
            "--url",
            webhook_receiver.url,
            "--secret-from-env",
            "HOOK_SECRET",
            "--format",
            "json",
        ],
    )
    assert added["secret"] == webhook_receiver.secret
    _json(
        capsys,
        [
            "notify",
            "add-email",
            "--name",
            "mail",
            "--to",
            "psirt@test.example",
            "--event",
            "overdue",
            "--format",
            "json",
        ],
    )
    listed = _json(capsys, ["notify", "channels", "--format", "json"])
    assert [(c["name"], c["kind"], c["events"]) for c in listed] == [
        ("mail", "email", ["overdue"]),
        ("soc", "webhook", ["before", "due", "overdue"]),
    ]
    assert webhook_receiver.secret not in json.dumps(listed)
    policy = _json(
        capsys, ["notify", "policy", "--before", "24h,1h", "--overdue-max", "2", "--format", "json"]
    )
    assert policy == {
        "before": ["1d", "1h"],
        "at_due": True,
        "overdue_every": "6h",
        "overdue_max": 2,
    }

    report = _json(capsys, ["notify", "send-due", "--format", "json"])
    assert (report["sent"], report["failed"]) == (1, 0)
    assert report["deliveries"][0]["key"] == "case:C-1:early-warning|due"
    assert webhook_receiver.received[0].signature_valid
    again = _json(capsys, ["notify", "send-due", "--format", "json"])
    assert again["deliveries"] == []

    assert _json(capsys, ["notify", "test", "mail", "--format", "json"])["status"] == "sent"
    assert smtp_server.messages[0]["Subject"] == "[Rempart] Test notification (mail)"
    deliveries = _json(capsys, ["notify", "deliveries", "--format", "json"])
    assert [(d["channel"], d["event"], d["status"]) for d in deliveries] == [
        ("mail", "test", "sent"),
        ("soc", "reminder.due", "sent"),
    ]
    assert run(["notify", "enable", "mail", "--off"]) == 0
    capsys.readouterr()
    assert [c["enabled"] for c in _json(capsys, ["notify", "channels", "--format", "json"])] == [
        False,
        True,
    ]


def test_failures_exit_1_and_bad_input_exit_2(organization, capsys, settings) -> None:
    settings.SERVICE_SETTINGS = replace(settings.SERVICE_SETTINGS, webhook_allow_private=False)
    assert run(["notify", "add-webhook", "--name", "x", "--url", "ftp://nope"]) == 2
    assert "url: must be an http:// or https:// URL" in capsys.readouterr().err
    assert run(["notify", "add-webhook", "--name", "internal", "--url", "http://127.0.0.1:9/"]) == 0
    out = capsys.readouterr().out
    assert "shown once" in out
    failed = _json(capsys, ["notify", "test", "internal", "--format", "json"], code=1)
    assert "non-public address" in failed["error"]
    assert run(["notify", "test", "missing"]) == 4
    assert run(["notify", "policy", "--overdue-every", "1m"]) == 2
