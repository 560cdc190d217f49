"""The notifications settings page: channels, reminder policy, tests and deliveries (web layer).

One page, several small forms; each POST names its ``form`` (``email``, ``webhook``,
``policy``) so a refused form is shown again with its errors next to the others.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rempart.core.errors import RempartError
from rempart.core.reminders import ReminderEvent
from rempart.services.notifications import channels as notifications
from rempart.services.notifications import reminders
from rempart.web.session import apply_errors, ctx_of

PAGE = "notifications"  # the URL name of the settings page
EVENT_CHOICES = [(event.value, event.value) for event in ReminderEvent]


def _lines(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


class EmailChannelForm(forms.Form):
    name = forms.CharField(max_length=100)
    recipients = forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One address per line (or separated by commas).",
    )
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: all events.",
    )


class WebhookChannelForm(forms.Form):
    name = forms.CharField(max_length=100)
    url = forms.CharField(max_length=2000, label="URL")
    secret = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.PasswordInput,
        help_text="Leave empty to generate one; it is shown once.",
    )
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: all events.",
    )


class PolicyForm(forms.Form):
    before = forms.CharField(
        max_length=200,
        required=False,
        label="Remind before the due time",
        help_text="Durations separated by commas, e.g. 12h, 2h.",
    )
    at_due = forms.BooleanField(required=False, label="Remind at the due time")
    overdue_every = forms.CharField(max_length=20, label="When overdue, repeat every")
    overdue_max = forms.IntegerField(min_value=0, max_value=50, label="at most (times)")


def _policy_initial(ctx: Any) -> dict[str, object]:
    described = notifications.describe(notifications.get_policy(ctx))
    return {**described, "before": ", ".join(described["before"])}  # type: ignore[arg-type]


def settings_page(request: HttpRequest) -> HttpResponse:
    ctx = ctx_of(request)
    channels = notifications.list_channels(ctx)  # authorizes: administrators only
    chosen = request.POST.get("form") if request.method == "POST" else None
    email_form = EmailChannelForm(request.POST if chosen == "email" else None, prefix="email")
    webhook_form = WebhookChannelForm(
        request.POST if chosen == "webhook" else None, prefix="webhook"
    )
    policy_form = PolicyForm(
        request.POST if chosen == "policy" else None, initial=_policy_initial(ctx), prefix="policy"
    )
    created_secret = None
    status = 200
    if chosen == "email" and email_form.is_valid():
        data = email_form.cleaned_data
        try:
            notifications.add_email_channel(
                ctx, data["name"], _lines(data["recipients"]), data["events"] or None
            )
        except RempartError as error:
            apply_errors(email_form, error)
        else:
            messages.success(request, f"E-mail channel {data['name']} was added.")
            return redirect(PAGE)
    elif chosen == "webhook" and webhook_form.is_valid():
        data = webhook_form.cleaned_data
        try:
            created = notifications.add_webhook_channel(
                ctx, data["name"], data["url"], data["secret"] or None, data["events"] or None
            )
        except RempartError as error:
            apply_errors(webhook_form, error)
        else:
            # Rendered here, not redirected: the secret is shown once and never stored in a
            # session or message.
            created_secret = (created.channel.name, created.secret)
            webhook_form = WebhookChannelForm(prefix="webhook")
            channels = notifications.list_channels(ctx)
    elif chosen == "policy" and policy_form.is_valid():
        data = policy_form.cleaned_data
        try:
            notifications.save_policy(
                ctx, data["before"], data["at_due"], data["overdue_every"], data["overdue_max"]
            )
        except RempartError as error:
            apply_errors(policy_form, error)
        else:
            messages.success(request, "The reminder policy was saved.")
            return redirect(PAGE)
    if chosen and created_secret is None:
        status = 422
    return render(
        request,
        "rempart/notifications/settings.html",
        {
            "channels": channels,
            "email_form": email_form,
            "webhook_form": webhook_form,
            "policy_form": policy_form,
            "created_secret": created_secret,
            "deliveries": notifications.list_deliveries(ctx, 50),
        },
        status=status,
    )


@require_POST
def toggle_channel(request: HttpRequest, channel_id: int) -> HttpResponse:
    enable = request.POST.get("enabled") == "1"
    view = notifications.set_channel_enabled(ctx_of(request), channel_id, enable)
    messages.success(request, f"Channel {view.name} was {'enabled' if enable else 'disabled'}.")
    return redirect(PAGE)


@require_POST
def test_channel(request: HttpRequest, channel_id: int) -> HttpResponse:
    outcome = reminders.send_test(ctx_of(request), channel_id)
    if outcome.status == "sent":
        messages.success(request, f"A test notification was sent on {outcome.channel}.")
    else:
        messages.error(request, f"The test on {outcome.channel} failed: {outcome.error}")
    return redirect(PAGE)
