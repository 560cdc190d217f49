"""Per-vulnerability enrichment: CVE records and the resolved severity (store layer).

Stored on the advisory side, keyed by vulnerability id, and joined to findings when they are
read: an enrichment update (new CVE records, a re-rated advisory) changes no finding row and
needs no rescan.
"""

from __future__ import annotations

from django.db import models

from rempart.store.models.vulnerability import AdvisorySource


class CveRecord(models.Model):
    """What Rempart keeps of one CVE record (CVE JSON 5): metrics, CWE, SSVC, KEV marker."""

    source = models.ForeignKey(AdvisorySource, on_delete=models.CASCADE, related_name="cves")
    cve_id = models.CharField(max_length=32, unique=True)
    state = models.CharField(max_length=16, blank=True)
    date_updated = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    ratings = models.JSONField(default=list)  # [{tier, record, type, vector, score, label}]
    weaknesses = models.JSONField(default=list)  # [{cwe_id, name, record, source}]
    exploitation = models.CharField(max_length=8, blank=True)  # SSVC: none | poc | active
    automatable = models.CharField(max_length=8, blank=True)
    technical_impact = models.CharField(max_length=16, blank=True)
    ssvc_timestamp = models.DateTimeField(null=True, blank=True)
    kev_date_added = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [models.Index(fields=["exploitation"])]


class VulnerabilityEnrichment(models.Model):
    """The resolved severity and exploitation facts of one vulnerability id (an OSV id)."""

    vulnerability_id = models.CharField(max_length=200, unique=True)
    severity = models.CharField(max_length=16)  # critical | high | medium | low | none | unknown
    severity_rank = models.PositiveSmallIntegerField()  # 0 critical, 1 unknown, 2 high, …
    score = models.FloatField(null=True, blank=True)
    vector = models.CharField(max_length=300, blank=True)
    severity_source = models.CharField(max_length=300, blank=True)  # "GHSA-… (alias record, …)"
    candidates = models.JSONField(default=list)  # every rating seen, with its origin
    weaknesses = models.JSONField(default=list)
    exploitation = models.CharField(max_length=8, blank=True)  # SSVC Exploitation
    exploitation_source = models.CharField(max_length=32, blank=True)  # the CVE id
    cve_ids = models.JSONField(default=list)
    title = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["exploitation"])]
