"""What a valid notification channel is (core layer).

An e-mail channel names its recipients; a webhook channel an http(s) URL and a signing secret
of at least :data:`MIN_SECRET_LENGTH` characters. Each channel subscribes to some reminder
events (all of them by default). Whether a webhook's host is a public address is decided when
it is called (``net.webhook``), because DNS answers change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from rempart.core.errors import ProblemCollector
from rempart.core.reminders import ALL_EVENTS, ReminderEvent

KINDS = ("email", "webhook")
MAX_RECIPIENTS = 20
MIN_SECRET_LENGTH = 16
MAX_SECRET_LENGTH = 200
_NAME = re.compile(r"^[\w .@()+-]{1,100}$")
# Deliberately simple: one @, no spaces or angle brackets, a dot in the domain. The mail server
# is the authority on deliverability; this only rejects header-injection and typos.
_EMAIL = re.compile(r"^[^@\s<>,;\"']{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    name: str
    kind: str
    recipients: tuple[str, ...]
    url: str
    secret: str
    events: tuple[str, ...]


def parse_events(values: Sequence[str] | None, problems: ProblemCollector) -> tuple[str, ...]:
    if not values:
        return tuple(event.value for event in ALL_EVENTS)
    known = {event.value for event in ReminderEvent}
    cleaned = []
    for value in values:
        value = value.strip().lower()
        if value not in known:
            problems.add("events", f"unknown event {value[:40]!r}; use {', '.join(sorted(known))}")
        elif value not in cleaned:
            cleaned.append(value)
    return tuple(event.value for event in ALL_EVENTS if event.value in cleaned)


def validate_channel(
    name: str,
    kind: str,
    *,
    recipients: Sequence[str] = (),
    url: str = "",
    secret: str = "",
    events: Sequence[str] | None = None,
) -> ChannelSpec:
    """The channel as stored, or :class:`InvalidInput` naming every bad field."""
    problems = ProblemCollector()
    name = name.strip()
    if not _NAME.match(name):
        problems.add("name", "1–100 letters, digits, spaces or . @ ( ) + - _")
    if kind not in KINDS:
        problems.add("kind", f"must be one of {', '.join(KINDS)}")
    cleaned_recipients: list[str] = []
    if kind == "email":
        for recipient in recipients:
            address = recipient.strip()
            if not _EMAIL.match(address):
                problems.add("recipients", f"{address[:80]!r} is not an e-mail address")
            elif address.lower() not in (r.lower() for r in cleaned_recipients):
                cleaned_recipients.append(address)
        if not recipients:
            problems.add("recipients", "name at least one recipient")
        if len(cleaned_recipients) > MAX_RECIPIENTS:
            problems.add("recipients", f"at most {MAX_RECIPIENTS} recipients")
    url = url.strip()
    if kind == "webhook":
        _check_webhook(url, secret, problems)
    chosen = parse_events(events, problems)
    problems.raise_if_any("the notification channel is invalid")
    return ChannelSpec(
        name,
        kind,
        tuple(cleaned_recipients),
        url if kind == "webhook" else "",
        secret if kind == "webhook" else "",
        chosen,
    )


def _check_webhook(url: str, secret: str, problems: ProblemCollector) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        problems.add("url", "not a valid URL")
    else:
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            problems.add("url", "must be an http:// or https:// URL with a host")
        elif parts.username or parts.password:
            problems.add("url", "must not contain credentials; the secret signs each request")
        elif len(url) > 2000:
            problems.add("url", "at most 2000 characters")
    if not MIN_SECRET_LENGTH <= len(secret) <= MAX_SECRET_LENGTH:
        problems.add(
            "secret", f"must be {MIN_SECRET_LENGTH}–{MAX_SECRET_LENGTH} characters (or generated)"
        )
    elif not secret.isprintable() or secret != secret.strip():
        problems.add("secret", "printable characters without leading or trailing spaces")
