"""Channels, the reminder policy and deliveries: rows <-> plain values (store layer).

Secrets leave this module only inside :class:`ChannelTarget` (for signing) and otherwise
masked (:func:`mask`). A delivery is claimed (status ``sending``, committed) before it is
attempted: the unique (channel, key) row and the row lock make the claim exclusive.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from rempart.core.reminders import Attempts, ReminderPolicy, next_retry_at
from rempart.store.models import NotificationChannel, ReminderDelivery
from rempart.store.models import ReminderPolicy as PolicyRow


@dataclass(frozen=True, slots=True)
class ChannelView:
    """A channel as shown to people: the secret is masked."""

    id: int
    name: str
    kind: str
    recipients: tuple[str, ...]
    url: str
    secret_hint: str  # "••••abcd" or ""
    events: tuple[str, ...]
    enabled: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ChannelTarget:
    """What delivery needs, including the secret; never rendered or logged."""

    id: int
    name: str
    kind: str
    recipients: tuple[str, ...]
    url: str
    secret: str
    events: tuple[str, ...]

    def __repr__(self) -> str:  # keeps the secret out of tracebacks and logs
        return f"ChannelTarget(id={self.id}, name={self.name!r}, kind={self.kind!r})"


@dataclass(frozen=True, slots=True)
class DeliveryView:
    id: int
    delivery_id: str
    channel: str
    key: str
    event: str
    title: str
    due_at: datetime | None
    status: str
    attempts: int
    last_error: str
    first_attempt_at: datetime
    last_attempt_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class Claim:
    row_id: int
    delivery_id: str
    attempt: int


def mask(secret: str) -> str:
    return f"••••{secret[-4:]}" if len(secret) >= 16 else ("••••" if secret else "")


def _view(row: NotificationChannel) -> ChannelView:
    return ChannelView(
        row.pk,
        row.name,
        row.kind,
        tuple(row.recipients),
        row.url,
        mask(row.secret),
        tuple(row.events),
        row.enabled,
        row.created_at,
    )


def _target(row: NotificationChannel) -> ChannelTarget:
    return ChannelTarget(
        row.pk,
        row.name,
        row.kind,
        tuple(row.recipients),
        row.url,
        row.secret,
        tuple(row.events),
    )


def list_channels() -> list[ChannelView]:
    return [_view(row) for row in NotificationChannel.objects.all()]


def find_channel(name: str) -> ChannelView | None:
    row = NotificationChannel.objects.filter(name=name).first()
    return _view(row) if row else None


def get_channel(channel_id: int) -> ChannelView | None:
    row = NotificationChannel.objects.filter(pk=channel_id).first()
    return _view(row) if row else None


def target(channel_id: int) -> ChannelTarget | None:
    row = NotificationChannel.objects.filter(pk=channel_id).first()
    return _target(row) if row else None


def enabled_targets() -> list[ChannelTarget]:
    return [_target(row) for row in NotificationChannel.objects.filter(enabled=True)]


def create_channel(
    name: str,
    kind: str,
    recipients: list[str],
    url: str,
    secret: str,
    events: list[str],
    now: datetime,
) -> ChannelView:
    row = NotificationChannel.objects.create(
        name=name,
        kind=kind,
        recipients=recipients,
        url=url,
        secret=secret,
        events=events,
        enabled=True,
        created_at=now,
        updated_at=now,
    )
    return _view(row)


def set_enabled(channel_id: int, enabled: bool, now: datetime) -> ChannelView:
    row = NotificationChannel.objects.select_for_update().get(pk=channel_id)
    row.enabled = enabled
    row.updated_at = now
    row.save(update_fields=["enabled", "updated_at"])
    return _view(row)


def policy(organization_id: int | None) -> ReminderPolicy:
    """The organization's policy, or the defaults when none is stored."""
    row = (
        PolicyRow.objects.filter(organization_id=organization_id).first()
        if organization_id is not None
        else None
    )
    if row is None:
        return ReminderPolicy()
    return ReminderPolicy(
        tuple(row.before_minutes), row.at_due, row.overdue_every_minutes, row.overdue_max
    )


def save_policy(organization_id: int, value: ReminderPolicy, now: datetime) -> ReminderPolicy:
    PolicyRow.objects.update_or_create(
        organization_id=organization_id,
        defaults={
            "before_minutes": list(value.before_minutes),
            "at_due": value.at_due,
            "overdue_every_minutes": value.overdue_every_minutes,
            "overdue_max": value.overdue_max,
            "updated_at": now,
        },
    )
    return value


def history(channel_id: int, deadline_keys: Iterable[str]) -> dict[str, Attempts]:
    """What this channel did for these deadlines' reminders, as the planner needs it."""
    wanted = sorted(set(deadline_keys))
    found: dict[str, Attempts] = {}
    for start in range(0, len(wanted), 500):  # stay below every database's parameter limit
        rows = ReminderDelivery.objects.filter(
            channel_id=channel_id, deadline_key__in=wanted[start : start + 500]
        ).values_list("key", "status", "attempts", "last_attempt_at")
        for key, status, attempts, last in rows:
            found[key] = Attempts(status == ReminderDelivery.Status.SENT, attempts, last)
    return found


def claim(
    channel_id: int,
    key: str,
    event: str,
    now: datetime,
    *,
    deadline_key: str = "",
    title: str = "",
    due_at: datetime | None = None,
) -> Claim | None:
    """Mark ``key`` as being sent on this channel, or ``None`` if it is not ours to send.

    Not ours: already sent, being sent by someone else (its back-off has not elapsed), or a
    concurrent claim won the insert. Commits on its own, before the attempt.
    """
    with transaction.atomic():
        row = (
            ReminderDelivery.objects.select_for_update()
            .filter(channel_id=channel_id, key=key)
            .first()
        )
        if row is None:
            try:
                with transaction.atomic():
                    row = ReminderDelivery.objects.create(
                        channel_id=channel_id,
                        key=key[:500],
                        delivery_id=str(uuid.uuid4()),
                        event=event,
                        deadline_key=deadline_key[:400],
                        title=title[:500],
                        due_at=due_at,
                        status=ReminderDelivery.Status.SENDING,
                        attempts=1,
                        first_attempt_at=now,
                        last_attempt_at=now,
                    )
            except IntegrityError:
                return None
            return Claim(row.pk, row.delivery_id, 1)
        if row.status == ReminderDelivery.Status.SENT or now < next_retry_at(
            row.attempts, row.last_attempt_at
        ):
            return None
        row.status = ReminderDelivery.Status.SENDING
        row.attempts += 1
        row.last_attempt_at = now
        row.save(update_fields=["status", "attempts", "last_attempt_at"])
        return Claim(row.pk, row.delivery_id, row.attempts)


def finish(row_id: int, now: datetime, error: str | None) -> None:
    """Record the outcome of the attempt (``error`` None: delivered)."""
    with transaction.atomic():
        row = ReminderDelivery.objects.select_for_update().get(pk=row_id)
        if error is None:
            row.status = ReminderDelivery.Status.SENT
            row.sent_at = now
            row.last_error = ""
        else:
            row.status = ReminderDelivery.Status.FAILED
            row.last_error = error[:2000]
        row.save(update_fields=["status", "sent_at", "last_error"])


def recent_deliveries(limit: int = 50, channel_id: int | None = None) -> list[DeliveryView]:
    rows = ReminderDelivery.objects.select_related("channel")
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    return [
        DeliveryView(
            row.pk,
            row.delivery_id,
            row.channel.name,
            row.key,
            row.event,
            row.title,
            row.due_at,
            row.status,
            row.attempts,
            row.last_error,
            row.first_attempt_at,
            row.last_attempt_at,
            row.sent_at,
        )
        for row in rows[:limit]
    ]
