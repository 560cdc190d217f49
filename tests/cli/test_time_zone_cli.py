"""Time zones at the terminal: ``rempart user set --time-zone``, times typed and shown."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from rempart.cli import run
from rempart.services.products import organization as organization_service
from rempart.store.models import ReportingCase, UserProfile


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert run(argv) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_users_get_a_time_zone(organization, make_user, capsys) -> None:  # type: ignore[no-untyped-def]
    make_user("alice", "editor")
    assert run(["user", "set", "alice", "--time-zone", "Europe/Berlin"]) == 0
    assert UserProfile.objects.get(user__username="alice").time_zone == "Europe/Berlin"
    assert "alice reads times in Europe/Berlin" in capsys.readouterr().out
    assert run(["user", "set", "alice", "--time-zone", "Atlantis/Capital"]) == 2
    assert "unknown time zone" in capsys.readouterr().err
    listed = _json(capsys, ["user", "list", "--format", "json"])
    assert listed == [  # type: ignore[comparison-overlap]
        {"username": "alice", "email": "alice@test.example", "role": "editor", "active": True,
         "time_zone": "Europe/Berlin", "effective_time_zone": "Europe/Berlin"},
    ]  # fmt: skip
    assert run(["user", "set", "alice", "--time-zone", ""]) == 0
    capsys.readouterr()
    listed = _json(capsys, ["user", "list", "--format", "json"])
    assert listed[0]["effective_time_zone"] == "UTC"  # type: ignore[index]  # no main establishment
    assert run(["createuser", "bob", "--time-zone", "Europe/Paris"]) == 0
    assert UserProfile.objects.get(user__username="bob").time_zone == "Europe/Paris"


def test_typed_times_are_read_in_the_organization_zone(
    organization, operator, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "250")  # one table row per line
    organization_service.save_organization(operator, {"main_establishment_country": "DE"})
    assert run(["product", "add", "--name", "Router", "--typical", "--support-months", "60",
                "--justification", "Expected use time of comparable routers."]) == 0  # fmt: skip
    capsys.readouterr()
    opened = _json(
        capsys, ["case", "open", "--kind", "incident", "--title", "Intrusion", "--product", "router",
                 "--aware-at", "2026-11-20 10:30", "--reason", "Found in the logs", "--format", "json"],
    )  # fmt: skip
    assert opened["aware_at"] == "2026-11-20T09:30:00Z"  # type: ignore[index]
    case = ReportingCase.objects.get()
    assert case.aware_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert run(["case", "show", case.reference]) == 0
    table = capsys.readouterr().out
    assert "2026-11-20 10:30 CET (UTC+01:00)" in table
    assert "2026-11-21 10:30 CET (UTC+01:00)" in table  # the 24 h early warning
    assert run(["case", "show", case.reference, "--time-zone", "UTC"]) == 0
    assert "2026-11-21 09:30 UTC" in capsys.readouterr().out
