"""Product wizard drafts: a person's unfinished product registration, kept until saved (store)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class WizardDraft(models.Model):
    """The answers of one run of the product wizard, per user, resumable from any device."""

    class Mode(models.TextChoices):
        CREATE = "create", "Register a product"
        EDIT = "edit", "Edit a product"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wizard_drafts"
    )
    mode = models.CharField(max_length=8, choices=Mode.choices)
    product_slug = models.CharField(max_length=80, blank=True)  # the product edited
    data = models.JSONField(default=dict)
    step = models.CharField(max_length=16, default="basics")  # the furthest step reached
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "-updated_at"])]
