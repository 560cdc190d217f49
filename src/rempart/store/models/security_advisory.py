"""CSAF 2.0 security advisories authored in Rempart and their published revisions (store layer)."""

from __future__ import annotations

from django.db import models

from rempart.store.models.vulnerability import Finding


class SecurityAdvisory(models.Model):
    """An advisory being authored; each publication freezes a revision."""

    tracking_id = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=500)
    status = models.CharField(max_length=16, default="draft")  # draft | interim | final
    tlp = models.CharField(max_length=8, default="WHITE")  # CSAF 2.0: WHITE | GREEN | AMBER | RED
    content = models.JSONField(default=dict)  # notes, remediations, references, acknowledgments
    findings = models.ManyToManyField(Finding, related_name="security_advisories", blank=True)
    vulnerability_ids = models.JSONField(default=list)  # what the findings were about
    created_by = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()


class AdvisoryRevision(models.Model):
    """One published version of an advisory: the CSAF document exactly as published."""

    advisory = models.ForeignKey(
        SecurityAdvisory, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.CharField(max_length=32)  # semantic version, e.g. 1.0.0
    status = models.CharField(max_length=16)
    summary = models.CharField(max_length=500)
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    published_by = models.CharField(max_length=200)
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["published_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["advisory", "version"], name="advisory_revision_unique")
        ]


class CsafSettings(models.Model):
    """The CSAF publisher and the provider directory (a single row)."""

    publisher_name = models.CharField(max_length=300, blank=True)
    publisher_namespace = models.CharField(max_length=500, blank=True)  # https://psirt.example.com
    publisher_category = models.CharField(max_length=32, default="vendor")
    contact_details = models.CharField(max_length=500, blank=True)
    tracking_prefix = models.CharField(max_length=40, default="SA")
    # The signing key itself is a file in the data directory (mode 0600), never in the database.
    openpgp_fingerprint = models.CharField(max_length=64, blank=True)
    updated_by = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
