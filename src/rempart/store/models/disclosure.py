"""Coordinated vulnerability disclosure: settings, incoming reports, intake throttling (store).

The settings live beside the organization (one-to-one) rather than on it, so the manufacturer
record stays the Annex II identity and this stays the RFC 9116 / CVD policy configuration.
"""

from __future__ import annotations

from django.db import models

from rempart.store.models.organization import Organization
from rempart.store.models.product import Product
from rempart.store.models.vulnerability import Finding


class DisclosureSettings(models.Model):
    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="disclosure"
    )
    contacts = models.JSONField(default=list)
    encryption = models.JSONField(default=list)
    acknowledgments = models.CharField(max_length=500, blank=True)
    preferred_languages = models.JSONField(default=list)
    canonical = models.JSONField(default=list)
    policy = models.CharField(max_length=500, blank=True)
    hiring = models.CharField(max_length=500, blank=True)
    csaf = models.JSONField(default=list)
    public_base_url = models.CharField(max_length=500, blank=True)
    expiry_days = models.PositiveIntegerField(default=180)
    expires_at = models.DateTimeField(null=True, blank=True)
    acknowledge_days = models.PositiveIntegerField(default=5)
    triage_days = models.PositiveIntegerField(default=14)
    disclosure_days = models.PositiveIntegerField(default=90)
    safe_harbour = models.BooleanField(default=True)
    credit_reporters = models.BooleanField(default=True)
    intake_open = models.BooleanField(default=True)
    published_products = models.JSONField(default=list)
    updated_at = models.DateTimeField()


class VulnerabilityReport(models.Model):
    """A report received through the public intake (web form or API)."""

    reference = models.CharField(max_length=20, unique=True)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="vulnerability_reports"
    )
    summary = models.CharField(max_length=200)
    details = models.TextField()
    affected_versions = models.CharField(max_length=500, blank=True)
    reporter_contact = models.CharField(max_length=320, blank=True)
    wants_credit = models.BooleanField(default=False)
    channel = models.CharField(max_length=8)  # web | api
    status = models.CharField(max_length=16, default="new", db_index=True)
    decision = models.TextField(blank=True)
    received_at = models.DateTimeField(db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    findings = models.ManyToManyField(Finding, related_name="vulnerability_reports", blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]


class ReportNote(models.Model):
    """An internal note of the team; never shown to the reporter."""

    report = models.ForeignKey(VulnerabilityReport, on_delete=models.CASCADE, related_name="notes")
    author = models.CharField(max_length=200)
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class IntakeAttempt(models.Model):
    """Public submissions, counted per client address for rate limiting."""

    ip = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)


class UsedFormToken(models.Model):
    """Nonces of intake tokens already spent: a replayed submission is refused."""

    nonce = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(db_index=True)
