"""Sending reminders of deadlines on every enabled channel (services layer).

:func:`send_due_reminders` asks every registered deadline source
(``services.deadline_registry``), plans with ``core.reminders.plan`` per channel, and delivers.
Each delivery is claimed in its own committed transaction *before* the attempt and finished in
another one after it, so:

- a reminder delivered once is never delivered again (the claim refuses a ``sent`` key);
- two workers never deliver the same key at the same time (row lock + unique key);
- a crash between the attempt and its record leaves a ``sending`` row that is retried after
  the back-off with the **same** ``X-Rempart-Delivery`` id, so receivers can drop the rare
  duplicate; it is never silently lost.

Nothing here raises out of the job for one bad channel, receiver or deadline source: failures
are recorded on the delivery (and logged without secrets) and retried on a later run.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from rempart.core.deadlines import Deadline
from rempart.core.errors import NetError, NotFound
from rempart.core.reminder_message import Message, channel_test_message, reminder_message
from rempart.core.reminders import ReminderEvent, plan
from rempart.net import mail, webhook
from rempart.services.accounts.authz import Action, require
from rempart.services.context import ServiceContext
from rempart.services.notifications import deadlines as deadline_registry
from rempart.store.repositories import notify as repo
from rempart.store.repositories import organizations
from rempart.store.repositories.notify import ChannelTarget, Claim

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    channel: str
    key: str
    delivery_id: str
    attempt: int
    status: str  # "sent" | "failed"
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "channel": self.channel,
            "key": self.key,
            "delivery_id": self.delivery_id,
            "attempt": self.attempt,
            "status": self.status,
            "error": self.error,
        }


@dataclass(slots=True)
class RunReport:
    deadlines: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    source_errors: dict[str, str] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == "sent")

    @property
    def failed(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == "failed")

    def as_dict(self) -> dict[str, object]:
        return {
            "deadlines": self.deadlines,
            "sent": self.sent,
            "failed": self.failed,
            "deliveries": [outcome.as_dict() for outcome in self.outcomes],
            "source_errors": dict(self.source_errors),
        }


def _collect(ctx: ServiceContext, report: RunReport) -> list[Deadline]:
    """Every source's deadlines; a broken source is reported, the others still count."""
    found: list[Deadline] = []
    for name, source in deadline_registry.sources().items():
        try:
            found.extend(source(ctx))
        except Exception as error:  # one broken source must not silence the others' reminders
            log.exception("deadline source %s failed", name)
            report.source_errors[name] = f"{type(error).__name__}: {error}"[:500]
    return found


def _deliver(
    ctx: ServiceContext, target: ChannelTarget, message: Message, claim: Claim, now: datetime
) -> str | None:
    """Attempt one delivery; the error text, or ``None`` when it was delivered."""
    try:
        if target.kind == "email":
            mail.send_email(
                message.subject,
                message.body,
                target.recipients,
                sender=ctx.settings.mail_sender,
                message_id=claim.delivery_id,
            )
        else:
            body = json.dumps(
                {**message.payload, "delivery_id": claim.delivery_id}, sort_keys=True
            ).encode()
            webhook.post_json(
                target.url,
                body,
                event=message.event,
                delivery_id=claim.delivery_id,
                secret=target.secret,
                timestamp=int(now.timestamp()),
                timeout=ctx.settings.webhook_timeout,
                allow_private=ctx.settings.webhook_allow_private,
            )
    except NetError as error:
        return error.message
    except Exception as error:  # a bug in one delivery must not stop the others; it is recorded
        log.exception(
            "delivery %s on channel %s failed unexpectedly", claim.delivery_id, target.name
        )
        return f"internal error: {type(error).__name__}"
    return None


def _attempt(
    ctx: ServiceContext, target: ChannelTarget, message: Message, claim: Claim, key: str
) -> Outcome:
    error = _deliver(ctx, target, message, claim, ctx.clock.now())
    repo.finish(claim.row_id, ctx.clock.now(), error)
    if error is None:
        log.info("delivered %s on channel %s (attempt %d)", key, target.name, claim.attempt)
        return Outcome(target.name, key, claim.delivery_id, claim.attempt, "sent")
    log.warning("delivery of %s on channel %s failed: %s", key, target.name, error)
    return Outcome(target.name, key, claim.delivery_id, claim.attempt, "failed", error)


def send_due_reminders(ctx: ServiceContext) -> RunReport:
    """Deliver every reminder that is due now on every enabled channel (see module docstring)."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    report = RunReport()
    deadlines = _collect(ctx, report)
    report.deadlines = len(deadlines)
    organization = organizations.first()
    policy = repo.policy(organization.id if organization else None)
    for target in repo.enabled_targets():
        events = [ReminderEvent(event) for event in target.events]
        now = ctx.clock.now()
        history = repo.history(target.id, (deadline.key for deadline in deadlines))
        for reminder in plan(deadlines, policy, history, now, events):
            claim = repo.claim(
                target.id,
                reminder.key,
                f"reminder.{reminder.point.event.value}",
                now,
                deadline_key=reminder.deadline.key,
                title=reminder.deadline.title,
                due_at=reminder.deadline.due_at,
            )
            if claim is None:  # delivered or being delivered by another worker meanwhile
                continue
            link = ctx.page_address(reminder.deadline.link)
            message = reminder_message(reminder, ctx.clock.now(), link)
            report.outcomes.append(_attempt(ctx, target, message, claim, reminder.key))
    return report


def send_test(ctx: ServiceContext, channel: int | str) -> Outcome:
    """Send a test message on one channel (enabled or not) and record it like any delivery."""
    require(ctx, Action.MANAGE_ORGANIZATION)
    view = repo.get_channel(channel) if isinstance(channel, int) else repo.find_channel(channel)
    target = repo.target(view.id) if view else None
    if target is None:
        raise NotFound(f"no notification channel {channel!r}")
    now = ctx.clock.now()
    key = f"test:{uuid.uuid4()}"
    claim = repo.claim(target.id, key, "test", now, title=f"Test by {ctx.actor.name}")
    if claim is None:  # a fresh random key cannot be taken
        raise RuntimeError("could not record the test delivery")
    return _attempt(ctx, target, channel_test_message(target.name, now), claim, key)
