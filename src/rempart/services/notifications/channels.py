"""Notification channels and the reminder policy: the admin's settings (services layer).

Only administrators (``MANAGE_ORGANIZATION``) see or change channels: a channel's recipients
and URL tell where incident information goes. A webhook secret is returned once, by
:func:`add_webhook_channel`; afterwards it is only ever shown masked, and it never enters the
audit trail (the audit event records that a secret was set, not what it is).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from rempart.core.errors import Conflict, InvalidInput, NotFound, ProblemCollector
from rempart.core.notification_channel import ChannelSpec, validate_channel
from rempart.core.reminders import ReminderPolicy, format_minutes, parse_minutes, parse_offsets
from rempart.services.accounts import audit
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.store.repositories import notify as repo
from rempart.store.repositories import organizations
from rempart.store.repositories.notify import ChannelView as ChannelView
from rempart.store.repositories.notify import DeliveryView


@dataclass(frozen=True, slots=True)
class NewWebhook:
    channel: ChannelView
    secret: str  # shown once


def list_channels(ctx: ServiceContext) -> list[ChannelView]:
    require(ctx, Action.MANAGE_ORGANIZATION)
    return repo.list_channels()


def get_channel(ctx: ServiceContext, channel: int | str) -> ChannelView:
    """A channel by id or by name."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    found = repo.get_channel(channel) if isinstance(channel, int) else repo.find_channel(channel)
    if found is None:
        raise NotFound(f"no notification channel {channel!r}")
    return found


def _store(ctx: ServiceContext, spec: ChannelSpec) -> ChannelView:
    with transaction.atomic():
        if repo.find_channel(spec.name) is not None:
            raise Conflict(f"a notification channel named {spec.name!r} exists already")
        try:
            with transaction.atomic():
                view = repo.create_channel(
                    spec.name,
                    spec.kind,
                    list(spec.recipients),
                    spec.url,
                    spec.secret,
                    list(spec.events),
                    ctx.clock.now(),
                )
        except IntegrityError as error:
            raise Conflict(f"a notification channel named {spec.name!r} exists already") from error
        audit.record(
            ctx,
            "notification_channel.create",
            "notification_channel",
            str(view.id),
            {
                "name": view.name,
                "kind": view.kind,
                "recipients": list(view.recipients),
                # A webhook URL can itself carry a token (chat services put one in the path):
                # the audit trail keeps only where it points.
                "url_host": urlsplit(view.url).hostname or "",
                "secret_set": bool(spec.secret),
                "events": list(view.events),
            },
        )
    return view


def add_email_channel(
    ctx: ServiceContext, name: str, recipients: Sequence[str], events: Sequence[str] | None = None
) -> ChannelView:
    require(ctx, Action.MANAGE_ORGANIZATION)
    return _store(ctx, validate_channel(name, "email", recipients=recipients, events=events))


def add_webhook_channel(
    ctx: ServiceContext,
    name: str,
    url: str,
    secret: str | None = None,
    events: Sequence[str] | None = None,
) -> NewWebhook:
    """Add a webhook; without ``secret`` a random one is generated. Either is returned once."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    chosen = secret if secret else secrets.token_urlsafe(32)
    view = _store(ctx, validate_channel(name, "webhook", url=url, secret=chosen, events=events))
    return NewWebhook(view, chosen)


def set_channel_enabled(ctx: ServiceContext, channel: int | str, enabled: bool) -> ChannelView:
    require(ctx, Action.MANAGE_ORGANIZATION)
    current = get_channel(ctx, channel)
    with transaction.atomic():
        view = repo.set_enabled(current.id, enabled, ctx.clock.now())
        audit.record(
            ctx,
            "notification_channel.enable" if enabled else "notification_channel.disable",
            "notification_channel",
            str(view.id),
            {"name": view.name},
        )
    return view


def get_policy(ctx: ServiceContext) -> ReminderPolicy:
    require(ctx, Action.MANAGE_ORGANIZATION)
    organization = organizations.first()
    return repo.policy(organization.id if organization else None)


def save_policy(
    ctx: ServiceContext,
    before: str | None = None,
    at_due: bool | None = None,
    overdue_every: str | None = None,
    overdue_max: int | None = None,
) -> ReminderPolicy:
    """Change the parts given; durations as text: ``before="12h, 2h"``, ``overdue_every="6h"``."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    organization = organizations.first()
    if organization is None:
        raise InvalidInput.single("organization", "set up the organization first (rempart init)")
    current = repo.policy(organization.id)
    problems = ProblemCollector()
    offsets = parse_offsets(before, problems) if before is not None else current.before_minutes
    every = (
        parse_minutes(overdue_every, "overdue_every", problems)
        if overdue_every is not None
        else current.overdue_every_minutes
    )
    problems.raise_if_any("the reminder policy is invalid")
    policy = ReminderPolicy(
        tuple(offsets),
        current.at_due if at_due is None else at_due,
        every or 0,
        current.overdue_max if overdue_max is None else overdue_max,
    )
    policy.problems().raise_if_any("the reminder policy is invalid")
    with transaction.atomic():
        repo.save_policy(organization.id, policy, ctx.clock.now())
        audit.record(
            ctx, "reminder_policy.update", "organization", str(organization.id), describe(policy)
        )
    return policy


def describe(policy: ReminderPolicy) -> dict[str, object]:
    """The policy in the units people type (also the JSON of CLI and API)."""
    return {
        "before": [format_minutes(m) for m in policy.before_minutes],
        "at_due": policy.at_due,
        "overdue_every": format_minutes(policy.overdue_every_minutes),
        "overdue_max": policy.overdue_max,
    }


def list_deliveries(
    ctx: ServiceContext, limit: int = 50, channel: int | str | None = None
) -> list[DeliveryView]:
    require(ctx, Action.MANAGE_ORGANIZATION)
    if not 1 <= limit <= 1000:
        raise InvalidInput.single("limit", "must be between 1 and 1000")
    channel_id = get_channel(ctx, channel).id if channel is not None else None
    return repo.recent_deliveries(limit, channel_id)
