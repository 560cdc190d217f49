"""Reminders end to end: a real SMTP server, a real HTTP receiver checking the signature,
failures recorded and retried, nothing sent twice, done deadlines silent, overdue per policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from rempart.core.clock import FixedClock
from rempart.core.deadlines import Deadline
from rempart.core.errors import InvalidInput, PermissionDenied
from rempart.core.links import PageRef
from rempart.services.context import Actor, ServiceContext
from rempart.services.notifications import channels as notifications
from rempart.services.notifications import deadlines as deadline_registry
from rempart.services.notifications import reminders
from rempart.store.models import AuditEvent, ReminderDelivery
from rempart.store.repositories import notify as notify_repo
from tests.net.receivers import (  # noqa: F401 - the two fixtures are used by name
    SmtpInbox,
    WebhookReceiver,
    free_port,
    smtp_server_fixture,
    webhook_receiver_fixture,
)

DUE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


@pytest.fixture
def deadlines(monkeypatch) -> list[Deadline]:  # type: ignore[no-untyped-def]
    """A real source of deadlines registered like the reporting capability registers its own."""
    found: list[Deadline] = [
        Deadline(
            "case:CASE-2026-0001:early-warning",
            "Early warning for CASE-2026-0001 (CVE-2023-4863)",
            DUE,
            False,
            "ART14-2a",
            PageRef("case", ("CASE-2026-0001",)),
        )
    ]
    monkeypatch.setattr(deadline_registry, "SOURCES", deadline_registry.sources())
    monkeypatch.setitem(deadline_registry.SOURCES, "test-cases", lambda _ctx: list(found))
    return found


def at(moment: datetime) -> ServiceContext:
    from django.conf import settings

    return ServiceContext(
        Actor.system("worker"), FixedClock(moment), settings=settings.SERVICE_SETTINGS
    )


def test_email_reaches_a_real_smtp_server_once(
    organization, operator, deadlines, smtp_server: SmtpInbox
) -> None:
    notifications.add_email_channel(
        operator, "psirt mail", ["psirt@test.example", "ciso@test.example"]
    )
    report = reminders.send_due_reminders(at(DUE - 2 * H))
    assert (report.sent, report.failed) == (1, 0)
    [message] = smtp_server.messages
    assert message["Subject"] == (
        "[Rempart] Due in 2h: Early warning for CASE-2026-0001 (CVE-2023-4863)"
    )
    assert message["From"] == "rempart@test.example"
    assert smtp_server.envelopes[0][1] == ["psirt@test.example", "ciso@test.example"]
    body = message.get_content()
    assert "Due: 2026-11-24 09:00 UTC (due in 2h)." in body
    assert "Rule: ART14-2a" in body
    assert "case:CASE-2026-0001:early-warning|before-2h" in body
    assert message["X-Rempart-Delivery"] == report.outcomes[0].delivery_id
    # A second run at the same moment, and one a bit later, send nothing again.
    assert reminders.send_due_reminders(at(DUE - 2 * H)).outcomes == []
    assert reminders.send_due_reminders(at(DUE - 1 * H)).outcomes == []
    assert len(smtp_server.messages) == 1
    assert ReminderDelivery.objects.get().status == "sent"


def test_webhook_is_signed_and_verified_by_the_receiver(
    organization, operator, deadlines, webhook_receiver: WebhookReceiver
) -> None:
    notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, webhook_receiver.secret
    )
    report = reminders.send_due_reminders(at(DUE + 30 * timedelta(minutes=1)))
    stamp = str(int((DUE + 30 * timedelta(minutes=1)).timestamp()))
    assert report.sent == 1
    [received] = webhook_receiver.received
    assert received.signature_valid
    assert received.path == "/hooks/rempart"
    assert received.headers["X-Rempart-Event"] == "reminder.due"
    assert received.headers["X-Rempart-Delivery"] == report.outcomes[0].delivery_id
    assert received.headers["X-Rempart-Timestamp"] == stamp
    payload = received.json()
    assert payload["key"] == "case:CASE-2026-0001:early-warning|due"
    assert payload["deadline"]["citation"] == "ART14-2a"
    assert payload["deadline"]["due_at"] == "2026-11-24T09:00:00+00:00"
    assert payload["status"] == "overdue by 30m"
    assert payload["delivery_id"] == received.headers["X-Rempart-Delivery"]
    assert reminders.send_due_reminders(at(DUE + H)).outcomes == []
    assert len(webhook_receiver.received) == 1


def test_a_wrong_secret_fails_verification(
    organization, operator, deadlines, webhook_receiver: WebhookReceiver
) -> None:
    notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, "another-secret-0123456789"
    )
    reminders.send_due_reminders(at(DUE))
    assert [r.signature_valid for r in webhook_receiver.received] == [False]


@pytest.mark.parametrize("mode", ["error", "slow", "redirect"])
def test_a_failing_receiver_is_recorded_and_retried_with_the_same_delivery_id(
    organization, operator, deadlines, webhook_receiver: WebhookReceiver, mode: str
) -> None:
    notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, webhook_receiver.secret
    )
    webhook_receiver.mode = mode
    first = reminders.send_due_reminders(at(DUE - 2 * H))
    assert (first.sent, first.failed) == (0, 1)
    row = ReminderDelivery.objects.get()
    assert (row.status, row.attempts) == ("failed", 1)
    expected = {"error": "HTTP 500", "slow": "timed out", "redirect": "redirects are not followed"}
    assert expected[mode] in row.last_error
    # Before the back-off has elapsed nothing is attempted; afterwards it is, and succeeds.
    assert reminders.send_due_reminders(at(DUE - 2 * H + timedelta(minutes=4))).outcomes == []
    webhook_receiver.mode = "ok"
    second = reminders.send_due_reminders(at(DUE - 2 * H + timedelta(minutes=5)))
    assert (second.sent, second.failed) == (1, 0)
    assert second.outcomes[0].delivery_id == first.outcomes[0].delivery_id
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert webhook_receiver.received[-1].signature_valid


def test_connection_refused_is_recorded_and_never_raises(
    organization, operator, deadlines, settings
) -> None:
    settings.SERVICE_SETTINGS = replace(settings.SERVICE_SETTINGS, webhook_allow_private=True)
    notifications.add_webhook_channel(
        operator, "down", f"http://127.0.0.1:{free_port()}/hook", "x" * 32
    )
    report = reminders.send_due_reminders(at(DUE))
    assert report.failed == 1
    assert "refused" in ReminderDelivery.objects.get().last_error.lower()


def test_private_addresses_are_refused_by_default(
    organization, operator, deadlines, settings
) -> None:
    settings.SERVICE_SETTINGS = replace(settings.SERVICE_SETTINGS, webhook_allow_private=False)
    notifications.add_webhook_channel(operator, "internal", "http://127.0.0.1:9/hook", "x" * 32)
    report = reminders.send_due_reminders(at(DUE))
    assert report.failed == 1
    assert "REMPART_WEBHOOK_ALLOW_PRIVATE" in report.outcomes[0].error


def test_done_deadlines_send_nothing(
    organization, operator, deadlines, webhook_receiver: WebhookReceiver
) -> None:
    notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, webhook_receiver.secret
    )
    done = deadlines[0]
    deadlines[0] = Deadline(done.key, done.title, done.due_at, True, done.citation, done.link)
    for hours in (-12, -2, 0, 6, 30):
        assert reminders.send_due_reminders(at(DUE + hours * H)).outcomes == []
    assert webhook_receiver.received == []


def test_overdue_reminders_follow_the_policy(
    organization, operator, deadlines, webhook_receiver: WebhookReceiver
) -> None:
    notifications.save_policy(operator, "1h", True, "2h", 2)
    notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, webhook_receiver.secret
    )
    moment = DUE - 3 * H
    while moment <= DUE + 12 * H:
        reminders.send_due_reminders(at(moment))
        moment += timedelta(minutes=5)
    points = [r.json()["point"] for r in webhook_receiver.received]
    assert points == ["before-1h", "due", "overdue-1", "overdue-2"]
    assert [r.json()["status"] for r in webhook_receiver.received] == [
        "due in 1h",
        "due now",
        "overdue by 2h",
        "overdue by 4h",
    ]


def test_a_worker_that_was_down_catches_up_once(
    organization, operator, deadlines, smtp_server: SmtpInbox
) -> None:
    notifications.add_email_channel(operator, "psirt", ["psirt@test.example"])
    reminders.send_due_reminders(at(DUE - 12 * H))
    reminders.send_due_reminders(at(DUE + 7 * H))  # down across before-2h, due and overdue-1
    assert [m["Subject"].split(":")[0] for m in smtp_server.messages] == [
        "[Rempart] Due in 12h",
        "[Rempart] Overdue by 7h",
    ]
    assert "could not be sent in time" in smtp_server.messages[1].get_content()


def test_a_crash_mid_send_is_not_resent_before_the_back_off(
    organization, operator, deadlines, webhook_receiver: WebhookReceiver
) -> None:
    channel = notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, webhook_receiver.secret
    ).channel
    key = "case:CASE-2026-0001:early-warning|due"
    # A worker claimed the delivery and died before recording the outcome.
    deadline_key = deadlines[0].key
    claim = notify_repo.claim(channel.id, key, "reminder.due", DUE, deadline_key=deadline_key)
    assert claim is not None
    assert notify_repo.claim(channel.id, key, "reminder.due", DUE) is None
    assert reminders.send_due_reminders(at(DUE + timedelta(minutes=1))).outcomes == []
    later = reminders.send_due_reminders(at(DUE + timedelta(minutes=6)))
    assert [o.delivery_id for o in later.outcomes] == [claim.delivery_id]
    assert webhook_receiver.received[0].headers["X-Rempart-Delivery"] == claim.delivery_id


def test_every_enabled_channel_and_only_those(
    organization, operator, deadlines, smtp_server: SmtpInbox, webhook_receiver: WebhookReceiver
) -> None:
    notifications.add_email_channel(operator, "mail", ["psirt@test.example"])
    notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, webhook_receiver.secret
    )
    notifications.add_webhook_channel(
        operator, "overdue only", webhook_receiver.url, webhook_receiver.secret, ["overdue"]
    )
    notifications.set_channel_enabled(operator, "mail", False)
    report = reminders.send_due_reminders(at(DUE))
    assert [o.channel for o in report.outcomes] == ["soc"]
    assert smtp_server.messages == []


def test_a_broken_source_is_reported_and_the_others_still_remind(
    organization, operator, deadlines, webhook_receiver: WebhookReceiver
) -> None:
    def broken(ctx: ServiceContext) -> list[Deadline]:
        raise RuntimeError("database of cases unavailable")

    deadline_registry.SOURCES["broken"] = broken  # the fixture's copy of the table
    notifications.add_webhook_channel(
        operator, "soc", webhook_receiver.url, webhook_receiver.secret
    )
    report = reminders.send_due_reminders(at(DUE))
    assert report.sent == 1
    assert report.source_errors == {"broken": "RuntimeError: database of cases unavailable"}


def test_send_test_records_a_delivery(organization, operator, smtp_server: SmtpInbox) -> None:
    notifications.add_email_channel(operator, "psirt", ["psirt@test.example"])
    outcome = reminders.send_test(operator, "psirt")
    assert outcome.status == "sent"
    assert smtp_server.messages[0]["Subject"] == "[Rempart] Test notification (psirt)"
    assert reminders.send_test(operator, "psirt").delivery_id != outcome.delivery_id
    assert [d.event for d in notifications.list_deliveries(operator)] == ["test", "test"]


def test_secrets_are_masked_and_never_audited(organization, operator) -> None:
    created = notifications.add_webhook_channel(operator, "soc", "https://hooks.test.example/x")
    assert len(created.secret) >= 32
    [listed] = notifications.list_channels(operator)
    assert listed.secret_hint == "••••" + created.secret[-4:]
    assert created.secret not in repr(notify_repo.enabled_targets())
    event = AuditEvent.objects.get(action="notification_channel.create")
    assert created.secret not in str(event.data)
    assert event.data["secret_set"] is True


def test_bad_channels_are_refused_and_nothing_is_stored(organization, operator) -> None:
    with pytest.raises(InvalidInput) as refused:
        notifications.add_webhook_channel(operator, "", "ftp://x", "short")
    assert {p.field for p in refused.value.problems} == {"name", "url", "secret"}
    with pytest.raises(InvalidInput) as refused:
        notifications.add_email_channel(operator, "m", ["a@b.example\r\nBcc: x@evil.example"])
    assert refused.value.problems[0].field == "recipients"
    with pytest.raises(InvalidInput):
        notifications.save_policy(operator, "2h, soon", True, "1m", 99)
    assert notifications.list_channels(operator) == []
    assert not AuditEvent.objects.filter(action__startswith="notification").exists()


def test_only_admins_manage_or_send(organization) -> None:
    editor = ServiceContext(Actor.for_user("erin", "editor", 1))
    calls: list[Callable[[], object]] = [
        lambda: notifications.list_channels(editor),
        lambda: notifications.add_email_channel(editor, "m", ["a@b.example"]),
        lambda: reminders.send_due_reminders(editor),
        lambda: reminders.send_test(editor, "m"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
