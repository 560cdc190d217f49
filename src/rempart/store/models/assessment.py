"""The Annex I assessment: entries per requirement, their evidence and history, actions,
secure-by-default settings, and the organization's assessment settings (store layer)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rempart.store.models.organization import Organization
from rempart.store.models.product import Product

DEFAULT_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_KEV_REMEDIATION_DAYS = 14
DEFAULT_CRITICAL_REMEDIATION_DAYS = 30


class AssessmentSettings(models.Model):
    """Per organization: the evidence size limit and the remediation windows (due-date rule)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="assessment_settings"
    )
    evidence_max_bytes = models.PositiveBigIntegerField(default=DEFAULT_EVIDENCE_MAX_BYTES)
    kev_remediation_days = models.PositiveIntegerField(default=DEFAULT_KEV_REMEDIATION_DAYS)
    critical_remediation_days = models.PositiveIntegerField(
        default=DEFAULT_CRITICAL_REMEDIATION_DAYS
    )
    # The rest of the remediation policy by severity (core/remediation.py; docs/findings.md).
    high_remediation_days = models.PositiveIntegerField(default=60)
    medium_remediation_days = models.PositiveIntegerField(default=90)
    low_remediation_days = models.PositiveIntegerField(default=180)
    unknown_remediation_days = models.PositiveIntegerField(default=30)


class RequirementEntry(models.Model):
    """What a person recorded for one Annex I requirement of one product."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="annex_entries")
    requirement_id = models.CharField(max_length=32)
    applicable = models.BooleanField(default=True)
    justification = models.TextField(blank=True)
    status = models.CharField(max_length=16, default="not-started")
    how_met = models.TextField(blank=True)
    links = models.JSONField(default=list)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField()
    updated_by = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "requirement_id"], name="annex_entry_unique")
        ]


class RequirementChange(models.Model):
    """One change to an entry or its evidence, for the history on the requirement's page."""

    entry = models.ForeignKey(RequirementEntry, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    changes = models.JSONField(default=dict)  # field -> [before, after]

    class Meta:
        ordering = ["-at", "-id"]


class EvidenceItem(models.Model):
    """A file (stored content-addressed under the data directory), a URL, or a Rempart record."""

    class Kind(models.TextChoices):
        FILE = "file", "File"
        URL = "url", "URL"
        RECORD = "record", "Rempart record"

    entry = models.ForeignKey(RequirementEntry, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(max_length=300)
    file_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    media_type = models.CharField(max_length=64, blank=True)
    url = models.CharField(max_length=2000, blank=True)
    record = models.CharField(max_length=300, blank=True)  # e.g. "sbom:12", "release:router@1.0"
    added_at = models.DateTimeField()
    added_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["added_at", "id"]


class ActionItem(models.Model):
    """An open action towards meeting a requirement (gap report)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="annex_actions")
    title = models.CharField(max_length=300)
    requirement_id = models.CharField(max_length=32, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, default="open")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]


class SecureDefault(models.Model):
    """One item of the product's secure default configuration (Annex I Part I (2)(b))."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="secure_defaults")
    setting = models.CharField(max_length=200)
    default_value = models.CharField(max_length=500)
    rationale = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["setting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "setting"], name="secure_default_unique")
        ]
