"""The audit trail: edits made directly in the database are found and named."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from rempart.cli import run
from rempart.core.errors import PermissionDenied
from rempart.services.accounts import audit
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import organization
from rempart.store.models import AuditEvent
from rempart.store.models.audit import AppendOnlyError


def _events(operator, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        organization.save_organization(operator, {"name": f"Manufacturer {i}"})


def test_direct_database_edit_is_reported_by_the_cli(db, operator, capsys) -> None:
    _events(operator, 5)
    assert run(["audit", "verify", "--format", "json"]) == 0
    capsys.readouterr()
    target = AuditEvent.objects.get(seq=3)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET data = %s WHERE seq = %s",  # noqa: S608
            [json.dumps({"name": "Forged"}), target.seq],
        )
    assert run(["audit", "verify", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] is False
    assert [(b["seq"], b["kind"]) for b in report["breaks"]] == [(3, "edited")]


def test_direct_database_delete_is_reported(db, operator) -> None:
    _events(operator, 4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 2")  # noqa: S608
    report = audit.verify_audit_trail(operator)
    assert [(b.seq, b.kind.value) for b in report.breaks] == [(3, "gap")]


def test_deleted_newest_event_is_reported(db, operator) -> None:
    _events(operator, 3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 3")  # noqa: S608
    report = audit.verify_audit_trail(operator)
    assert [b.kind.value for b in report.breaks] == ["truncated"]


def test_the_application_cannot_change_or_delete_events(db, operator) -> None:
    _events(operator, 1)
    event = AuditEvent.objects.get()
    event.actor = "someone else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(actor="x")


def test_only_auditors_and_admins_read_the_trail(db, operator) -> None:
    _events(operator, 1)
    assert audit.list_events(ServiceContext(Actor("user:a", "auditor"), operator.clock))
    with pytest.raises(PermissionDenied):
        audit.list_events(ServiceContext(Actor("user:e", "editor"), operator.clock))
