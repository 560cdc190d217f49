"""``rempart notify``: reminder channels, the reminder policy, deliveries (cli layer).

JSON shapes are documented in docs/notifications.md. ``send-due`` and ``test`` exit 1 when a
delivery failed (it is recorded and retried by the next run).
"""

from __future__ import annotations

from typing import Any

import click

from rempart.cli.bootstrap import local, operator_context, operator_zone, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say

EVENTS = click.Choice(["before", "due", "overdue"])


def _channel_json(view: Any) -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.name,
        "kind": view.kind,
        "recipients": list(view.recipients),
        "url": view.url,
        "secret": view.secret_hint,
        "events": list(view.events),
        "enabled": view.enabled,
        "created_at": view.created_at,
    }


def _channels_table(rows: list[dict[str, Any]]) -> None:
    print_table(
        "Notification channels",
        ["Name", "Kind", "Target", "Events", "Enabled"],
        [
            [
                r["name"],
                r["kind"],
                ", ".join(r["recipients"]) or r["url"],
                ", ".join(r["events"]),
                "yes" if r["enabled"] else "no",
            ]
            for r in rows
        ],
    )


@click.group()
def notify() -> None:
    """Reminders of deadlines (e.g. the Art. 14 reports) by e-mail and signed webhooks."""


@notify.command("channels")
@FORMAT_OPTION
def channels(fmt: str) -> None:
    """List the notification channels (webhook secrets masked)."""
    setup_django()
    from rempart.services.notifications import channels as notifications

    data = [_channel_json(view) for view in notifications.list_channels(operator_context())]
    emit(data, fmt, _channels_table)


@notify.command("add-email")
@click.option("--name", required=True, help="A name for the channel, e.g. 'PSIRT mailbox'.")
@click.option("--to", "recipients", multiple=True, required=True, help="A recipient (repeat).")
@click.option("--event", "events", type=EVENTS, multiple=True, help="Only these events.")
@FORMAT_OPTION
def add_email(name: str, recipients: tuple[str, ...], events: tuple[str, ...], fmt: str) -> None:
    """Add an e-mail channel (sent through the SMTP server of REMPART_SMTP_HOST)."""
    setup_django()
    from rempart.services.notifications import channels as notifications

    view = notifications.add_email_channel(operator_context(), name, recipients, events or None)
    emit(_channel_json(view), fmt, lambda d: say(f"E-mail channel {d['name']!r} added."))


@notify.command("add-webhook")
@click.option("--name", required=True, help="A name for the channel.")
@click.option("--url", required=True, help="The receiver's http(s) URL.")
@click.option(
    "--secret-from-env",
    metavar="VAR",
    help="Read the signing secret from this environment variable (default: generate one).",
)
@click.option("--event", "events", type=EVENTS, multiple=True, help="Only these events.")
@FORMAT_OPTION
def add_webhook(
    name: str, url: str, secret_from_env: str | None, events: tuple[str, ...], fmt: str
) -> None:
    """Add a webhook channel; the signing secret is printed once."""
    import os

    setup_django()
    from rempart.core.errors import InvalidInput
    from rempart.services.notifications import channels as notifications

    secret = None
    if secret_from_env:
        secret = os.environ.get(secret_from_env)
        if not secret:
            raise InvalidInput.single("--secret-from-env", f"{secret_from_env} is not set")
    created = notifications.add_webhook_channel(
        operator_context(), name, url, secret, events or None
    )
    data = {**_channel_json(created.channel), "secret": created.secret}
    emit(
        data,
        fmt,
        lambda d: say(
            f"Webhook channel {d['name']!r} added. Signing secret, shown once:\n{d['secret']}"
        ),
    )


@notify.command("enable")
@click.argument("name")
@click.option("--off", is_flag=True, help="Disable instead.")
def enable(name: str, off: bool) -> None:
    """Enable (or with --off disable) channel NAME."""
    setup_django()
    from rempart.services.notifications import channels as notifications

    notifications.set_channel_enabled(operator_context(), name, not off)
    say(f"Channel {name!r} {'disabled' if off else 'enabled'}.")


@notify.command("policy")
@click.option("--before", help="Offsets before the due time, e.g. '12h, 2h'.")
@click.option("--at-due/--no-at-due", default=None, help="Remind at the due time.")
@click.option("--overdue-every", help="Repeat overdue reminders this often, e.g. '6h'.")
@click.option("--overdue-max", type=int, help="At most this many overdue reminders (0: none).")
@FORMAT_OPTION
def policy(
    before: str | None,
    at_due: bool | None,
    overdue_every: str | None,
    overdue_max: int | None,
    fmt: str,
) -> None:
    """Show the reminder policy, or change the parts given."""
    setup_django()
    from rempart.services.notifications import channels as notifications

    ctx = operator_context()
    if any(value is not None for value in (before, at_due, overdue_every, overdue_max)):
        chosen = notifications.save_policy(ctx, before, at_due, overdue_every, overdue_max)
    else:
        chosen = notifications.get_policy(ctx)
    current = notifications.describe(chosen)
    emit(
        current,
        fmt,
        lambda d: say(
            f"Before: {', '.join(d['before']) or 'none'} · at due time: "
            f"{'yes' if d['at_due'] else 'no'} · overdue every {d['overdue_every']}, "
            f"at most {d['overdue_max']} times"
        ),
    )


def _outcomes_table(title: str, rows: list[dict[str, Any]]) -> None:
    print_table(
        title,
        ["Channel", "Reminder", "Attempt", "Status", "Error"],
        [[r["channel"], r["key"], r["attempt"], r["status"], r["error"]] for r in rows],
    )


@notify.command("test")
@click.argument("name")
@FORMAT_OPTION
def test(name: str, fmt: str) -> None:
    """Send a test notification on channel NAME (exit 1 when it failed)."""
    setup_django()
    from rempart.services.notifications import reminders

    outcome = reminders.send_test(operator_context(), name).as_dict()
    emit(outcome, fmt, lambda d: _outcomes_table("Test notification", [d]))
    if outcome["status"] != "sent":
        raise click.exceptions.Exit(1)


@notify.command("send-due")
@FORMAT_OPTION
def send_due(fmt: str) -> None:
    """Send the reminders that are due now (what the worker does every 5 minutes)."""
    setup_django()
    from rempart.services.notifications import reminders

    report = reminders.send_due_reminders(operator_context()).as_dict()

    def table(d: dict[str, Any]) -> None:
        _outcomes_table(
            f"{d['deadlines']} deadlines: {d['sent']} sent, {d['failed']} failed", d["deliveries"]
        )
        for source, error in d["source_errors"].items():
            say(f"[red]deadline source {source} failed:[/red] {error}")

    emit(report, fmt, table)
    if report["failed"] or report["source_errors"]:
        raise click.exceptions.Exit(1)


@notify.command("deliveries")
@click.option("--channel", help="Only this channel.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@FORMAT_OPTION
def deliveries(channel: str | None, limit: int, fmt: str) -> None:
    """The latest deliveries with their status, attempts and last error."""
    setup_django()
    from rempart.services.notifications import channels as notifications

    data = [
        {
            "delivery_id": d.delivery_id,
            "channel": d.channel,
            "key": d.key,
            "event": d.event,
            "title": d.title,
            "due_at": d.due_at,
            "status": d.status,
            "attempts": d.attempts,
            "last_error": d.last_error,
            "first_attempt_at": d.first_attempt_at,
            "last_attempt_at": d.last_attempt_at,
            "sent_at": d.sent_at,
        }
        for d in notifications.list_deliveries(operator_context(), limit, channel)
    ]
    emit(
        data,
        fmt,
        lambda rows: print_table(
            "Deliveries",
            ["Last attempt", "Channel", "Event", "Reminder", "Status", "Attempts", "Error"],
            [
                [
                    local(r["last_attempt_at"], operator_zone()),
                    r["channel"],
                    r["event"],
                    r["title"],
                    r["status"],
                    r["attempts"],
                    r["last_error"],
                ]
                for r in rows
            ],
        ),
    )


COMMANDS = [notify]
