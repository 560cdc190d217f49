"""Notification channels, the reminder policy and every delivery attempt (store layer).

A webhook secret is stored as given (the HMAC needs it) and never leaves the store except to
sign: repositories hand out a masked form, the audit trail never sees it.
"""

from __future__ import annotations

from django.db import models


class NotificationChannel(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", "E-mail"
        WEBHOOK = "webhook", "Webhook"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    recipients = models.JSONField(default=list)  # e-mail addresses (kind email)
    url = models.CharField(max_length=2000, blank=True)  # kind webhook
    secret = models.CharField(max_length=200, blank=True)  # kind webhook: HMAC key
    events = models.JSONField(default=list)  # subset of core.reminders.ReminderEvent values
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReminderPolicy(models.Model):
    """The reminder points of one organization (defaults in ``core.reminders.ReminderPolicy``)."""

    organization = models.OneToOneField(
        "store.Organization", on_delete=models.CASCADE, related_name="reminder_policy"
    )
    before_minutes = models.JSONField(default=list)
    at_due = models.BooleanField(default=True)
    overdue_every_minutes = models.PositiveIntegerField()
    overdue_max = models.PositiveIntegerField()
    updated_at = models.DateTimeField()


class ReminderDelivery(models.Model):
    """One reminder (idempotency key) on one channel: at most one row, however often retried."""

    class Status(models.TextChoices):
        # Claimed and committed before the attempt, so a crash mid-send is visible and two
        # workers never send the same key at once.
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    channel = models.ForeignKey(
        NotificationChannel, on_delete=models.CASCADE, related_name="deliveries"
    )
    key = models.CharField(max_length=500)
    delivery_id = models.CharField(max_length=36, unique=True)  # X-Rempart-Delivery
    event = models.CharField(max_length=20)
    deadline_key = models.CharField(max_length=400, blank=True)
    title = models.CharField(max_length=500, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    first_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_attempt_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "key"], name="delivery_once_per_channel")
        ]
        indexes = [models.Index(fields=["channel", "status"])]
