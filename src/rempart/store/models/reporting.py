"""Art. 14 reporting: cases, their report stages, CSIRT requests, and the routing settings."""

from __future__ import annotations

from django.db import models

from rempart.store.models.disclosure import VulnerabilityReport
from rempart.store.models.organization import Organization
from rempart.store.models.product import Product, Release
from rempart.store.models.vulnerability import Finding


class ReportingSettings(models.Model):
    """Where notifications go (Art. 14(7)): entered by the organization, never guessed."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="reporting_settings"
    )
    csirt_name = models.CharField(max_length=200, blank=True)
    csirt_endpoint = models.CharField(max_length=500, blank=True)
    # "" when the manufacturer has no main establishment in the Union; otherwise which
    # ART14-7-ORDER criterion locates it (decisions / most employees).
    main_establishment_basis = models.CharField(max_length=64, blank=True)
    main_establishment_country = models.CharField(max_length=2, blank=True)
    authorised_representative_country = models.CharField(max_length=2, blank=True)
    importer_country = models.CharField(max_length=2, blank=True)
    distributor_country = models.CharField(max_length=2, blank=True)
    most_users_country = models.CharField(max_length=2, blank=True)
    # Member States where the products are made available, proposed for new cases.
    default_member_states = models.JSONField(default=list)
    updated_at = models.DateTimeField()


class ReportingCase(models.Model):
    class Kind(models.TextChoices):
        VULNERABILITY = "vulnerability", "Actively exploited vulnerability"
        INCIDENT = "incident", "Severe incident"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    vulnerability_id = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(default=list)
    severity = models.CharField(max_length=16, blank=True)
    fixed_versions = models.JSONField(default=list)
    known_exploited = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=16
    )  # kev-finding | ssvc-finding | finding | manual | cvd-report
    source_ref = models.CharField(max_length=200, blank=True)
    # When Rempart saw the signal, and when the manufacturer became aware (a person says so).
    detected_at = models.DateTimeField()
    aware_at = models.DateTimeField(null=True, blank=True)
    aware_reason = models.TextField(blank=True)
    confirmed_by = models.CharField(max_length=200, blank=True)
    dismissed_reason = models.TextField(blank=True)
    measure_available_at = models.DateTimeField(null=True, blank=True)
    measure_description = models.TextField(blank=True)
    member_states = models.JSONField(default=list)
    products = models.ManyToManyField(Product, related_name="reporting_cases")
    releases = models.ManyToManyField(Release, related_name="reporting_cases", blank=True)
    # The findings that are the detection signal or that the case covers (linked by a person,
    # or the finding a case was opened from).
    findings = models.ManyToManyField(Finding, related_name="reporting_cases", blank=True)
    # Vulnerability reports (CVD) the case covers, beyond the one it may have been opened from.
    vulnerability_reports = models.ManyToManyField(
        VulnerabilityReport, related_name="reporting_cases", blank=True
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One proposal per KEV-listed vulnerability: re-running the proposal extends it.
            models.UniqueConstraint(
                fields=["vulnerability_id"],
                condition=models.Q(source="kev-finding"),
                name="reporting_case_one_per_kev_vulnerability",
            ),
            # Likewise one proposal per vulnerability CISA rates "Exploitation: active" (SSVC).
            models.UniqueConstraint(
                fields=["vulnerability_id"],
                condition=models.Q(source="ssvc-finding"),
                name="reporting_case_one_per_ssvc_vulnerability",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["vulnerability_id"])]


class CaseStage(models.Model):
    """One report of a case: the draft, and once submitted the frozen snapshot."""

    case = models.ForeignKey(ReportingCase, on_delete=models.CASCADE, related_name="stages")
    key = models.CharField(
        max_length=40
    )  # early-warning | notification | … | intermediate-report-2
    values = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.CharField(max_length=200, blank=True)
    platform_reference = models.CharField(max_length=200, blank=True)
    snapshot = models.JSONField(null=True, blank=True)  # the exported document as submitted
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="case_stage_unique")]


class CaseHistoryEntry(models.Model):
    """One line of a case's history as its readers see it: what changed, who, when, why.

    Written beside the audit event of the same change (the audit trail stays the tamper-evident
    record; this is the case's own readable account, shown to everyone who may read the case).
    """

    case = models.ForeignKey(ReportingCase, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=40)  # opened | links-changed | confirmed | ...
    summary = models.TextField()
    changes = models.JSONField(default=dict)  # {"releases": {"added": [...], "removed": [...]}}
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class CsirtRequest(models.Model):
    """A coordinator CSIRT's request for an intermediate report (Art. 14(6))."""

    case = models.ForeignKey(ReportingCase, on_delete=models.CASCADE, related_name="csirt_requests")
    number = models.PositiveIntegerField()
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="csirt_request_unique")
        ]


class ProductAvailability(models.Model):
    """Member States where a product is made available (Art. 14(2)(a), 14(4)(a))."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="availability")
    member_states = models.JSONField(default=list)
    updated_at = models.DateTimeField()
