"""/api/v1/notifications: reminder channels, policy and deliveries, for administrators (api layer).

Webhook secrets appear once, in the answer to the request that creates the channel; every
other answer shows them masked (``secret``: ``••••abcd``).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.services.notifications import channels as notifications
from rempart.services.notifications import reminders
from rempart.services.notifications.channels import ChannelView

router = Router(tags=["notifications"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}
EVENTS_HELP = "before | due | overdue; all when empty"


class ChannelOut(Schema):
    id: int
    name: str
    kind: str
    recipients: list[str]
    url: str
    secret: str = Field(..., description="masked, except in the answer that creates it")
    events: list[str]
    enabled: bool
    created_at: datetime


class EmailChannelIn(Schema):
    name: str = Field(..., max_length=100)
    recipients: list[str] = Field(..., max_length=20)
    events: list[str] = Field([], description=EVENTS_HELP)


class WebhookChannelIn(Schema):
    name: str = Field(..., max_length=100)
    url: str = Field(..., max_length=2000)
    secret: str | None = Field(None, max_length=200, description="generated when omitted")
    events: list[str] = Field([], description=EVENTS_HELP)


class EnabledIn(Schema):
    enabled: bool


class PolicyIO(Schema):
    before: list[str] = Field(..., description="offsets before the due time, e.g. ['12h', '2h']")
    at_due: bool
    overdue_every: str = Field(..., description="e.g. '6h'")
    overdue_max: int


class OutcomeOut(Schema):
    channel: str
    key: str
    delivery_id: str
    attempt: int
    status: str
    error: str


class RunOut(Schema):
    deadlines: int
    sent: int
    failed: int
    deliveries: list[OutcomeOut]
    source_errors: dict[str, str]


class DeliveryOut(Schema):
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


def _out(view: ChannelView, secret: str | None = None) -> ChannelOut:
    return ChannelOut(
        id=view.id,
        name=view.name,
        kind=view.kind,
        recipients=list(view.recipients),
        url=view.url,
        secret=secret if secret is not None else view.secret_hint,
        events=list(view.events),
        enabled=view.enabled,
        created_at=view.created_at,
    )


@router.get("/channels", response={200: list[ChannelOut], **ERRORS}, summary="All channels")
def list_channels(request: HttpRequest) -> list[ChannelOut]:
    return [_out(view) for view in notifications.list_channels(context(request))]


@router.post("/channels/email", response={201: ChannelOut, **ERRORS}, summary="Add e-mail")
def add_email(request: HttpRequest, payload: EmailChannelIn) -> Status[ChannelOut]:
    view = notifications.add_email_channel(
        context(request), payload.name, payload.recipients, payload.events or None
    )
    return Status(201, _out(view))


@router.post(
    "/channels/webhook",
    response={201: ChannelOut, **ERRORS},
    summary="Add a webhook; the answer carries its signing secret, once",
)
def add_webhook(request: HttpRequest, payload: WebhookChannelIn) -> Status[ChannelOut]:
    created = notifications.add_webhook_channel(
        context(request), payload.name, payload.url, payload.secret, payload.events or None
    )
    return Status(201, _out(created.channel, created.secret))


@router.put(
    "/channels/{channel_id}/enabled", response={200: ChannelOut, **ERRORS}, summary="(Dis)able"
)
def set_enabled(request: HttpRequest, channel_id: int, payload: EnabledIn) -> ChannelOut:
    return _out(notifications.set_channel_enabled(context(request), channel_id, payload.enabled))


@router.post(
    "/channels/{channel_id}/test", response={200: OutcomeOut, **ERRORS}, summary="Send a test"
)
def send_test(request: HttpRequest, channel_id: int) -> OutcomeOut:
    return OutcomeOut.model_validate(reminders.send_test(context(request), channel_id).as_dict())


@router.get("/policy", response={200: PolicyIO, **ERRORS}, summary="The reminder policy")
def get_policy(request: HttpRequest) -> PolicyIO:
    return PolicyIO.model_validate(
        notifications.describe(notifications.get_policy(context(request)))
    )


@router.put("/policy", response={200: PolicyIO, **ERRORS}, summary="Change the reminder policy")
def put_policy(request: HttpRequest, payload: PolicyIO) -> PolicyIO:
    saved = notifications.save_policy(
        context(request),
        ", ".join(payload.before),
        payload.at_due,
        payload.overdue_every,
        payload.overdue_max,
    )
    return PolicyIO.model_validate(notifications.describe(saved))


@router.get("/deliveries", response={200: list[DeliveryOut], **ERRORS}, summary="Latest deliveries")
def deliveries(request: HttpRequest, limit: int = 50) -> list[DeliveryOut]:
    return [
        DeliveryOut(
            delivery_id=d.delivery_id,
            channel=d.channel,
            key=d.key,
            event=d.event,
            title=d.title,
            due_at=d.due_at,
            status=d.status,
            attempts=d.attempts,
            last_error=d.last_error,
            first_attempt_at=d.first_attempt_at,
            last_attempt_at=d.last_attempt_at,
            sent_at=d.sent_at,
        )
        for d in notifications.list_deliveries(context(request), limit)
    ]


@router.post(
    "/send-due",
    response={200: RunOut, **ERRORS},
    summary="Send the reminders due now (as the worker)",
)
def send_due(request: HttpRequest) -> RunOut:
    return RunOut.model_validate(reminders.send_due_reminders(context(request)).as_dict())
