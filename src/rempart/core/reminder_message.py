"""What a reminder says: e-mail subject and body, webhook JSON payload (core layer).

The wording is computed from ``now`` and the due time, not from the point's label, so a late
(catch-up or retried) reminder still tells the truth ("overdue by 3h"). Every message carries
the catalog ID of the rule that sets the deadline, when its source names one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rempart.core.reminders import Reminder, format_minutes

PAYLOAD_VERSION = 1


@dataclass(frozen=True, slots=True)
class Message:
    event: str  # "reminder.before" | "reminder.due" | "reminder.overdue" | "test"
    subject: str
    body: str
    payload: dict[str, Any]


def _distance(due: datetime, now: datetime) -> str:
    minutes = int(abs((due - now).total_seconds()) // 60)
    if minutes == 0:
        return "due now"
    text = format_minutes(minutes)
    return f"overdue by {text}" if now > due else f"due in {text}"


def reminder_message(reminder: Reminder, now: datetime, link: str = "") -> Message:
    """The message of one reminder; ``link`` is the full address of the deadline's page."""
    deadline = reminder.deadline
    status = _distance(deadline.due_at, now)
    cite = f" [{deadline.citation}]" if deadline.citation else ""
    # Titles come from any deadline source: a line break would break the mail header.
    subject = " ".join(f"[Rempart] {status.capitalize()}: {deadline.title}".split())[:250]
    lines = [
        f"{deadline.title}{cite}",
        "",
        f"Due: {deadline.due_at.strftime('%Y-%m-%d %H:%M')} UTC ({status}).",
    ]
    if deadline.citation:
        lines.append(f"Rule: {deadline.citation} (see the CRA catalog in Rempart).")
    if link:
        lines.append(f"Handle it here: {link}")
    if reminder.catch_up:
        lines.append("")
        lines.append("Earlier reminders for this deadline could not be sent in time.")
    lines += ["", f"Reminder point: {reminder.point.label} ({reminder.key})."]
    payload: dict[str, Any] = {
        "version": PAYLOAD_VERSION,
        "event": f"reminder.{reminder.point.event.value}",
        "key": reminder.key,
        "point": reminder.point.label,
        "catch_up": reminder.catch_up,
        "status": status,
        "sent_at": now.isoformat(),
        "deadline": {
            "key": deadline.key,
            "title": deadline.title,
            "due_at": deadline.due_at.isoformat(),
            "citation": deadline.citation,
            "link": link or None,
        },
    }
    return Message(payload["event"], subject, "\n".join(lines) + "\n", payload)


def channel_test_message(channel_name: str, now: datetime) -> Message:
    """The "send a test" message: proves the channel works, names no deadline."""
    body = (
        f"This is a test notification from Rempart for the channel {channel_name!r}.\n"
        "Reminders of reporting deadlines will arrive the same way.\n"
    )
    payload = {
        "version": PAYLOAD_VERSION,
        "event": "test",
        "channel": channel_name,
        "sent_at": now.isoformat(),
    }
    return Message("test", f"[Rempart] Test notification ({channel_name})", body, payload)
