"""Triage of findings: decisions, assignments, comments, history and imported VEX (store layer).

Each lives in its own table linked to the finding, never as columns of ``Finding``: the
scanner rewrites finding rows on every rescan (a set-based diff that keeps a row's identity),
and a decision must survive that untouched. ``vulnerability_id`` and ``component_key`` repeat
the identity a decision is about, for "apply to other releases" and for inheritance by a new
release of the same component.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rempart.store.models.product import Product, Release
from rempart.store.models.vulnerability import Finding


class VexDocument(models.Model):
    """A VEX document imported from a supplier: the provenance of the decisions it set."""

    format = models.CharField(max_length=16)  # openvex | cyclonedx | csaf
    document_id = models.CharField(max_length=500, blank=True)  # @id, serialNumber, tracking id
    author = models.CharField(max_length=500, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=500, blank=True)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL)
    release = models.ForeignKey(Release, null=True, blank=True, on_delete=models.SET_NULL)
    statements = models.JSONField(default=list)  # as read, in Rempart's vocabulary
    applied = models.PositiveIntegerField(default=0)
    imported_by = models.CharField(max_length=200)
    imported_at = models.DateTimeField()


class FindingDecision(models.Model):
    """The current triage decision on one finding (its history is in ``TriageEvent``)."""

    class Origin(models.TextChoices):
        MANUAL = "manual", "Decided here"
        APPLIED = "applied", "Applied from another finding"
        INHERITED = "inherited", "Inherited from an earlier release"
        VEX = "vex", "Imported VEX statement"

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="decision")
    vulnerability_id = models.CharField(max_length=200)
    component_key = models.CharField(max_length=2000)  # purl without qualifiers, or name@version
    state = models.CharField(max_length=16)
    justification = models.CharField(max_length=64, blank=True)
    impact_statement = models.TextField(blank=True)
    responses = models.JSONField(default=list)
    action_statement = models.TextField(blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    origin_detail = models.CharField(max_length=500, blank=True)
    origin_finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_vex = models.ForeignKey(VexDocument, null=True, blank=True, on_delete=models.SET_NULL)
    decided_by = models.CharField(max_length=200)
    decided_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["vulnerability_id", "component_key"]),
            models.Index(fields=["state"]),
        ]


class FindingAssignment(models.Model):
    """Who works on a finding, and a due date set by hand (else the policy's)."""

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="assignment")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    due_at = models.DateTimeField(null=True, blank=True)  # set by hand; else the policy's
    updated_by = models.CharField(max_length=200)
    updated_at = models.DateTimeField()


class FindingComment(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="comments")
    author = models.CharField(max_length=200)
    at = models.DateTimeField()
    text = models.TextField()

    class Meta:
        ordering = ["at", "pk"]


class TriageEvent(models.Model):
    """One change to a finding's triage (decision, assignment, comment): its full history."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="triage_events")
    at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    kind = models.CharField(max_length=16)  # decision | assignment | comment
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["finding", "at"])]
